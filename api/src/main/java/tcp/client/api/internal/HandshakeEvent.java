package tcp.client.api.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR: one successful TLS handshake, inside a {@link ConnectEvent}. */
@Name("tcp.client.Handshake")
@Label("TCP Client TLS Handshake")
@Category({"TCP Client"})
@Description("A completed TLS handshake of a tcp.client ClientTCP")
final class HandshakeEvent extends jdk.jfr.Event {
    @Label("Address")
    String address;

    @Label("Protocol")
    String protocol;

    @Label("Cipher Suite")
    String cipherSuite;

    @Label("Resumed")
    @Description("Whether the handshake resumed an earlier session instead of a full key exchange")
    boolean resumed;
}
