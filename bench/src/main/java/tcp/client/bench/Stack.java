package tcp.client.bench;

import java.util.Locale;

/**
 * What is measured: plain TCP or one TLS provider, each once through the SDK and once through the
 * raw API the SDK wraps.
 */
enum Stack {
    /** Plain TCP: the SDK's JDK transport without TLS against {@code java.net.Socket}. */
    PLAIN("plain", "jdk", false),
    /** TLS through SunJSSE: the SDK's {@code jdk} transport against SunJSSE's own SSLSocket. */
    JDK("jdk", "jdk", true),
    /** TLS through Conscrypt: the SDK's {@code conscrypt} transport against Conscrypt's SSLSocket. */
    CONSCRYPT("conscrypt", "conscrypt", true),
    /** TLS through BCJSSE over JCA crypto: the SDK's {@code bc} transport against BCJSSE's SSLSocket. */
    BC("bc", "bc", true);

    private final String label;
    private final String transport;
    private final boolean tls;

    Stack(String label, String transport, boolean tls) {
        this.label = label;
        this.transport = transport;
        this.tls = tls;
    }

    /** The name in the table and the CSV's {@code provider} column. */
    String label() {
        return label;
    }

    /** The SDK transport that serves this stack. */
    String transport() {
        return transport;
    }

    /** Whether the connection is TLS. */
    boolean tls() {
        return tls;
    }

    /**
     * The stack named {@code label}, case-insensitively.
     *
     * @throws IllegalArgumentException naming the label and the known ones
     */
    static Stack of(String label) {
        for (Stack s : values()) {
            if (s.label.equals(label.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown provider \"" + label + "\": expected plain, jdk, conscrypt or bc");
    }
}
