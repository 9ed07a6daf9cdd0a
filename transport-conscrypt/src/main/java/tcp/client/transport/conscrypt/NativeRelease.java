package tcp.client.transport.conscrypt;

import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import javax.net.ssl.SSLSocket;

/**
 * Frees the native state (BoringSSL's SSL object and its signalling pipes) of a Conscrypt socket
 * whose channel was closed under it.
 *
 * <p>Conscrypt 2.5.2's engine frees that state only once its outbound side is done, which needs
 * the queued close_notify to be written; when the connection was closed while a write was under
 * way, the channel is already gone, nothing drains, and the state (two pipe descriptors per
 * connection) stays until the engine's finalizer runs. This calls the engine's own
 * {@code closeAndFreeResources()} under the engine's lock, as its close methods do. It needs no
 * JVM flag: the Conscrypt jar is an automatic module, open to reflection. Should the internals
 * differ in another Conscrypt version, this logs once and leaves the finalizer to do the work.
 */
final class NativeRelease {
    private static final System.Logger LOG = System.getLogger(NativeRelease.class.getName());
    private static volatile boolean warned;

    private NativeRelease() {
    }

    /** Frees the native state of {@code socket}'s engine, if it is a Conscrypt engine socket. */
    static void free(SSLSocket socket) {
        try {
            Object engine = field(socket.getClass(), "engine").get(socket);
            if (engine == null) {
                return;
            }
            Object lock = field(engine.getClass(), "ssl").get(engine);
            Method free = engine.getClass().getDeclaredMethod("closeAndFreeResources");
            free.setAccessible(true);
            synchronized (lock) {
                free.invoke(engine);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.log(Level.DEBUG, "cannot free a Conscrypt socket's native state early; its finalizer will", e);
            }
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException next) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }
}
