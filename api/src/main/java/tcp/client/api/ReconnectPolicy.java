package tcp.client.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether and how a client dials again after its connection ended by anything but its own
 * {@link ClientTCP#close()}. Immutable and thread-safe.
 *
 * <pre>{@code
 * ClientTCP client = ClientTCP.builder("db.internal:5432")
 *         .reconnect(ReconnectPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(10))
 *                 .withMaxAttempts(20))
 *         .build();
 * }</pre>
 *
 * <p>Before attempt {@code n} (1 for the first after an outage began) the client waits
 * {@code min(maxDelay, initialDelay * 2^(n-1))}, spread by the jitter: a jitter of 0.2 makes each
 * delay uniformly random within 20% of that value either way, so that many clients cut off at once
 * do not all dial again at the same instant.
 */
public final class ReconnectPolicy {
    private static final ReconnectPolicy NONE = new ReconnectPolicy(Duration.ZERO, Duration.ZERO, 0, 0);
    /** The jitter of a new exponential policy. */
    public static final double DEFAULT_JITTER = 0.2;

    private final Duration initialDelay;
    private final Duration maxDelay;
    private final int maxAttempts;
    private final double jitter;

    private ReconnectPolicy(Duration initialDelay, Duration maxDelay, int maxAttempts, double jitter) {
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.maxAttempts = maxAttempts;
        this.jitter = jitter;
    }

    /** No reconnection: a connection that ends stays ended (the default of every client). */
    public static ReconnectPolicy none() {
        return NONE;
    }

    /**
     * Exponential backoff from {@code initialDelay}, doubling up to {@code maxDelay}, with no limit
     * on attempts and a jitter of {@value #DEFAULT_JITTER}.
     *
     * @throws IllegalArgumentException if a delay is zero or negative, or maxDelay is below
     *     initialDelay
     */
    public static ReconnectPolicy exponential(Duration initialDelay, Duration maxDelay) {
        positive(initialDelay, "initialDelay");
        positive(maxDelay, "maxDelay");
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("reconnect maxDelay " + maxDelay + " is below initialDelay " + initialDelay);
        }
        return new ReconnectPolicy(initialDelay, maxDelay, 0, DEFAULT_JITTER);
    }

    /**
     * This policy, giving up after {@code attempts} consecutive failed attempts in one outage;
     * the error callback then receives a {@link ReconnectFailedException}.
     *
     * @param attempts the limit; 0 means none (the default)
     * @throws IllegalArgumentException if negative
     * @throws IllegalStateException on {@link #none()}, which never attempts
     */
    public ReconnectPolicy withMaxAttempts(int attempts) {
        if (attempts < 0) {
            throw new IllegalArgumentException("reconnect maxAttempts must not be negative: " + attempts);
        }
        requireEnabled("withMaxAttempts");
        return new ReconnectPolicy(initialDelay, maxDelay, attempts, jitter);
    }

    /**
     * This policy with another jitter: each delay is drawn uniformly from
     * {@code delay * (1 - fraction)} to {@code delay * (1 + fraction)}.
     *
     * @param fraction 0 (exact delays) to 1
     * @throws IllegalArgumentException if outside 0..1 or not a number
     * @throws IllegalStateException on {@link #none()}, which never attempts
     */
    public ReconnectPolicy withJitter(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("reconnect jitter must be within 0..1: " + fraction);
        }
        requireEnabled("withJitter");
        return new ReconnectPolicy(initialDelay, maxDelay, maxAttempts, fraction);
    }

    /** Whether this policy reconnects at all: false only for {@link #none()}. */
    public boolean isEnabled() {
        return this != NONE;
    }

    /** The delay before the first attempt of an outage; zero for {@link #none()}. */
    public Duration initialDelay() {
        return initialDelay;
    }

    /** The longest delay between attempts; zero for {@link #none()}. */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** Consecutive failed attempts before giving up; 0 means no limit. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The jitter fraction, 0 to 1. */
    public double jitter() {
        return jitter;
    }

    /**
     * The delay before attempt {@code attempt} of an outage, before jitter:
     * {@code min(maxDelay, initialDelay * 2^(attempt-1))}.
     *
     * @param attempt 1 for the first attempt
     * @throws IllegalArgumentException if attempt is below 1
     */
    public Duration nominalDelay(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1: " + attempt);
        }
        if (!isEnabled()) {
            return Duration.ZERO;
        }
        // Doubling past 62 would overflow; the cap is reached long before in any real policy.
        long initial = initialDelay.toNanos();
        long max = maxDelay.toNanos();
        int shift = Math.min(attempt - 1, 62);
        long nanos = initial > (max >> shift) ? max : Math.min(max, initial << shift);
        return Duration.ofNanos(nanos);
    }

    private void requireEnabled(String what) {
        if (!isEnabled()) {
            throw new IllegalStateException(what + " on ReconnectPolicy.none(), which never reconnects;"
                    + " start from ReconnectPolicy.exponential(initialDelay, maxDelay)");
        }
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("reconnect " + name + " must be positive: " + d);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReconnectPolicy p && initialDelay.equals(p.initialDelay) && maxDelay.equals(p.maxDelay)
                && maxAttempts == p.maxAttempts && Double.compare(jitter, p.jitter) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(initialDelay, maxDelay, maxAttempts, jitter);
    }

    @Override
    public String toString() {
        return !isEnabled() ? "ReconnectPolicy[none]" : "ReconnectPolicy[exponential " + initialDelay + " to " + maxDelay
                + ", maxAttempts=" + (maxAttempts == 0 ? "unlimited" : maxAttempts) + ", jitter=" + jitter + "]";
    }
}
