package tcp.client.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import tcp.client.api.ClientTCP;
import tcp.client.api.ReconnectPolicy;
import tcp.client.api.TlsConfig;
import tcp.client.api.TlsSessionInfo;

/**
 * The SDK side: {@link ClientTCP} with the stack's transport, all defaults (TCP_NODELAY on,
 * keep-alive after 5 minutes, no read timeout, the default callback executor, no reconnection)
 * unless a variant asks for callbacks or a reconnect policy.
 */
final class SdkSide implements Side {
    /** The policy of the {@code sdk+reconnect} variant: armed on every connect, never used by a healthy one. */
    static final ReconnectPolicy RECONNECT = ReconnectPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(1));

    private final Stack stack;
    private final Pki pki;
    private final boolean tls;
    private final boolean callbacks;
    private final ReconnectPolicy reconnect;
    private final TlsConfig sharedTls;
    /** What the callbacks counted, so that they do real (if tiny) work. */
    private final LongAdder events = new LongAdder();
    private volatile String lastAddress;

    /**
     * @param tls whether to use TLS (only for a TLS stack); without it the stack's transport opens
     *     plain TCP connections
     * @param callbacks whether both callbacks ({@code FuncInfo} and {@code FuncError}) are
     *     registered on every client
     */
    SdkSide(Stack stack, Pki pki, boolean tls, boolean callbacks) {
        this(stack, pki, tls, callbacks, ReconnectPolicy.none());
    }

    /**
     * @param reconnect the clients' reconnect policy; {@link ReconnectPolicy#none()} is the builder's
     *     default, which the builder is then not told
     * @see #SdkSide(Stack, Pki, boolean, boolean)
     */
    SdkSide(Stack stack, Pki pki, boolean tls, boolean callbacks, ReconnectPolicy reconnect) {
        this.stack = stack;
        this.pki = pki;
        this.tls = tls && stack.tls();
        this.callbacks = callbacks;
        this.reconnect = reconnect;
        this.sharedTls = this.tls ? newTlsConfig() : null;
    }

    @Override
    public String name() {
        return (callbacks ? "sdk+callbacks" : "sdk") + (reconnect.isEnabled() ? "+reconnect" : "");
    }

    /**
     * The address text for {@code server}, one string per server: an application connects many
     * clients with one address string, and the raw side needs none, so the heap measurement must
     * not count a new one per client.
     */
    private String address(InetSocketAddress server) {
        String text = server.getHostString() + ":" + server.getPort();
        String last = lastAddress;
        if (text.equals(last)) {
            return last;
        }
        lastAddress = text;
        return text;
    }

    /** How many callback invocations ran so far. */
    long callbackEvents() {
        return events.sum();
    }

    private TlsConfig newTlsConfig() {
        return TlsConfig.builder().rootCa(pki.root()).build();
    }

    /**
     * Builds the client. The SDK prepares a TLS context per {@link TlsConfig} instance when the
     * client is built, so a new instance means a new context, and nothing of it is timed.
     */
    ClientTCP newClient(InetSocketAddress server, boolean freshTls) {
        ClientTCP.Builder builder = ClientTCP.builder(address(server))
                .transport(stack.transport());
        if (tls) {
            builder.tls(freshTls ? newTlsConfig() : sharedTls, Pki.SERVER_NAME);
        }
        if (reconnect.isEnabled()) {
            builder.reconnect(reconnect);
        }
        ClientTCP client = builder.build();
        if (callbacks) {
            client.registerFuncInfo((local, remote, state) -> events.increment());
            client.registerFuncError(errors -> events.increment());
        }
        return client;
    }

    @Override
    public Dialer dialer(InetSocketAddress server, boolean freshTls) {
        ClientTCP client = newClient(server, freshTls);
        return () -> {
            client.connect();
            return new SdkEndpoint(client);
        };
    }

    /** Calls the client's own methods, nothing else. */
    private static final class SdkEndpoint implements Endpoint {
        private final ClientTCP client;

        SdkEndpoint(ClientTCP client) {
            this.client = client;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            client.write(b, off, len);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return client.read(b, off, len);
        }

        @Override
        public Optional<String> tls() {
            return client.tlsSession().map((TlsSessionInfo s) -> s.protocol() + " " + s.cipherSuite());
        }

        @Override
        public void close() throws IOException {
            client.close();
        }
    }
}
