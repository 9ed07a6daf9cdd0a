/**
 * Test peers ({@link tcp.client.testkit.TestServer}, {@link tcp.client.testkit.ClientHelloProbe},
 * {@link tcp.client.testkit.Blackhole}, {@link tcp.client.testkit.DeadPort}), a run-time test PKI
 * ({@link tcp.client.testkit.TestPki}, with {@link tcp.client.testkit.CertificateBuilder} for
 * one-off certificates with nothing implicit and {@link tcp.client.testkit.Keytool} for
 * certificates made by the JDK's {@code keytool}), resource counters
 * ({@link tcp.client.testkit.Fds}) and a bounded wait for a condition
 * ({@link tcp.client.testkit.Await}).
 *
 * <p>Null arguments throw {@link java.lang.NullPointerException} unless a method documents
 * otherwise; methods return empty collections or {@link java.util.Optional}, never null.
 *
 * <p>Every listener binds to 127.0.0.1 on an ephemeral port. Every {@link java.lang.AutoCloseable}
 * here closes its sockets and waits, bounded, for its threads to end. Threads are daemon platform
 * threads whose names start with {@code testkit-}. No class installs a JVM-wide security provider:
 * Bouncy Castle providers are private objects handed to the builders that need them.
 */
package tcp.client.testkit;
