/**
 * The conformance suite of tcp-client transports. Its scenarios (in the test sources) run against
 * every transport this module finds; {@link tcp.client.it.TransportsUnderTest} decides which.
 */
module tcp.client.it {
    requires tcp.client.api;
    requires tcp.client.transport.jdk;
    requires tcp.client.transport.conscrypt;
    requires tcp.client.transport.bc;

    exports tcp.client.it;

    // The suite locates each transport's jar, which needs the provider objects.
    uses tcp.client.api.spi.TransportProvider;
}
