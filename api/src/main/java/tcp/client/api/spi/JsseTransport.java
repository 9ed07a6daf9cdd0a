package tcp.client.api.spi;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import tcp.client.api.TlsConfig;
import tcp.client.api.TlsSessionInfo;
import tcp.client.api.internal.KeyMaterial;
import tcp.client.api.internal.PlainConnection;
import tcp.client.api.internal.SocketDialer;
import tcp.client.api.internal.SslConnection;

/**
 * A {@link Transport} built on a JSSE {@link SSLContext}: plain TCP through a blocking
 * {@code SocketChannel}, TLS through an {@link SSLSocket} layered over it.
 *
 * <p>This base does what every JSSE provider needs done the same way: dialing every resolved
 * address within the budget, socket options, the handshake's timeout and cancellation, the
 * server's verification ({@code tcp.client.api.internal.VerifyingTrustManager}: PKIX validation,
 * then the same certificate policy and host name rules on every provider), SNI for names but not
 * IP literals, ALPN, versions and suites. A provider supplies {@link #newSslContext()} and
 * overrides the hooks where its library differs: named groups and session tickets, which
 * {@code SSLParameters} cannot carry on Java 17; how a socket is layered.
 *
 * <p>Prepared TLS contexts are cached per {@link TlsConfig} instance and shared by every client
 * that uses the same instance. Thread-safe.
 */
public abstract class JsseTransport implements Transport {
    /** Forward-secret AEAD suites, in order of preference: the defaults on every provider. */
    private static final List<String> SECURE_DEFAULT_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** {@code SSLParameters.setNamedGroups(String[])}, present from Java 20. */
    private static final MethodHandle SET_NAMED_GROUPS = findSetNamedGroups();

    private static final Map<TlsConfig, Map<Object, Prepared>> CONTEXTS =
            Collections.synchronizedMap(new WeakHashMap<>());

    private final String name;
    private final TransportOptions options;

    /**
     * @param name the provider's name, used in messages
     * @param options the client's socket settings
     */
    protected JsseTransport(String name, TransportOptions options) {
        this.name = name;
        this.options = options;
    }

    /** The provider's name. */
    public final String name() {
        return name;
    }

    /** The client's socket settings. */
    protected final TransportOptions options() {
        return options;
    }

    /**
     * Creates an uninitialised {@code SSLContext} of this provider, from a provider object of its
     * own ({@code SSLContext.getInstance("TLS", provider)}); never install a provider JVM-wide.
     */
    protected abstract SSLContext newSslContext() throws GeneralSecurityException;

    /**
     * The factory that validates certificate paths; the JDK's PKIX by default, so every
     * provider trusts exactly the same chains.
     */
    protected TrustManagerFactory trustManagerFactory() throws GeneralSecurityException {
        return TrustManagerFactory.getInstance("PKIX");
    }

    /** The factory for the client's key pair; the JDK's PKIX key manager by default. */
    protected KeyManagerFactory keyManagerFactory() throws GeneralSecurityException {
        return KeyManagerFactory.getInstance("PKIX");
    }

    /** The random source handed to {@code SSLContext.init}; null lets the provider choose. */
    protected SecureRandom secureRandom() {
        return null;
    }

    /**
     * Distinguishes prepared contexts of differently configured instances of one provider; by
     * default the class.
     */
    protected Object contextKey() {
        return getClass();
    }

    /**
     * Whether this provider can apply a list of named groups to one socket. By default: when
     * {@code SSLParameters.setNamedGroups} exists (Java 20 and later).
     */
    protected boolean supportsNamedGroups() {
        return SET_NAMED_GROUPS != null;
    }

    /**
     * Whether this provider can leave out the session_ticket extension for one socket with this
     * configuration. By default only when TLS 1.2, the only version with that extension, is not
     * offered.
     */
    protected boolean supportsSessionTicketsDisabled(TlsConfig config) {
        return !config.protocolNames().contains("TLSv1.2");
    }

    /**
     * Whether {@code SSLSocket.shutdownOutput()} sends close_notify and leaves reads working.
     */
    protected boolean supportsTlsHalfClose() {
        return true;
    }

    /**
     * Refuses settings that only this provider cannot apply, beyond the checks of this base.
     *
     * @throws IllegalArgumentException naming the provider and the setting
     */
    protected void checkProviderSettings(TlsConfig config, SSLContext context) {
    }

