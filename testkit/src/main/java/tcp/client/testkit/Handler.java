package tcp.client.testkit;

import java.io.IOException;
import java.net.Socket;

/**
 * A custom server behaviour: code run by {@link TestServer} on each accepted connection.
 *
 * <p>For a TLS server the socket is an {@link javax.net.ssl.SSLSocket} whose handshake has completed.
 * The server closes the socket when the handler returns or throws; a thrown {@link IOException} is
 * recorded in {@link TestServer#events()}. Each connection runs on its own thread, so a handler is
 * called concurrently for concurrent connections.
 */
@FunctionalInterface
public interface Handler {

    /**
     * Serves one connection.
     *
     * @param socket the accepted socket; closed by the server afterwards
     * @throws IOException to report an I/O failure
     */
    void handle(Socket socket) throws IOException;
}
