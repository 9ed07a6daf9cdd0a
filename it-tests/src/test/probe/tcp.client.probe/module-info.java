/** A probe application of the conformance suite: it needs the API and nothing else. */
module tcp.client.probe {
    requires tcp.client.api;
}
