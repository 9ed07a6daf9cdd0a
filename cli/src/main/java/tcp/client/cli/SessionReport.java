package tcp.client.cli;

import java.io.PrintStream;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.StringJoiner;
import tcp.client.api.ClientTCP;
import tcp.client.api.TlsSessionInfo;

/** Prints what a connection is, and for TLS what was negotiated and who the server is. */
final class SessionReport {
    private SessionReport() {
    }

    static void print(ClientTCP client, String address, PrintStream err) {
        err.println("* connected to " + address + " through transport " + client.transport());
        client.tlsSession().ifPresentOrElse(s -> printTls(s, err), () -> err.println("* plain TCP, no TLS"));
        err.flush();
    }

    private static void printTls(TlsSessionInfo s, PrintStream err) {
        err.println("* TLS " + s.protocol() + ", " + s.cipherSuite()
                + ", ALPN " + s.applicationProtocol().orElse("none"));
        List<X509Certificate> chain = s.peerCertificates();
        if (!chain.isEmpty()) {
            X509Certificate leaf = chain.get(0);
            err.println("* server certificate " + leaf.getSubjectX500Principal().getName()
                    + " (" + names(leaf) + "), issued by " + leaf.getIssuerX500Principal().getName()
                    + ", valid until " + leaf.getNotAfter().toInstant() + ", verified");
        }
    }

    private static String names(X509Certificate cert) {
        StringJoiner j = new StringJoiner(", ");
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    Object type = san.get(0);
                    if (Integer.valueOf(2).equals(type)) {
                        j.add("DNS:" + san.get(1));
                    } else if (Integer.valueOf(7).equals(type)) {
                        j.add("IP:" + san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return "names unreadable: " + e.getMessage();
        }
        return j.length() == 0 ? "no names" : j.toString();
    }
}
