/**
 * A fourth transport, written against {@code tcp.client.api.spi} alone, as a provider from
 * elsewhere would be: SunJSSE wired as its own provider, under the name {@code jsse-sample}. The
 * conformance suite runs every scenario against it as well.
 */
module tcp.client.sample {
    requires tcp.client.api;

    provides tcp.client.api.spi.TransportProvider with tcp.client.sample.SampleTransportProvider;
}
