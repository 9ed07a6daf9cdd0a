package tcp.client.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tcp.client.api.CloseReason;

/** How the shapes the three libraries throw are read as close reasons. */
@Timeout(10)
class FailuresTest {
    /** Bouncy Castle's alerts are IOExceptions named after them. */
    private static final class TlsFatalAlertReceived extends IOException {
        TlsFatalAlertReceived(String message) {
            super(message);
        }
    }

    @Test
    void resetsAndBrokenPipes() {
        assertEquals(CloseReason.RESET, Failures.closeReason(new SocketException("Connection reset")));
        assertEquals(CloseReason.RESET, Failures.closeReason(new SocketException("Connection reset by peer")));
        assertEquals(CloseReason.RESET, Failures.closeReason(new IOException("Broken pipe")));
        // Conscrypt wraps the system call's failure in an SSLException: the reset still wins.
        assertEquals(CloseReason.RESET, Failures.closeReason(new SSLException(
                "Read error: ssl=0x7f: I/O error during system call, Connection reset by peer")));
        assertEquals(CloseReason.RESET, Failures.closeReason(
                new SSLException("read failed", new SocketException("Connection reset"))));
    }

    @Test
    void timeouts() {
        assertEquals(CloseReason.TIMEOUT, Failures.closeReason(new SocketTimeoutException("Read timed out")));
        assertEquals(CloseReason.TIMEOUT, Failures.closeReason(new SocketException("Connection timed out")));
        assertEquals(CloseReason.TIMEOUT, Failures.closeReason(
                new SSLException("Read error", new SocketException("Connection timed out (Read failed)"))));
    }

    @Test
    void tlsFailuresAreAlerts() {
        assertEquals(CloseReason.TLS_ALERT, Failures.closeReason(new SSLException("Tag mismatch")));
        assertEquals(CloseReason.TLS_ALERT, Failures.closeReason(new SSLProtocolException("bad_record_mac")));
        assertEquals(CloseReason.TLS_ALERT, Failures.closeReason(new TlsFatalAlertReceived("bad_record_mac(20)")));
        assertEquals(CloseReason.TLS_ALERT, Failures.closeReason(new IOException("Received fatal alert: internal_error")));
    }

    @Test
    void anythingElseIsAnIoError() {
        assertEquals(CloseReason.IO_ERROR, Failures.closeReason(new IOException("No route to host")));
        assertEquals(CloseReason.IO_ERROR, Failures.closeReason(new IOException((String) null)));
    }
}
