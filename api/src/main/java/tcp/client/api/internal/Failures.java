package tcp.client.api.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import tcp.client.api.CloseReason;

/**
 * The one translator from what dialing and providers throw to the standard exception types a
 * connect reports, whichever transport ran: {@code SocketTimeoutException} for a spent budget or
 * handshake cap, {@code InterruptedIOException} for an interrupt or a cancellation, an
 * {@code SSLException} for a failed handshake (Bouncy Castle, for one, reports a peer's alert as
 * an {@code IOException} of its own).
 */
final class Failures {
    private Failures() {
    }

    /**
     * What a failed {@code startHandshake()} reports.
     *
     * @param limitMillis the handshake's timeout, for the message
     */
    static IOException handshake(IOException e, String target, int limitMillis) {
        if (hasTimeoutCause(e)) {
            SocketTimeoutException timeout = new SocketTimeoutException(
                    "TLS handshake with " + target + " timed out after " + limitMillis + " ms");
            timeout.initCause(e);
            return timeout;
        }
        if (e instanceof SSLException || e instanceof InterruptedIOException) {
            return e;
        }
        StringBuilder message = new StringBuilder("TLS handshake with ").append(target).append(" failed: ")
                .append(e.getClass().getSimpleName());
        if (e.getMessage() != null) {
            message.append(": ").append(e.getMessage());
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null) {
            message.append(": ").append(root.getMessage());
        }
        SSLHandshakeException failed = new SSLHandshakeException(message.toString());
        failed.initCause(e);
        return failed;
    }

    /**
     * What a failed connect reports, once the attempt has ended: an interrupt or a cancellation as
     * an {@code InterruptedIOException}, a spent budget as a {@code SocketTimeoutException}, naming
     * the target, with what the abort interrupted as the cause.
     */
    static IOException connect(IOException e, ConnectAttempt attempt) {
        if (e instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted()) {
            if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
                return e;
            }
            InterruptedIOException interrupted = new InterruptedIOException(
                    "connect to " + attempt.target() + " interrupted");
            interrupted.initCause(e);
            return interrupted;
        }
        if (attempt.isExpired() && !(e instanceof SocketTimeoutException)) {
            return attempt.timeoutException(e);
        }
        if (attempt.isCancelled() && !(e instanceof InterruptedIOException)) {
            InterruptedIOException cancelled = new InterruptedIOException("connect to " + attempt.target() + " cancelled");
            cancelled.initCause(e);
            return cancelled;
        }
        return e;
    }

    /**
     * Why a read or write failure ended an established connection, judged the same way whichever
     * library threw it: a timeout (the kernel's keep-alive gave up, or a read timed out), a reset
     * ({@code Connection reset}, or {@code Broken pipe} for a write after one), a TLS failure (every
     * fatal TLS error is an alert, sent or received; Bouncy Castle reports them as IOExceptions of
     * its own), the peer's end of stream without close_notify, else an I/O error.
     */
    static CloseReason closeReason(IOException e) {
        boolean tls = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return CloseReason.TIMEOUT;
            }
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("connection timed out")) {
                return CloseReason.TIMEOUT;
            }
            if (message.contains("connection reset") || message.contains("broken pipe")) {
                return CloseReason.RESET;
            }
            if (message.contains("no close_notify")) {
                // A TCP end of stream without the TLS goodbye: the peer is gone all the same
                // (Bouncy Castle throws where the other providers return -1).
                return CloseReason.PEER_CLOSED;
            }
            tls |= t instanceof SSLException || t.getClass().getSimpleName().contains("Alert") || message.contains("alert");
        }
        return tls ? CloseReason.TLS_ALERT : CloseReason.IO_ERROR;
    }

    private static boolean hasTimeoutCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
