package tcp.client.transport.conscrypt;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.conscrypt.Conscrypt;
import tcp.client.api.TlsConfig;
import tcp.client.api.spi.TlsContext;
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
    /**
     * The groups BoringSSL offers in Conscrypt 2.5.2, in its order. Conscrypt has no per-socket
     * setting for them (no {@code SSL_set1_groups} binding); a test pins this list.
     */
    static final List<String> FIXED_GROUPS = List.of("x25519", "secp256r1", "secp384r1");

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Provider provider;

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
        TlsConfig config = request.config();
        // BoringSSL would still offer TLS 1.3 with all its suites; a list without any TLS 1.3 suite
        // means no TLS 1.3, as on the JDK.
        boolean withoutTls13 = !config.cipherSuites().isEmpty()
                && config.cipherSuites().stream().noneMatch(ConscryptTransport::isTls13Suite);
        return new Context(context.getSupportedSSLParameters(), factory, !config.sessionTicketsDisabled(),
                withoutTls13);
    }

    private record Context(SSLParameters supportedParameters, SSLSocketFactory factory, boolean sessionTickets,
                           boolean withoutTls13) implements TlsContext {
        @Override
        public void check(TlsConfig config) {
            checkTls13Suites(config, supportedParameters);
            checkNamedGroups(config);
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
            if (withoutTls13) {
                Set<String> protocols = new LinkedHashSet<>(List.of(parameters.getProtocols()));
                protocols.remove("TLSv1.3");
                parameters.setProtocols(protocols.toArray(new String[0]));
            }
        }

        /** {@link #check} lets through only the groups Conscrypt offers anyway. */
        @Override
        public boolean appliesNamedGroups() {
            return true;
        }

        /** {@code Conscrypt.setUseSessionTickets} applies to one socket, whatever the versions. */
        @Override
        public boolean appliesSessionTicketsDisabled() {
            return true;
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
     * BoringSSL enables every TLS 1.3 suite it has, whatever {@code setEnabledCipherSuites} says,
     * so a list naming only some of them cannot be honoured.
     */
    private static void checkTls13Suites(TlsConfig config, SSLParameters supported) {
        if (!config.protocolNames().contains("TLSv1.3")) {
            return;
        }
        Set<String> named = new TreeSet<>();
        for (String s : config.cipherSuites()) {
            if (isTls13Suite(s)) {
                named.add(s);
            }
        }
        if (named.isEmpty()) {
            return;
        }
        Set<String> always = new TreeSet<>();
        for (String s : supported.getCipherSuites()) {
            // Signalling values such as TLS_FALLBACK_SCSV name no key exchange either.
            if (isTls13Suite(s) && !s.endsWith("_SCSV")) {
                always.add(s);
            }
        }
        if (!named.equals(always)) {
            throw new IllegalArgumentException("transport " + ConscryptTransportProvider.NAME
                    + " cannot restrict the TLS 1.3 cipher suites: Conscrypt always enables " + always
                    + ", but cipherSuites names only " + named + "; name all of them, none (TLS 1.3 is then"
                    + " left out), set versionMax(TLS_1_2), or use transport jdk or bc");
        }
    }

    private static void checkNamedGroups(TlsConfig config) {
        if (config.namedGroups().isEmpty()) {
            return;
        }
        List<String> asked = new ArrayList<>();
        for (String g : config.namedGroups()) {
            asked.add(g.toLowerCase(Locale.ROOT));
        }
        if (!asked.equals(FIXED_GROUPS)) {
            throw new IllegalArgumentException("transport " + ConscryptTransportProvider.NAME
                    + " cannot choose named groups for one client: Conscrypt always offers " + FIXED_GROUPS
                    + " in that order, so namedGroups " + config.namedGroups() + " must be empty or exactly"
                    + " that list; use transport bc, or jdk on Java 20 and later");
        }
    }

    /** Whether a suite is one of TLS 1.3's, which name no key exchange. */
    private static boolean isTls13Suite(String suite) {
        return !suite.contains("_WITH_");
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
