package tcp.client.api.internal;

import java.time.Duration;

/** Conversions of durations for the APIs that take a number: the one place that clamps. */
final class Durations {
    private Durations() {
    }

    /** Nanoseconds, saturated at about 73 years so that adding them to {@code nanoTime} cannot overflow. */
    static long saturatedNanos(Duration d) {
        try {
            return Math.min(d.toNanos(), Long.MAX_VALUE / 4);
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 4;
        }
    }

    /** Whole milliseconds rounded up, at least 1, at most {@code Integer.MAX_VALUE}. */
    static int millisAtLeastOne(Duration d) {
        long ms = (saturatedNanos(d) + 999_999) / 1_000_000;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, ms));
    }

    /** Like {@link #millisAtLeastOne}, for nanoseconds. */
    static int millisAtLeastOne(long nanos) {
        return millisAtLeastOne(Duration.ofNanos(Math.max(0, nanos)));
    }

    /** A read timeout as {@code SO_TIMEOUT} milliseconds: 0 (none) for zero, else at least 1. */
    static int soTimeout(Duration readTimeout) {
        return readTimeout.isZero() ? 0 : millisAtLeastOne(readTimeout);
    }

    /** Whole seconds, at least 1, at most {@code Integer.MAX_VALUE}, for socket options in seconds. */
    static int secondsAtLeastOne(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toSeconds()));
    }
}
