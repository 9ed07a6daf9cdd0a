package tcp.client.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import javax.net.ssl.SSLException;
import tcp.client.api.ClientTCP;
import tcp.client.api.ConnState;
import tcp.client.testkit.TestServer;

/**
 * What a TLS rejection looks like on every transport (CONFORMANCE.md section P): {@code connect}
 * throws an {@link SSLException} subtype, no NEW event is emitted, the client is not connected, and
 * the server sees its connection closed, so no socket is left open.
 */
final class TlsRejection {
    private TlsRejection() {
    }

    /**
     * Connects {@code client} to {@code server} and asserts the rejection; registers its own
     * {@link EventRecorder} on the client.
     *
     * @return the exception {@code connect} threw
     */
    static SSLException assertRejected(ClientTCP client, TestServer server) throws InterruptedException {
        EventRecorder rec = EventRecorder.on(client);
        int acceptedBefore = server.accepted();
        IOException thrown = assertThrows(IOException.class, () -> client.connect(Tck.CONNECT),
                "the handshake must be rejected");
        SSLException ssl = assertInstanceOf(SSLException.class, thrown,
                "a TLS rejection must be an SSLException, got " + thrown);
        assertFalse(client.isConnected(), "rejected client must not be connected");
        assertTrue(rec.awaitErrors(1, EventRecorder.EVENTUALLY), "error callback: " + rec.sequence());
        assertSame(thrown, rec.errors().get(0), "FuncError must carry the thrown instance");
        assertFalse(rec.states().contains(ConnState.NEW), "no NEW after a rejected handshake: " + rec.sequence());
        assertTrue(server.awaitAccepted(acceptedBefore + 1, EventRecorder.EVENTUALLY), "the server saw no connection");
        assertTrue(server.awaitOpenConnections(0, EventRecorder.EVENTUALLY),
                "the server still holds the rejected connection: " + server.openConnections() + " open");
        return ssl;
    }
}
