package tcp.client.testkit;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A port on 127.0.0.1 that a test dials: a server, a probe, a black hole or a dead port.
 */
public interface LoopbackEndpoint {
    /**
     * The port number.
     *
     * @return the port
     */
    int port();

    /**
     * The address to dial, {@code "127.0.0.1:" + port()}.
     *
     * @return the address text
     */
    default String address() {
        return "127.0.0.1:" + port();
    }

    /**
     * The address as a socket address.
     *
     * @return 127.0.0.1 and {@link #port()}
     */
    default InetSocketAddress socketAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }
}
