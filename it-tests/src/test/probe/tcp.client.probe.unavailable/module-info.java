/** A transport provider of the conformance suite that is never available (CS-156). */
module tcp.client.probe.unavailable {
    requires tcp.client.api;

    provides tcp.client.api.spi.TransportProvider
            with tcp.client.probe.unavailable.UnavailableTransportProvider;
}
