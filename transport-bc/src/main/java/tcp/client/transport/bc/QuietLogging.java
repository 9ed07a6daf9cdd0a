package tcp.client.transport.bc;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps BCJSSE's {@code java.util.logging} output to what a user needs to see, without touching
 * anything the user owns: only Bouncy Castle's own loggers get a level, each only when neither it
 * nor a logger between it and the root has one configured ({@code logging.properties} or code that
 * ran earlier), and only once per JVM. The root logger and all handlers are left alone.
 *
 * <ul>
 *   <li>{@code org.bouncycastle.jsse}: WARNING. Hides the INFO line BCJSSE writes for every
 *       connection and every alert (with a stack trace for each failed handshake) and the INFO
 *       lines about the security properties it read. Warnings about misspelt {@code jdk.tls.*}
 *       system properties still show.</li>
 *   <li>{@code org.bouncycastle.jsse.provider.DisabledAlgorithmConstraints}: SEVERE. Hides the
 *       WARNING lines, once per JVM, about {@code jdk.tls.disabledAlgorithms} and
 *       {@code jdk.certpath.disabledAlgorithms} entries BCJSSE cannot parse (two on Java 17, five on
 *       Java 25). The certpath entries are applied anyway: this SDK validates certificate paths with
 *       the JDK's own PKIX implementation.</li>
 *   <li>{@code org.bouncycastle.jsse.provider.ProvTlsClient}: SEVERE. Its only WARNING is the
 *       internal_error alert it raises, with a stack trace, whenever the socket fails under a
 *       handshake: a cancelled connect, a timeout, a reset. Each of those is already thrown to the
 *       caller and reported to {@code FuncError}.</li>
 * </ul>
 */
final class QuietLogging {
    /**
     * The levels, parents first. Strong references to the loggers: {@code LogManager} holds
     * loggers weakly, so a level set on a logger nobody references would be lost at the next
     * garbage collection.
     */
    private static final List<Logger> KEPT = configure(
            "org.bouncycastle.jsse", Level.WARNING,
            "org.bouncycastle.jsse.provider.DisabledAlgorithmConstraints", Level.SEVERE,
            "org.bouncycastle.jsse.provider.ProvTlsClient", Level.SEVERE);

    private QuietLogging() {
    }

    /** Applies the levels; the first call does the work (initialising this class), later ones nothing. */
    static void apply() {
        if (KEPT.isEmpty()) {
            throw new IllegalStateException("no Bouncy Castle logger configured");
        }
    }

    private static List<Logger> configure(Object... namesAndLevels) {
        List<Logger> loggers = new ArrayList<>();
        List<Logger> free = new ArrayList<>();
        // Decide for all before setting any: the later loggers sit below the first.
        for (int i = 0; i < namesAndLevels.length; i += 2) {
            Logger logger = Logger.getLogger((String) namesAndLevels[i]);
            loggers.add(logger);
            if (!configured(logger)) {
                free.add(logger);
            }
        }
        for (Logger logger : free) {
            logger.setLevel((Level) namesAndLevels[loggers.indexOf(logger) * 2 + 1]);
        }
        return List.copyOf(loggers);
    }

    /** Whether the logger or one of its ancestors below the root has a level set. */
    private static boolean configured(Logger logger) {
        for (Logger l = logger; l != null && l.getParent() != null; l = l.getParent()) {
            if (l.getLevel() != null) {
                return true;
            }
        }
        return false;
    }
}
