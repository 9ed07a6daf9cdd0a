package tcp.client.api;

import java.io.IOException;
import java.io.InputStream;

/** Consumes the response of a {@link ClientTCP#once} exchange. */
@FunctionalInterface
public interface Response {
    /**
     * Reads the response.
     *
     * @param response the connection's input stream; closing it closes the connection
     * @throws IOException to fail the exchange; it is rethrown by {@code once}
     */
    void handle(InputStream response) throws IOException;
}
