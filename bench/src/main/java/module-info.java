/**
 * Benchmarks of the SDK against the raw platform APIs it wraps: {@code java.net.Socket} for plain
 * TCP, and each TLS provider's own {@code SSLSocket} used directly.
 *
 * <p>{@link tcp.client.bench.SideBySide} is the primary tool (run it with {@code bench/run});
 * {@code tcp.client.bench.PlainIoBenchmark} is a JMH benchmark of the plain hot paths, packaged in
 * {@code target/benchmarks.jar}. The transports are found as any application finds them, through
 * {@link java.util.ServiceLoader}; this module names none.
 */
module tcp.client.bench {
    requires tcp.client.api;
    requires tcp.client.framing;
    requires tcp.client.pool;
    requires tcp.client.testkit;
    requires java.logging;
    requires java.management;
    // The echo_latency_p50_jfr row records the SDK's events; virtual_thread_readers counts pinning.
    requires jdk.jfr;
    requires org.conscrypt;
    requires org.bouncycastle.tls;
    requires org.bouncycastle.provider;
    // Only the JMH benchmarks need JMH; they run from the class path (target/benchmarks.jar).
    requires static jmh.core;
}
