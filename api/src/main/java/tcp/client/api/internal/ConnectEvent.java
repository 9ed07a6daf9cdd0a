package tcp.client.api.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR: one connect, from the dial to an established connection or a failure. */
@Name("tcp.client.Connect")
@Label("TCP Client Connect")
@Category({"TCP Client"})
@Description("A connect of a tcp.client ClientTCP: the dial, and for TLS the handshake")
final class ConnectEvent extends jdk.jfr.Event {
    @Label("Address")
    @Description("The address as the client was given it, host:port")
    String address;

    @Label("Transport")
    String transport;

    @Label("TLS")
    boolean tls;

    @Label("Outcome")
    @Description("ok, or the class name of the exception the connect threw")
    String outcome;
}
