package tcp.client.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ReconnectPolicyTest {
    private static final Duration MS100 = Duration.ofMillis(100);

    @Test
    void exponentialDoublesUpToTheMaximum() {
        ReconnectPolicy p = ReconnectPolicy.exponential(MS100, Duration.ofMillis(400));
        assertEquals(Duration.ofMillis(100), p.nominalDelay(1));
        assertEquals(Duration.ofMillis(200), p.nominalDelay(2));
        assertEquals(Duration.ofMillis(400), p.nominalDelay(3));
        assertEquals(Duration.ofMillis(400), p.nominalDelay(4));
        assertEquals(Duration.ofMillis(400), p.nominalDelay(1_000), "no overflow however many attempts");
        assertEquals(0, p.maxAttempts());
        assertEquals(ReconnectPolicy.DEFAULT_JITTER, p.jitter());
        assertTrue(p.isEnabled());
    }

    @Test
    void largeDelaysDoNotOverflow() {
        ReconnectPolicy p = ReconnectPolicy.exponential(Duration.ofDays(1), Duration.ofDays(365));
        assertEquals(Duration.ofDays(365), p.nominalDelay(63));
        assertEquals(Duration.ofDays(2), p.nominalDelay(2));
    }

    @Test
    void noneNeverReconnects() {
        ReconnectPolicy none = ReconnectPolicy.none();
        assertFalse(none.isEnabled());
        assertSame(none, ReconnectPolicy.none());
        assertEquals(Duration.ZERO, none.nominalDelay(1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> none.withMaxAttempts(3));
        assertTrue(e.getMessage().contains("exponential"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> none.withJitter(0.1));
        assertEquals("ReconnectPolicy[none]", none.toString());
    }

    @Test
    void badSettingsAreRefusedNamingTheSetting() {
        assertMessage("initialDelay", () -> ReconnectPolicy.exponential(Duration.ZERO, MS100));
        assertMessage("initialDelay", () -> ReconnectPolicy.exponential(Duration.ofMillis(-1), MS100));
        assertMessage("maxDelay", () -> ReconnectPolicy.exponential(MS100, Duration.ZERO));
        assertMessage("maxDelay", () -> ReconnectPolicy.exponential(MS100, Duration.ofMillis(50)));
        ReconnectPolicy p = ReconnectPolicy.exponential(MS100, MS100);
        assertMessage("maxAttempts", () -> p.withMaxAttempts(-1));
        assertMessage("jitter", () -> p.withJitter(-0.01));
        assertMessage("jitter", () -> p.withJitter(1.01));
        assertMessage("jitter", () -> p.withJitter(Double.NaN));
        assertMessage("attempt", () -> p.nominalDelay(0));
        assertThrows(NullPointerException.class, () -> ReconnectPolicy.exponential(null, MS100));
    }

    @Test
    void withersCopyAndValuesCompare() {
        ReconnectPolicy p = ReconnectPolicy.exponential(MS100, Duration.ofSeconds(1));
        ReconnectPolicy q = p.withMaxAttempts(5).withJitter(0);
        assertEquals(0, p.maxAttempts(), "the original is unchanged");
        assertEquals(5, q.maxAttempts());
        assertEquals(0.0, q.jitter());
        assertEquals(q, ReconnectPolicy.exponential(MS100, Duration.ofSeconds(1)).withJitter(0).withMaxAttempts(5));
        assertEquals(q.hashCode(), ReconnectPolicy.exponential(MS100, Duration.ofSeconds(1)).withJitter(0)
                .withMaxAttempts(5).hashCode());
        assertNotEquals(p, q);
        assertTrue(q.toString().contains("maxAttempts=5"), q::toString);
        assertTrue(p.toString().contains("unlimited"), p::toString);
    }

    @Test
    void builderRefusesBadResilienceSettings() {
        ClientTCP.Builder b = ClientTCP.builder("127.0.0.1:80");
        assertMessage("keepAlive idle", () -> b.keepAlive(Duration.ofSeconds(-1), Duration.ofSeconds(1), 1));
        assertMessage("keepAlive interval", () -> b.keepAlive(Duration.ofSeconds(1), Duration.ZERO, 1));
        assertMessage("keepAlive count", () -> b.keepAlive(Duration.ofSeconds(1), Duration.ofSeconds(1), 0));
        assertMessage("connectionAttemptDelay", () -> b.connectionAttemptDelay(Duration.ZERO));
        assertMessage("connectionAttemptDelay", () -> b.connectionAttemptDelay(Duration.ofMillis(-5)));
        assertThrows(NullPointerException.class, () -> b.reconnect(null));
    }

    private static void assertMessage(String setting, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(setting), () -> "message should name " + setting + ": " + e.getMessage());
    }
}
