package tcp.client.api;

/** The TLS protocol versions a client may negotiate. Older versions are never offered. */
public enum TlsVersion {
    /** TLS 1.2 (RFC 5246). */
    TLS_1_2("TLSv1.2"),
    /** TLS 1.3 (RFC 8446). */
    TLS_1_3("TLSv1.3");

    private final String protocolName;

    TlsVersion(String protocolName) {
        this.protocolName = protocolName;
    }

    /** Returns the JSSE protocol name, for example {@code "TLSv1.3"}. */
    public String protocolName() {
        return protocolName;
    }
}
