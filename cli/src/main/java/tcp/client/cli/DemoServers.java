package tcp.client.cli;

import java.io.IOException;
import java.security.cert.X509Certificate;
import tcp.client.api.TlsConfig;
import tcp.client.testkit.Behaviour;
import tcp.client.testkit.Identity;
import tcp.client.testkit.TestPki;
import tcp.client.testkit.TestServer;
import tcp.client.testkit.TlsServerOptions;

/**
 * The demo's local peers: a plain and a TLS echo server on 127.0.0.1, the TLS one presenting a
 * certificate for {@code localhost} issued just now by a CA that exists only in this process.
 */
final class DemoServers implements AutoCloseable {
    /** The name the TLS server's certificate is issued for, and the clients verify. */
    static final String SERVER_NAME = "localhost";

    private final TestPki pki;
    private final Identity identity;
    private final TestServer plain;
    private final TestServer tls;

    private DemoServers(TestPki pki, Identity identity, TestServer plain, TestServer tls) {
        this.pki = pki;
        this.identity = identity;
        this.plain = plain;
        this.tls = tls;
    }

    static DemoServers start() throws IOException {
        TestPki pki = TestPki.create();
        Identity identity = pki.leaf(SERVER_NAME).dns(SERVER_NAME).ip("127.0.0.1").issue();
        TestServer plain = TestServer.plain(Behaviour.ECHO);
        try {
            TestServer tls = TestServer.tls(Behaviour.ECHO, TlsServerOptions.builder()
                    .identity(identity)
                    .clientTrust(pki.root())
                    .build());
            return new DemoServers(pki, identity, plain, tls);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    String plainAddress() {
        return plain.address();
    }

    String tlsAddress() {
        return tls.address();
    }

    /** The certificate the TLS server presents. */
    X509Certificate certificate() {
        return identity.certificate();
    }

    /** What a client needs to trust the server: the made-up CA, and only it. */
    TlsConfig clientTls() {
        return TlsConfig.builder().rootCa(pki.root()).build();
    }

    String caName() {
        return pki.root().getSubjectX500Principal().getName();
    }

    @Override
    public void close() {
        try {
            tls.close();
        } finally {
            plain.close();
        }
    }
}
