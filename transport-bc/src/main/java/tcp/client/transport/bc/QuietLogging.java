package tcp.client.transport.bc;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps BCJSSE's {@code java.util.logging} output to what a user needs to see, without touching
 * anything the user owns: only Bouncy Castle's own loggers get a level, only when neither they nor
 * a logger between them and the root has one configured, and only once per JVM.
 *
 * <p>What it quiets: BCJSSE's INFO line per connection and per alert (with a stack trace for
 * every failed handshake), its INFO lines about the security properties it read, and the WARNING
 * lines, once per JVM, about {@code jdk.tls.disabledAlgorithms} and
 * {@code jdk.certpath.disabledAlgorithms} entries it cannot parse (two on Java 17, five on Java 25).
 * Those certpath entries are applied anyway by the JDK's PKIX validation that this SDK uses.
 */
final class QuietLogging {
    /** BCJSSE's root logger: its classes log under {@code org.bouncycastle.jsse.provider.*}. */
    private static final String JSSE = "org.bouncycastle.jsse";
    /** The class that warns about disabledAlgorithms entries it does not understand. */
    private static final String CONSTRAINTS = "org.bouncycastle.jsse.provider.DisabledAlgorithmConstraints";

    /**
     * Strong references: {@code LogManager} holds loggers weakly, so a level set on a logger nobody
     * references would be lost at the next garbage collection.
     */
    private static final List<Logger> KEPT = configure();

    private QuietLogging() {
    }

    /** Applies the levels; the first call does the work, later ones nothing. */
    static void apply() {
        // Loading this class ran configure().
        KEPT.size();
    }

    private static List<Logger> configure() {
        Logger jsse = Logger.getLogger(JSSE);
        Logger constraints = Logger.getLogger(CONSTRAINTS);
        // Decide both before setting either: the second logger sits below the first.
        boolean jsseFree = !configured(jsse);
        boolean constraintsFree = !configured(constraints);
        if (jsseFree) {
            jsse.setLevel(Level.WARNING);
        }
        if (constraintsFree) {
            constraints.setLevel(Level.SEVERE);
        }
        return List.of(jsse, constraints);
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
