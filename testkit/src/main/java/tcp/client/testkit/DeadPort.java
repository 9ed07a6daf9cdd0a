package tcp.client.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A loopback port that was bound and then released, so connects to it are refused (unless another
 * program happens to bind it meanwhile, which is unlikely within a test).
 *
 * <p>Immutable and thread-safe; holds no resources.
 */
public final class DeadPort implements LoopbackEndpoint {

    private final int port;

    private DeadPort(int port) {
        this.port = port;
    }

    /**
     * Binds 127.0.0.1 on an ephemeral port, remembers the port, and releases it.
     *
     * @return the dead port
     * @throws UncheckedIOException if no port can be bound
     */
    public static DeadPort reserve() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new DeadPort(socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind 127.0.0.1:0", e);
        }
    }

    /**
     * The port number.
     *
     * @return the port
     */
    @Override
    public int port() {
        return port;
    }

    @Override
    public String toString() {
        return "DeadPort[" + address() + "]";
    }
}
