package tcp.client.framing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tcp.client.api.ClientTCP;
import tcp.client.api.CloseReason;
import tcp.client.api.FuncError;
import tcp.client.api.FuncInfo;
import tcp.client.api.Response;
import tcp.client.api.TlsConfig;
import tcp.client.api.TlsSessionInfo;

/**
 * A {@link ClientTCP} that passes everything to a real client and counts the reads and writes, so
 * tests can tell how {@link FramedClient} uses the socket. The stream views are refused: a framed
 * client must go through {@code read} and {@code write} only.
 */
final class CountingClient implements ClientTCP {
    private final ClientTCP delegate;
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();
    final AtomicLong bytesWritten = new AtomicLong();

    CountingClient(ClientTCP delegate) {
        this.delegate = delegate;
    }

    @Override
    public int read(byte[] b) throws IOException {
        reads.incrementAndGet();
        return delegate.read(b);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        reads.incrementAndGet();
        return delegate.read(b, off, len);
    }

    @Override
    public int write(byte[] b) throws IOException {
        return write(b, 0, b.length);
    }

    @Override
    public int write(byte[] b, int off, int len) throws IOException {
        writes.incrementAndGet();
        bytesWritten.addAndGet(len);
        return delegate.write(b, off, len);
    }

    @Override
    public InputStream inputStream() {
        throw new UnsupportedOperationException("FramedClient must not use the stream views");
    }

    @Override
    public OutputStream outputStream() {
        throw new UnsupportedOperationException("FramedClient must not use the stream views");
    }

    @Override
    public void setTLS(boolean enable, TlsConfig config, String serverName) {
        delegate.setTLS(enable, config, serverName);
    }

    @Override
    public void registerFuncError(FuncError f) {
        delegate.registerFuncError(f);
    }

    @Override
    public void registerFuncInfo(FuncInfo f) {
        delegate.registerFuncInfo(f);
    }

    @Override
    public void connect() throws IOException {
        delegate.connect();
    }

    @Override
    public void connect(Duration timeout) throws IOException {
        delegate.connect(timeout);
    }

    @Override
    public CompletableFuture<Void> connectAsync(Duration timeout) {
        return delegate.connectAsync(timeout);
    }

    @Override
    public boolean isConnected() {
        return delegate.isConnected();
    }

    @Override
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        return delegate.awaitConnected(timeout);
    }

    @Override
    public tcp.client.api.ClientStats stats() {
        return delegate.stats();
    }

    @Override
    public boolean isReusable() {
        return delegate.isReusable();
    }

    @Override
    public Optional<CloseReason> closeReason() {
        return delegate.closeReason();
    }

    @Override
    public void shutdownOutput() throws IOException {
        delegate.shutdownOutput();
    }

    @Override
    public void once(InputStream request, Response response) throws IOException {
        delegate.once(request, response);
    }

    @Override
    public void once(Duration timeout, InputStream request, Response response) throws IOException {
        delegate.once(timeout, request, response);
    }

    @Override
    public String transport() {
        return delegate.transport();
    }

    @Override
    public Optional<TlsSessionInfo> tlsSession() {
        return delegate.tlsSession();
    }

    @Override
    public <T> Optional<T> socketOption(SocketOption<T> option) {
        return delegate.socketOption(option);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
