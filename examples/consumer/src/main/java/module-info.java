/** A consumer of the published SDK: the API alone, transports found on the module path. */
module example.consumer {
    requires tcp.client.api;
}