    /**
     * Applies settings that {@code SSLParameters} cannot carry. Called before
     * {@code socket.setSSLParameters(parameters)}; by default sets named groups through
     * {@code SSLParameters.setNamedGroups} where the JDK has it.
     */
    protected void configure(SSLSocket socket, SSLParameters parameters, TlsConfig config) throws IOException {
        if (!config.namedGroups().isEmpty() && SET_NAMED_GROUPS != null) {
            try {
                SET_NAMED_GROUPS.invoke(parameters, (Object) config.namedGroups().toArray(new String[0]));
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IOException("cannot set named groups", e);
            }
        }
    }

    /**
     * Layers TLS over a connected socket; by default {@code factory.createSocket(raw, peerName,
     * port, true)}.
     */
    protected SSLSocket layer(SSLSocketFactory factory, Socket raw, String peerName, int port) throws IOException {
        return (SSLSocket) factory.createSocket(raw, peerName, port, true);
    }

    @Override
    public final void checkTls(TlsConfig config) {
        prepared(config);
    }

    @Override
    public Connection open(ConnectRequest request) throws IOException {
        Optional<TlsConfig> tls = request.tls();
        Prepared prepared = tls.isPresent() ? prepared(tls.get()) : null;
        SocketChannel channel = SocketDialer.dial(request, options);
        try {
            Connection connection = prepared == null
                    ? plain(channel)
                    : handshake(channel, request, prepared);
            request.release(channel);
            return connection;
        } catch (IOException | RuntimeException | Error e) {
            request.release(channel);
            SocketDialer.closeQuietly(channel);
            throw e;
        }
    }

    private Connection plain(SocketChannel channel) throws IOException {
        channel.socket().setSoTimeout(SocketDialer.soTimeout(options.readTimeout()));
        return new PlainConnection(channel);
    }

