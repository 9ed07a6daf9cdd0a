package tcp.client.api.internal;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import tcp.client.api.ReloadableKeyPair;

/**
 * The pairs a {@link ReloadableKeyPair} has held: the current one, numbered, and the one before
 * it, for a handshake that chose its key just before a reload.
 */
public final class KeyPairState {
    /** Reads a pair's state; set once by {@link ReloadableKeyPair}'s class initialisation. */
    private static volatile Function<ReloadableKeyPair, KeyPairState> stateOf;

    /** One pair, with the generation that tells it from the ones before. */
    public record Snapshot(long generation, PrivateKey key, List<X509Certificate> chain) {
    }

    private volatile Snapshot current;
    private volatile Snapshot previous;

    /**
     * @param key checked to match the chain's leaf
     * @param chain leaf first
     */
    public KeyPairState(PrivateKey key, List<X509Certificate> chain) {
        this.current = new Snapshot(1, Objects.requireNonNull(key, "key"), List.copyOf(chain));
    }

    /**
     * Called by {@link ReloadableKeyPair} alone (this package is not exported), to hand over the
     * way to its state.
     *
     * @throws IllegalStateException if called a second time
     */
    public static synchronized void attach(Function<ReloadableKeyPair, KeyPairState> access) {
        if (stateOf != null) {
            throw new IllegalStateException("already attached");
        }
        stateOf = Objects.requireNonNull(access, "access");
    }

    /** The state of {@code pair}. */
    static KeyPairState of(ReloadableKeyPair pair) {
        return stateOf.apply(pair);
    }

    /** Makes {@code key} and {@code chain} the current pair, already checked. */
    public synchronized void replace(PrivateKey key, List<X509Certificate> chain) {
        Snapshot now = current;
        previous = now;
        current = new Snapshot(now.generation() + 1, key, List.copyOf(chain));
    }

    /** The pair new handshakes use. */
    public Snapshot current() {
        return current;
    }

    /** The pair of {@code generation} if it is the current one or the one before; else null. */
    Snapshot generation(long generation) {
        Snapshot now = current;
        if (now.generation() == generation) {
            return now;
        }
        Snapshot before = previous;
        return before != null && before.generation() == generation ? before : null;
    }
}
