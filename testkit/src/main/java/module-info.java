/**
 * Local test peers and a run-time test PKI for testing TCP clients and their TLS transports.
 *
 * <p>Everything here binds to the loopback address and port 0, never installs a JVM-wide security
 * provider, and depends on nothing from the SDK's own modules, so that the transports' tests, the
 * conformance suite, the demo and the benchmarks can all share it.
 */
module tcp.client.testkit {
    requires java.management;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.util;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.tls;

    exports tcp.client.testkit;
}
