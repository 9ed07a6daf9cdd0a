package tcp.client.cli;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Says in a few words what an exception means to someone at a terminal. */
final class FailureMessages {
    private FailureMessages() {
    }

    /**
     * Why connecting to {@code address} failed, without repeating the address when the SDK's
     * message already starts with it.
     */
    static String connectFailure(String address, Throwable e) {
        return "connect to " + address + " failed: " + withoutPrefix(describe(e), "connect to " + address + " ");
    }

    /** What went wrong, in one line. */
    static String describe(Throwable e) {
        if (e instanceof UnknownHostException) {
            return "unknown host " + message(e);
        }
        if (e instanceof SSLException) {
            return describeTls((SSLException) e);
        }
        if (e instanceof SocketTimeoutException) {
            String m = e.getMessage();
            return m == null || m.isBlank() ? "timed out" : oneLine(m);
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return message(e).toLowerCase(Locale.ROOT).startsWith("connection refused")
                    ? "connection refused" : message(e);
        }
        return message(e);
    }

    private static String describeTls(SSLException e) {
        if (find(e, CertPathBuilderException.class) != null || find(e, CertPathValidatorException.class) != null
                || message(e).contains("PKIX path")) {
            return "server certificate not trusted: " + message(root(e))
                    + " (give the CA that issued it with --ca)";
        }
        CertificateException certificate = find(e, CertificateException.class);
        if (certificate != null) {
            return message(certificate);
        }
        return "TLS handshake failed: " + message(e);
    }

    /** Folds a multi-line message into one line. */
    static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : oneLine(m);
    }

    private static String withoutPrefix(String text, String prefix) {
        return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
    }

    private static Throwable root(Throwable e) {
        Throwable r = e;
        for (int depth = 0; r.getCause() != null && r.getCause() != r && depth < 32; depth++) {
            r = r.getCause();
        }
        return r;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
