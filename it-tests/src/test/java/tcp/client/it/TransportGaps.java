package tcp.client.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import tcp.client.api.ClientTCP;
import tcp.client.api.TlsConfig;

/**
 * The one place that lists what each transport cannot do for one client, and the documented
 * exception it throws instead. A scenario that meets a gap takes an explicit branch that asserts
 * that exception through the methods below; nothing is skipped.
 *
 * <p>Where each gap comes from (the transports' sources):
 * <ul>
 *   <li><b>named groups</b>: {@code jdk} and {@code jsse-sample} (SunJSSE both) on Java 17 to 19
 *       (the core's {@code TlsContexts}: {@code SSLParameters.setNamedGroups} exists from Java 20,
 *       and neither transport's {@code TlsContext.appliesPerConnection} has {@code NAMED_GROUPS}; before that only the JVM-wide
 *       {@code jdk.tls.namedGroups}); {@code conscrypt} on every Java version
 *       ({@code ConscryptTransport.checkNamedGroups}: BoringSSL always offers
 *       {@code [x25519, secp256r1, secp384r1]}, and only exactly that list is accepted). {@code bc}
 *       sets them per socket through {@code BCSSLParameters}. Refused by {@code setTLS} with
 *       {@link IllegalArgumentException}.</li>
 *   <li><b>no session_ticket extension while TLS 1.2 is offered</b>: {@code jdk} and
 *       {@code jsse-sample} (no {@code SESSION_TICKETS_DISABLED} in
 *       {@code TlsContext.appliesPerConnection}: SunJSSE only has the JVM-wide
 *       {@code jdk.tls.client.enableSessionTicketExtension}). They send the (empty) extension but
 *       resume nothing, like every transport with {@code sessionTicketsDisabled(true)} (CS-228).
 *       {@code conscrypt} uses {@code Conscrypt.setUseSessionTickets} per socket; {@code bc} never
 *       offers tickets; with {@code versionMin(TLS_1_3)} none sends it.</li>
 *   <li><b>session resumption</b>: {@code bc} (BCJSSE 1.84's client declines to resume TLS 1.3
 *       sessions, and against OpenSSL (redis-server) it was not seen resuming TLS 1.2 either). Its
 *       handshakes are all full, and {@code TlsSessionInfo.resumed()} says so.</li>
 *   <li><b>restricting the TLS 1.3 suites</b>: {@code conscrypt}
 *       ({@code ConscryptTransport.checkTls13Suites}: BoringSSL enables all its TLS 1.3 suites
 *       whatever is asked). Refused by {@code setTLS} with {@link IllegalArgumentException}.</li>
 *   <li><b>TLS half-close</b>: {@code bc} ({@code BcTransport}'s {@code shutdownOutput} hook: BCJSSE's
 *       {@code shutdownOutput()} sends a bare FIN without close_notify). {@code shutdownOutput()}
 *       throws {@link UnsupportedOperationException}. {@code conscrypt} sends close_notify itself
 *       ({@code CloseNotify}); {@code jdk} uses SunJSSE's TLS 1.3 half-close.</li>
 * </ul>
 *
 * <p>A transport not named here (say a provider checked with {@code -Dtcp.client.transport}) is
 * expected to have none of these gaps.
 */
final class TransportGaps {
    /** The first Java version whose {@code SSLParameters} carries named groups. */
    static final int NAMED_GROUPS_API_JAVA = 20;

    private TransportGaps() {
    }

    /** Whether {@code transport} cannot apply a chosen list of named groups to one client here. */
    static boolean cannotSetNamedGroups(String transport) {
        return switch (transport) {
            case "jdk", "jsse-sample" -> Runtime.version().feature() < NAMED_GROUPS_API_JAVA;
            case "conscrypt" -> true;
            default -> false;
        };
    }

    /** Whether {@code transport} cannot leave out the session_ticket extension while TLS 1.2 is offered. */
    static boolean cannotDisableSessionTicketsWithTls12(String transport) {
        return transport.equals("jdk") || transport.equals("jsse-sample");
    }

    /** Whether {@code transport} never resumes a TLS session. */
    static boolean neverResumes(String transport) {
        return transport.equals("bc");
    }

    /** Whether {@code transport} cannot offer only some of the TLS 1.3 suites it implements. */
    static boolean cannotRestrictTls13Suites(String transport) {
        return transport.equals("conscrypt");
    }

    /** Whether {@code transport} cannot half-close a TLS connection (close_notify, reads go on). */
    static boolean cannotHalfCloseTls(String transport) {
        return transport.equals("bc");
    }

    /**
     * Asserts that {@code transport} refuses {@code config} with an {@link IllegalArgumentException}
     * naming the transport and {@code setting}, both at {@code setTLS} and at the builder's
     * {@code build()}, and that the refusal happens before any dial.
     *
     * @param client a client of {@code transport}
     * @param setting words the message must contain, e.g. {@code "named groups"}
     */
    static IllegalArgumentException assertRefusedAtSetTls(String transport, ClientTCP client, TlsConfig config,
                                                          String setting) {
        IllegalArgumentException atSetTls = assertThrows(IllegalArgumentException.class,
                () -> client.setTLS(true, config, "localhost"),
                "transport " + transport + " must refuse " + setting + " at setTLS");
        assertNamesTransportAndSetting(transport, setting, atSetTls);
        IllegalArgumentException atBuild = assertThrows(IllegalArgumentException.class,
                () -> Tck.builder(transport, "127.0.0.1:1").tls(config, "localhost").build().close(),
                "transport " + transport + " must refuse " + setting + " when the client is built");
        assertNamesTransportAndSetting(transport, setting, atBuild);
        assertFalse(client.isConnected());
        return atSetTls;
    }

    /**
     * Asserts that {@code shutdownOutput()} on a connected TLS client of {@code transport} throws
     * {@link UnsupportedOperationException} naming the transport, and that the connection was left
     * open both ways (the caller then proves it still echoes).
     */
    static UnsupportedOperationException assertHalfCloseRefused(String transport, ClientTCP client) {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, client::shutdownOutput,
                "transport " + transport + " cannot half-close TLS and must say so");
        assertNamesTransportAndSetting(transport, "half-close", e);
        assertTrue(client.isConnected(), "a refused half-close must not close the connection");
        return e;
    }

    private static void assertNamesTransportAndSetting(String transport, String setting, RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains("transport " + transport), "message must name transport " + transport + ": "
                + message);
        assertTrue(message.toLowerCase(Locale.ROOT).contains(setting.toLowerCase(Locale.ROOT)),
                "message must name the setting \"" + setting + "\": " + message);
    }
}
