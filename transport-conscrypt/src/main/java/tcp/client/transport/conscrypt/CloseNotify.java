package tcp.client.transport.conscrypt;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.Socket;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLSocket;

/**
 * The TLS half-close that Conscrypt's engine socket lacks: close_notify through the socket's
 * {@link SSLEngine}, then a TCP shutdown of the writing side, while the engine goes on decrypting
 * what the peer still sends.
 *
 * <p>Why reflection: {@code ConscryptEngineSocket.shutdownOutput()} in Conscrypt 2.5.2 shuts the
 * TCP socket down without a close_notify (a truncation to a strict peer), and closing its output
 * stream closes both ways (https://github.com/google/conscrypt/issues/739). Its engine and write
 * lock are private fields. {@code org.conscrypt} is an automatic module, which opens every package,
 * so this needs no {@code --add-opens} on the module path or the class path. Should the fields be
 * missing in another Conscrypt version, the half-close is refused with
 * {@link UnsupportedOperationException} instead, its cause saying why.
 *
 * <p>Thread-safe: holds Conscrypt's own write lock, so it cannot interleave with a write.
 */
final class CloseNotify {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final Access ACCESS = Access.find();

    private CloseNotify() {
    }

    /** Conscrypt's private fields, or why they cannot be reached. */
    private record Access(Field engine, Field out, Field writeLock, Throwable failure) {
        static Access find() {
            try {
                Class<?> socket = Class.forName("org.conscrypt.ConscryptEngineSocket");
                Class<?> stream = Class.forName("org.conscrypt.ConscryptEngineSocket$SSLOutputStream");
                Field engine = socket.getDeclaredField("engine");
                Field out = socket.getDeclaredField("out");
                Field writeLock = stream.getDeclaredField("writeLock");
                if (!SSLEngine.class.isAssignableFrom(engine.getType()) || out.getType() != stream) {
                    throw new NoSuchFieldException("ConscryptEngineSocket's engine or out field has another type: "
                            + engine.getType().getName() + ", " + out.getType().getName());
                }
                engine.setAccessible(true);
                out.setAccessible(true);
                writeLock.setAccessible(true);
                return new Access(engine, out, writeLock, null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // RuntimeException: InaccessibleObjectException should org.conscrypt ever become an
                // explicit module that does not open its package.
                return new Access(null, null, null, e);
            }
        }
    }

    /**
     * Sends close_notify over {@code socket} and shuts {@code raw} down for writing.
     *
     * @throws UnsupportedOperationException if this Conscrypt version's internals are not the
     *     ones known here
     * @throws IOException if sending fails, or the connection is closed
     */
    static void send(SSLSocket socket, Socket raw) throws IOException {
        if (ACCESS.failure() != null || !ACCESS.engine().getDeclaringClass().isInstance(socket)) {
            UnsupportedOperationException e = new UnsupportedOperationException("transport "
                    + ConscryptTransportProvider.NAME + " cannot half-close a TLS connection with this Conscrypt"
                    + " version (" + socket.getClass().getName() + ")");
            if (ACCESS.failure() != null) {
                e.initCause(ACCESS.failure());
            }
            throw e;
        }
        SSLEngine engine;
        Object writeLock;
        try {
            engine = (SSLEngine) ACCESS.engine().get(socket);
            Object out = ACCESS.out().get(socket);
            // Created by the first getOutputStream(), which the connection has called.
            writeLock = out == null ? socket : ACCESS.writeLock().get(out);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("accessible fields refused access", e);
        }
        synchronized (writeLock) {
            engine.closeOutbound();
            ByteBuffer alert = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            SSLEngineResult result;
            do {
                result = engine.wrap(EMPTY, alert);
            } while (result.bytesProduced() > 0 && result.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW);
            alert.flip();
            if (alert.hasRemaining()) {
                OutputStream o = raw.getOutputStream();
                o.write(alert.array(), alert.arrayOffset() + alert.position(), alert.remaining());
                o.flush();
            }
            raw.shutdownOutput();
        }
    }
}
