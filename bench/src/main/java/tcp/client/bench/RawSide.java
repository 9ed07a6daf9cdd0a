package tcp.client.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The raw side: {@code java.net.Socket} for plain TCP, or the provider's own {@link SSLSocket}
 * from its factory, connected directly (no layering), with TCP_NODELAY on as the SDK has it by
 * default (without it SunJSSE and BCJSSE handshakes stall about 40 ms on loopback). TLS sockets
 * send SNI {@value Pki#SERVER_NAME} and verify it with JSSE's endpoint identification.
 */
final class RawSide implements Side {
    private final Stack stack;
    private final Pki pki;
    private final SSLContext sharedContext;

    RawSide(Stack stack, Pki pki) throws GeneralSecurityException {
        this.stack = stack;
        this.pki = pki;
        this.sharedContext = stack.tls() ? RawTls.newContext(stack, pki.root()) : null;
    }

    @Override
    public String name() {
        return "raw";
    }

    @Override
    public Dialer dialer(InetSocketAddress server, boolean freshTls) throws IOException {
        if (!stack.tls()) {
            return () -> {
                Socket socket = new Socket();
                try {
                    socket.setTcpNoDelay(true);
                    socket.connect(server);
                    return new RawEndpoint(socket);
                } catch (IOException | RuntimeException e) {
                    socket.close();
                    throw e;
                }
            };
        }
        SSLContext context;
        try {
            context = freshTls ? RawTls.newContext(stack, pki.root()) : sharedContext;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build a " + stack.label() + " context", e);
        }
        SSLSocketFactory factory = RawTls.socketFactory(stack, context);
        return () -> {
            SSLSocket socket = (SSLSocket) factory.createSocket();
            try {
                socket.setTcpNoDelay(true);
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(Pki.SERVER_NAME)));
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.connect(server);
                socket.startHandshake();
                return new RawEndpoint(socket);
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        };
    }

    /** The socket's own streams, fetched once as an application would. */
    private static final class RawEndpoint implements Endpoint {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        RawEndpoint(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public Optional<String> tls() {
            if (socket instanceof SSLSocket ssl) {
                SSLSession session = ssl.getSession();
                return Optional.of(session.getProtocol() + " " + session.getCipherSuite());
            }
            return Optional.empty();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
