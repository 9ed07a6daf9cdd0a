package tcp.client.transport.conscrypt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.conscrypt.Conscrypt;
import tcp.client.api.spi.TlsContext;
import tcp.client.api.spi.TlsContext.PerConnection;
import tcp.client.api.spi.TlsContextRequest;
import tcp.client.api.spi.Transport;

/**
 * TLS through Conscrypt: its contexts, and what Conscrypt does its own way.
 *
 * <p>Socket mode: Conscrypt's engine socket, layered over the core's {@code SocketChannel}
 * adaptor. Its file-descriptor socket would need the channel's descriptor, which Conscrypt reads
 * by reflection into {@code sun.nio.ch} and so only gets with
 * {@code --add-opens java.base/sun.nio.ch}; without it Conscrypt silently falls back to the engine
 * socket anyway. It also blocks in native code, where neither an interrupt nor a virtual thread
 * scheduler can reach it. The engine socket keeps every read and write on the interruptible
 * channel.
 *
 * <p>Thread-safe.
 */
final class ConscryptTransport implements Transport {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Provider provider;

    /** What the provider supports, read once from a probe socket that is closed again. */
    private static final class Supported {
        private static volatile SSLParameters value;

        static SSLParameters of(SSLSocketFactory factory) {
            SSLParameters v = value;
            if (v == null) {
                try (SSLSocket probe = (SSLSocket) factory.createSocket()) {
                    v = new SSLParameters(probe.getSupportedCipherSuites(), probe.getSupportedProtocols());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create a Conscrypt socket to read what it supports", e);
                }
                value = v;
            }
            return v;
        }
    }

    ConscryptTransport(Provider provider) {
        this.provider = provider;
    }

    /**
     * A context over Conscrypt's engine socket. Its key managers choose the client's key without
     * the session, whose peer signature algorithms Conscrypt 2.5.2 misreports.
     */
    @Override
    public TlsContext newContext(TlsContextRequest request) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS", provider);
        context.init(request.sessionIndependentKeyManagers(KeyManagerFactory.getInstance("PKIX")),
                request.trustManagers(), null);
        SSLSocketFactory factory = context.getSocketFactory();
        // Per factory, not JVM-wide: immune to Conscrypt.setUseEngineSocketByDefault(false)
        // elsewhere in the process and to the org.conscrypt.useEngineSocketByDefault property.
        Conscrypt.setUseEngineSocket(factory, true);
        return new Context(context, factory, !request.config().sessionTicketsDisabled(), new AtomicReference<>());
    }

    /**
     * What BoringSSL does its own way shows in its ClientHello, which the core compares with the
     * configuration: it enables every TLS 1.3 suite it has whatever {@code setEnabledCipherSuites}
     * says, and always offers its own three named groups in its own order (Conscrypt 2.5.2 has no
     * binding of {@code SSL_set1_groups}).
     */
    private record Context(SSLContext context, SSLSocketFactory factory, boolean sessionTickets,
                           AtomicReference<String> lastLabel) implements TlsContext {
        /**
         * The same for every context of the provider. Not {@code getSupportedSSLParameters()},
         * whose default implementation creates a socket it never closes: on Conscrypt, native
         * state and two pipe descriptors per call until a garbage collection.
         */
        @Override
        public SSLParameters supportedParameters() {
            SSLParameters all = Supported.of(factory);
            return new SSLParameters(all.getCipherSuites(), all.getProtocols());
        }

        @Override
        public Optional<SSLEngine> newEngine() {
            return Optional.of(context.createSSLEngine());
        }

        /**
         * Layers Conscrypt's engine socket with a host name that makes Conscrypt send the same SNI
         * as the other transports where it can.
         */
        @Override
        public SSLSocket layer(Socket connected, String host, int port) throws IOException {
            return (SSLSocket) factory.createSocket(connected, conscryptHostname(host), port, true);
        }

        @Override
        public void configure(SSLSocket socket, SSLParameters parameters) {
            String hostname = Conscrypt.getHostname(socket);
            if (hostname != null && hostname.endsWith(".")) {
                // A name given to setServerNames would replace the host name that verification reads.
                parameters.setServerNames(List.of());
            }
            // Conscrypt leaves the session_ticket extension out by default; the other transports
            // and Go send it unless told not to.
            Conscrypt.setUseSessionTickets(socket, sessionTickets);
            String label = parameters.getEndpointIdentificationAlgorithm();
            String before = lastLabel.getAndSet(label);
            if (!sessionTickets || before != null && !before.equals(label)) {
                forgetSessions();
            }
        }

        /**
         * Conscrypt offers the TLS 1.3 PSK of any cached session regardless of tickets and of the
         * endpoint identification label by which the core keeps sessions apart, so this context
         * (the configuration's own) empties its session cache itself: before each handshake of a
         * configuration with session tickets disabled (which resumes nothing), and when the label
         * changes (a reloaded key pair: no session outlives a reload). Conscrypt's cached sessions refuse
         * {@code invalidate()}; shrinking the cache to nothing trims it, and a size of 0 is
         * Conscrypt's "no limit" again afterwards.
         */
        private void forgetSessions() {
            SSLSessionContext cache = context.getClientSessionContext();
            synchronized (cache) {
                cache.setSessionCacheSize(1);
                cache.setSessionCacheSize(0);
            }
        }

        /**
         * {@code Conscrypt.setUseSessionTickets} applies to one socket whatever the versions; the
         * core's check of the ClientHello lets through only the groups Conscrypt offers anyway.
         */
        @Override
        public Set<PerConnection> appliesPerConnection() {
            return EnumSet.allOf(PerConnection.class);
        }

        /**
         * Sends close_notify through Conscrypt's engine: its own {@code shutdownOutput()} on a
         * layered socket shuts TCP down without one, which the peer sees as a truncated stream.
         */
        @Override
        public void shutdownOutput(SSLSocket socket, Socket connected) throws IOException {
            CloseNotify.send(socket, connected);
        }

        @Override
        public void closed(SSLSocket socket) {
            NativeRelease.free(socket);
        }
    }

    /**
     * The host name to create Conscrypt's socket with. Conscrypt uses one name both as SNI and as
     * the peer host that verification checks. It sends any name with a dot as SNI, without the LDH
     * check of {@link SNIHostName} (and its {@code getSSLParameters()} then throws
     * {@code IllegalArgumentException} for names like {@code a_b.example}). Where the other
     * transports send no SNI for such a name, or an IDNA form Conscrypt cannot send, one trailing
     * dot makes Conscrypt send none while verification, which ignores one trailing dot, checks the
     * same name.
     */
    static String conscryptHostname(String peerName) {
        if (peerName.indexOf(':') >= 0 || peerName.endsWith(".") || IPV4.matcher(peerName).matches()
                || isPlainSniName(peerName)) {
            // IP literals get no SNI from Conscrypt and must keep their exact form for verification.
            return peerName;
        }
        return peerName + ".";
    }

    private static boolean isPlainSniName(String name) {
        try {
            return new SNIHostName(name).getAsciiName().equalsIgnoreCase(name);
        } catch (IllegalArgumentException notAnSniName) {
            return false;
        }
    }
}
