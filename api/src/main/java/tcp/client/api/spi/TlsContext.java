package tcp.client.api.spi;

import java.io.IOException;
import java.net.Socket;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import tcp.client.api.TlsConfig;

/**
 * A provider's TLS context for one configuration, shared by every connection made with it.
 * Thread-safe.
 *
 * <p>For each connection the core calls, in order: {@link #layer}, {@link #configure},
 * {@code SSLSocket.setSSLParameters}, {@code startHandshake()}; then reads and writes through the
 * socket's streams, calls {@link #shutdownOutput} for a half-close, and {@link #closed} once the
 * connection is closed. A hook that throws fails that connection only.
 */
public interface TlsContext {
    /**
     * What this context can offer, as {@code SSLContext.getSupportedSSLParameters()} reports it: the
     * core refuses a configuration naming a version or suite missing here and picks the default
     * suites among these.
     */
    SSLParameters supportedParameters();

    /**
     * Refuses what this library cannot apply to one connection. Called once, after the core's own
     * checks passed: the configuration's versions and suites are then among
     * {@link #supportedParameters()}. By default refuses nothing.
     *
     * @throws IllegalArgumentException naming the transport and the setting it cannot apply
     */
    default void check(TlsConfig config) {
    }

    /**
     * A new client-mode engine of this context, with whatever the provider sets per connection
     * beyond {@code SSLParameters}, for the core to write the ClientHello a connection would send
     * and check, once per configuration, that it offers exactly the cipher suites and named groups
     * the configuration names. A library that silently leaves out a suite it cannot use here, or
     * always adds ones it cannot leave out, is then refused by {@code setTLS} with a message naming
     * the difference, instead of surprising at the handshake. Empty, the default, skips the check.
     */
    default Optional<SSLEngine> newEngine() {
        return Optional.empty();
    }

    /**
     * Layers TLS over a socket the core has connected, in client mode, without starting the
     * handshake; closing the returned socket closes {@code connected}.
     *
     * @param connected the TCP socket, connected, with the handshake's timeout set
     * @param host the name the server's certificate must match, to be reported back as the
     *     session's peer host; never empty
     * @param port the server's port
     */
    SSLSocket layer(Socket connected, String host, int port) throws IOException;

    /**
     * Applies what {@code SSLParameters} cannot carry, before the core applies {@code parameters}
     * to the socket. They already hold the versions, suites, server names (SNI), ALPN protocols and,
     * where the running Java has {@code SSLParameters.setNamedGroups}, the named groups; endpoint
     * identification is off because the core's trust managers check the host. The hook may change
     * {@code parameters}. By default it does nothing.
     */
    default void configure(SSLSocket socket, SSLParameters parameters) throws IOException {
    }

    /**
     * Settings that {@link #configure} applies to each connection itself, where the JDK's API can
     * only set them JVM-wide. For each one missing here, the core does what it can:
     * {@link PerConnection#NAMED_GROUPS} through {@code SSLParameters.setNamedGroups} (Java 20 and
     * later), refused on older Java; {@link PerConnection#SESSION_TICKETS_DISABLED} refused while
     * TLS 1.2, the version with the {@code session_ticket} extension, is offered. By default none.
     */
    default Set<PerConnection> appliesPerConnection() {
        return Set.of();
    }

    /** Settings a library may apply to one connection where the JDK's API cannot. */
    enum PerConnection {
        /** {@code TlsConfig.namedGroups}, in their order. */
        NAMED_GROUPS,
        /**
         * {@code TlsConfig.sessionTicketsDisabled}: no session_ticket extension. Resumption itself
         * is off for such a configuration on every transport (the core labels each connection
         * with an endpoint identification value of its own, which providers compare before
         * resuming; a transport whose provider does not must forget its sessions itself).
         */
        SESSION_TICKETS_DISABLED
    }

    /**
     * Sends close_notify and shuts the writing side down while reads go on.
     *
     * @param socket the handshaken socket
     * @param connected the TCP socket under it
     * @throws UnsupportedOperationException naming the transport, where its library cannot
     *     half-close TLS; by default the socket's own {@code shutdownOutput()} is used
     */
    default void shutdownOutput(SSLSocket socket, Socket connected) throws IOException {
        socket.shutdownOutput();
    }

    /**
     * Called once after a connection over {@code socket} was closed (close_notify sent where it
     * could be, the TCP socket closed), to release what the library still holds for it. Must not
     * throw. By default it does nothing.
     */
    default void closed(SSLSocket socket) {
    }
}
