package tcp.client.transport.conscrypt;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.Socket;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLSocket;

/**
 * The TLS half-close that Conscrypt's engine socket lacks: close_notify from BoringSSL, then a TCP
 * shutdown of the writing side, while the engine goes on decrypting what the peer still sends.
 *
 * <p>Why reflection: in Conscrypt 2.5.2, {@code shutdownOutput()} on a layered socket shuts TCP
 * down without a close_notify (a truncation to a strict peer); closing its output stream closes
 * both ways (https://github.com/google/conscrypt/issues/739); and {@code SSLEngine.closeOutbound()}
 * on its engine makes every later {@code unwrap} report {@code CLOSED}, so reads end at once. What
 * works is BoringSSL's own {@code SSL_shutdown}, which only sends: it is reached through the
 * engine's private {@code NativeSsl}, whose pending alert the next {@code wrap} hands out. Reads go
 * on until the peer's close_notify; BoringSSL refuses writes from then on.
 *
 * <p>{@code org.conscrypt} is an automatic module, which opens every package, so this needs no
 * {@code --add-opens} on the module path or the class path. Should the internals differ in another
 * Conscrypt version, the half-close is refused with {@link UnsupportedOperationException}, its
 * cause saying why.
 *
 * <p>Thread-safe: holds Conscrypt's write lock (no write interleaves) and the engine's lock (no
 * read is inside BoringSSL meanwhile).
 */
final class CloseNotify {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final Access ACCESS = Access.find();

    private CloseNotify() {
    }

    /** Conscrypt's private members, or why they cannot be reached. */
    private record Access(Class<?> socketClass, Field engine, Field ssl, Method shutdown, Field out, Field writeLock,
                          Throwable failure) {
        static Access find() {
            try {
                Class<?> socket = Class.forName("org.conscrypt.ConscryptEngineSocket");
                Class<?> stream = Class.forName("org.conscrypt.ConscryptEngineSocket$SSLOutputStream");
                Field engine = accessible(socket.getDeclaredField("engine"));
                Field ssl = accessible(engine.getType().getDeclaredField("ssl"));
                Method shutdown = ssl.getType().getDeclaredMethod("shutdown");
                shutdown.setAccessible(true);
                Field out = accessible(socket.getDeclaredField("out"));
                Field writeLock = accessible(stream.getDeclaredField("writeLock"));
                if (!SSLEngine.class.isAssignableFrom(engine.getType()) || out.getType() != stream) {
                    throw new NoSuchFieldException("ConscryptEngineSocket's engine or out field has another type: "
                            + engine.getType().getName() + ", " + out.getType().getName());
                }
                return new Access(socket, engine, ssl, shutdown, out, writeLock, null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // RuntimeException: InaccessibleObjectException should org.conscrypt ever become an
                // explicit module that does not open its package.
                return new Access(null, null, null, null, null, null, e);
            }
        }

        private static Field accessible(Field f) {
            f.setAccessible(true);
            return f;
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
        if (ACCESS.failure() != null || !ACCESS.socketClass().isInstance(socket)) {
            UnsupportedOperationException e = new UnsupportedOperationException("transport "
                    + ConscryptTransportProvider.NAME + " cannot half-close a TLS connection with this Conscrypt"
                    + " version (" + socket.getClass().getName() + ")");
            if (ACCESS.failure() != null) {
                e.initCause(ACCESS.failure());
            }
            throw e;
        }
        SSLEngine engine;
        Object ssl;
        Object writeLock;
        try {
            engine = (SSLEngine) ACCESS.engine().get(socket);
            ssl = ACCESS.ssl().get(engine);
            Object out = ACCESS.out().get(socket);
            // The output stream exists once getOutputStream() was called, as the connection does;
            // without it nothing can be writing, and any lock will do.
            writeLock = out == null ? socket : ACCESS.writeLock().get(out);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("fields made accessible refused access", e);
        }
        synchronized (writeLock) {
            // The engine's wrap and unwrap hold this lock while they are inside BoringSSL.
            synchronized (ssl) {
                try {
                    ACCESS.shutdown().invoke(ssl);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("method made accessible refused access", e);
                } catch (InvocationTargetException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) {
                        throw io;
                    }
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new IOException("sending close_notify failed", cause);
                }
            }
            ByteBuffer alert = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            SSLEngineResult result;
            do {
                result = engine.wrap(EMPTY, alert);
            } while (result.bytesProduced() > 0 && result.getStatus() == SSLEngineResult.Status.OK);
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
