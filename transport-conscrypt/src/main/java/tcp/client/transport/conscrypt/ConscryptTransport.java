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
import javax.net.ssl.TrustManagerFactory;
import org.conscrypt.Conscrypt;
import tcp.client.api.TlsConfig;
import tcp.client.api.spi.ConnectRequest;
import tcp.client.api.spi.Connection;
import tcp.client.api.spi.JsseTransport;
import tcp.client.api.spi.TransportOptions;

/**
 * The connections of one client through Conscrypt: the base's dialing, verification, SNI, ALPN,
 * versions and suites, plus what Conscrypt does its own way.
 *
 * <p>Socket mode: Conscrypt's engine socket, layered over the base's {@code SocketChannel}
 * adaptor. Its file-descriptor socket would need the channel's descriptor, which Conscrypt reads
 * by reflection into {@code sun.nio.ch} and so only gets with
 * {@code --add-opens java.base/sun.nio.ch}; without it Conscrypt silently falls back to the engine
 * socket anyway. It also blocks in native code, where neither an interrupt nor a virtual thread
 * scheduler can reach it. The engine socket keeps every read and write on the interruptible
 * channel.
 *
 * <p>Thread-safe.
 */
final class ConscryptTransport extends JsseTransport {
    /**
     * The groups BoringSSL offers in Conscrypt 2.5.2, in its order. Conscrypt has no per-socket
     * setting for them (no {@code SSL_set1_groups} binding); a test pins this list.
     */
    static final List<String> FIXED_GROUPS = List.of("x25519", "secp256r1", "secp384r1");

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** The socket {@link #layer} created on this thread, for {@link #open} to pick up. */
    private static final ThreadLocal<Layered> LAYERED = new ThreadLocal<>();

    private final Provider provider;

    ConscryptTransport(TransportOptions options, Provider provider) {
        super(ConscryptTransportProvider.NAME, options);
        this.provider = provider;
    }

    @Override
    protected SSLContext newSslContext() throws GeneralSecurityException {
        return SSLContext.getInstance("TLS", provider);
    }

    /** The JDK's PKIX validation, as on every transport, fed the JDK's name for TLS 1.3. */
    @Override
    protected TrustManagerFactory trustManagerFactory() throws GeneralSecurityException {
        return PkixTrustForBoringSsl.newFactory();
    }

    /** The JDK's PKIX key manager, as on every transport, blind to Conscrypt's session. */
    @Override
    protected KeyManagerFactory keyManagerFactory() throws GeneralSecurityException {
        return PkixKeysForConscrypt.newFactory();
    }

    /** Named groups are judged in {@link #checkProviderSettings}, with Conscrypt's own reason. */
    @Override
    protected boolean supportsNamedGroups() {
        return true;
    }

    /** {@code Conscrypt.setUseSessionTickets} applies to one socket, whatever the versions. */
    @Override
    protected boolean supportsSessionTicketsDisabled(TlsConfig config) {
        return true;
    }

    /**
     * False: Conscrypt's {@code shutdownOutput()} on a layered socket shuts TCP down without a
     * close_notify, which the peer sees as a truncated stream. {@link ConscryptConnection} sends
     * close_notify itself where it can.
     */
    @Override
    protected boolean supportsTlsHalfClose() {
        return false;
    }

    @Override
    protected void checkProviderSettings(TlsConfig config, SSLContext context) {
        checkTls13Suites(config, context);
        checkNamedGroups(config);
    }

    /**
     * BoringSSL enables every TLS 1.3 suite it has, whatever {@code setEnabledCipherSuites} says,
     * so a list naming only some of them cannot be honoured.
     */
    private static void checkTls13Suites(TlsConfig config, SSLContext context) {
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
        for (String s : context.getSupportedSSLParameters().getCipherSuites()) {
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

    /**
     * Layers Conscrypt's engine socket over the channel's socket, with a host name that makes
     * Conscrypt send the same SNI as the other transports where it can.
     */
    @Override
    protected SSLSocket layer(SSLSocketFactory factory, Socket raw, String peerName, int port) throws IOException {
        // Per factory, not JVM-wide: immune to Conscrypt.setUseEngineSocketByDefault(false)
        // elsewhere in the process and to the org.conscrypt.useEngineSocketByDefault property.
        Conscrypt.setUseEngineSocket(factory, true);
        SSLSocket socket = (SSLSocket) factory.createSocket(raw, conscryptHostname(peerName), port, true);
        LAYERED.set(new Layered(socket, raw));
        return socket;
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

    @Override
    protected void configure(SSLSocket socket, SSLParameters parameters, TlsConfig config) throws IOException {
        // Not super.configure: SSLParameters.setNamedGroups (Java 20+) is ignored by Conscrypt
        // 2.5.2, and checkNamedGroups only lets through what Conscrypt offers anyway.
        String hostname = Conscrypt.getHostname(socket);
        if (hostname != null && hostname.endsWith(".")) {
            // A name given to setServerNames would replace the host name that verification reads.
            parameters.setServerNames(List.of());
        }
        // Conscrypt leaves the session_ticket extension out by default; the other transports and
        // Go send it unless told not to.
        Conscrypt.setUseSessionTickets(socket, !config.sessionTicketsDisabled());
        if (!config.cipherSuites().isEmpty() && config.cipherSuites().stream().noneMatch(JsseTransport::isTls13Suite)) {
            // BoringSSL would still offer TLS 1.3 with all its suites; a list without any TLS 1.3
            // suite means no TLS 1.3, as on the JDK.
            Set<String> protocols = new LinkedHashSet<>(List.of(parameters.getProtocols()));
            protocols.remove("TLSv1.3");
            parameters.setProtocols(protocols.toArray(new String[0]));
        }
    }

    @Override
    public Connection open(ConnectRequest request) throws IOException {
        try {
            Connection connection = super.open(request);
            Layered layered = LAYERED.get();
            return layered == null ? connection : new ConscryptConnection(connection, layered.socket(), layered.raw());
        } finally {
            LAYERED.remove();
        }
    }

    private record Layered(SSLSocket socket, Socket raw) {
    }
}