    private Connection handshake(SocketChannel channel, ConnectRequest request, Prepared prepared) throws IOException {
        String peer = request.peerName();
        if (peer.isEmpty()) {
            throw new SSLHandshakeException("no server name to verify the certificate against: the address "
                    + request.target() + " has no host and no server name was given");
        }
        SSLSocket socket = layer(prepared.context.getSocketFactory(), channel.socket(), peer, request.port());
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(prepared.protocols);
        parameters.setCipherSuites(prepared.suites);
        parameters.setEndpointIdentificationAlgorithm(null);
        parameters.setServerNames(serverNames(request));
        TlsConfig config = request.tls().orElseThrow();
        if (!config.applicationProtocols().isEmpty()) {
            parameters.setApplicationProtocols(config.applicationProtocols().toArray(new String[0]));
        }
        configure(socket, parameters, config);
        socket.setSSLParameters(parameters);

        Duration limit = options.handshakeTimeout();
        Duration left = request.remaining();
        if (left.compareTo(limit) < 0) {
            limit = left;
        }
        int limitMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, limit.toMillis()));
        socket.setSoTimeout(limitMillis);
        try {
            socket.startHandshake();
        } catch (IOException e) {
            if (hasTimeoutCause(e)) {
                SocketTimeoutException timeout = new SocketTimeoutException(
                        "TLS handshake timed out after " + limitMillis + " ms");
                timeout.initCause(e);
                throw timeout;
            }
            if (!(e instanceof SSLException)) {
                // Providers differ here (Bouncy Castle reports a peer's alert as a plain IOException):
                // a failed handshake is an SSLException on every transport.
                SSLHandshakeException failed = new SSLHandshakeException(
                        "TLS handshake with " + request.target() + " failed: " + e);
                failed.initCause(e);
                throw failed;
            }
            throw e;
        }
        socket.setSoTimeout(SocketDialer.soTimeout(options.readTimeout()));
        return new SslConnection(name, socket, channel, sessionInfo(socket), supportsTlsHalfClose());
    }

    private static List<SNIServerName> serverNames(ConnectRequest request) {
        Optional<String> sni = request.sniHostName();
        if (sni.isEmpty()) {
            return List.of();
        }
        try {
            return List.of(new SNIHostName(sni.get()));
        } catch (IllegalArgumentException notAnSniName) {
            // Names such as "under_score" are valid hosts but no valid SNI: send none, as Go does.
            return List.of();
        }
    }

    private static boolean hasTimeoutCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static TlsSessionInfo sessionInfo(SSLSocket socket) throws IOException {
        SSLSession session = socket.getSession();
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate c : session.getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    chain.add(x);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            throw new SSLHandshakeException("handshake ended without a verified server certificate");
        }
        String alpn = socket.getApplicationProtocol();
        return new TlsSessionInfo(session.getProtocol(), session.getCipherSuite(), chain,
                alpn == null || alpn.isEmpty() ? Optional.empty() : Optional.of(alpn));
    }

    private Prepared prepared(TlsConfig config) {
        Object key = contextKey();
        Map<Object, Prepared> perProvider;
        synchronized (CONTEXTS) {
            perProvider = CONTEXTS.computeIfAbsent(config, c -> Collections.synchronizedMap(new HashMap<>()));
        }
        Prepared p = perProvider.get(key);
        if (p == null) {
            p = prepare(config);
            perProvider.putIfAbsent(key, p);
        }
        return p;
    }

    private Prepared prepare(TlsConfig config) {
        if (!config.namedGroups().isEmpty() && !supportsNamedGroups()) {
            throw new IllegalArgumentException("transport " + name + " cannot set named groups for one client"
                    + " on Java " + Runtime.version().feature() + " (only JVM-wide); leave namedGroups empty"
                    + " or use another transport");
        }
        if (config.sessionTicketsDisabled() && !supportsSessionTicketsDisabled(config)) {
            throw new IllegalArgumentException("transport " + name + " cannot disable session tickets for one client"
                    + " when TLS 1.2 is offered (only JVM-wide); set versionMin(TLS_1_3) or use another transport");
        }
        SSLContext context;
        try {
            context = newSslContext();
            context.init(KeyMaterial.keyManagers(config, keyManagerFactory()),
                    KeyMaterial.trustManagers(config, trustManagerFactory()), secureRandom());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("transport " + name + " cannot use this TLS configuration: "
                    + e.getMessage(), e);
        }
        Set<String> supported = Set.of(context.getSupportedSSLParameters().getCipherSuites());
        Set<String> supportedProtocols = Set.of(context.getSupportedSSLParameters().getProtocols());
        for (String p : config.protocolNames()) {
            if (!supportedProtocols.contains(p)) {
                throw new IllegalArgumentException("transport " + name + " does not support protocol " + p);
            }
        }
        List<String> suites;
        if (config.cipherSuites().isEmpty()) {
            suites = new ArrayList<>();
            for (String s : SECURE_DEFAULT_SUITES) {
                if (supported.contains(s)) {
                    suites.add(s);
                }
            }
        } else {
            suites = config.cipherSuites();
            for (String s : suites) {
                if (!supported.contains(s)) {
                    throw new IllegalArgumentException("transport " + name + " does not support cipher suite " + s);
                }
            }
        }
        List<String> protocols = protocolsWithSuites(config, suites);
        checkProviderSettings(config, context);
        return new Prepared(context, protocols.toArray(new String[0]),
                new LinkedHashSet<>(suites).toArray(new String[0]));
    }

    /**
     * The configured versions that the suites can serve. A version without a suite is not
     * offered: a server that chose it could only fail the handshake (SunJSSE drops it by itself,
     * other providers do not).
     */
    private static List<String> protocolsWithSuites(TlsConfig config, List<String> suites) {
        boolean has13 = suites.stream().anyMatch(JsseTransport::isTls13Suite);
        boolean has12 = suites.stream().anyMatch(s -> !isTls13Suite(s));
        List<String> protocols = new ArrayList<>(2);
        for (String p : config.protocolNames()) {
            if (p.equals("TLSv1.3") ? has13 : has12) {
                protocols.add(p);
            }
        }
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("cipher suites " + suites + " fit none of the versions "
                    + config.protocolNames());
        }
        return List.copyOf(protocols);
    }

    /** Whether a suite is one of TLS 1.3's, which name no key exchange. */
    protected static boolean isTls13Suite(String suite) {
        return !suite.contains("_WITH_");
    }

    private static MethodHandle findSetNamedGroups() {
        try {
            return MethodHandles.publicLookup().findVirtual(SSLParameters.class, "setNamedGroups",
                    MethodType.methodType(void.class, String[].class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }

    /**
     * What a configuration prepared: never the configuration itself, which is the cache's weak key;
     * a value that referenced its key would keep every configuration ever used reachable.
     */
    private record Prepared(SSLContext context, String[] protocols, String[] suites) {
    }
}
