package tcp.client.api.internal;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** JFR: the end of one connection: the close itself is the duration, the life a field. */
@Name("tcp.client.Close")
@Label("TCP Client Connection Closed")
@Category({"TCP Client"})
@Description("The end of a tcp.client connection, with what moved over it and how long it lived")
final class CloseEvent extends jdk.jfr.Event {
    @Label("Address")
    String address;

    @Label("Transport")
    String transport;

    @Label("Reason")
    @Description("The CloseReason: LOCAL, PEER_CLOSED, RESET, TIMEOUT, TLS_ALERT or IO_ERROR")
    String reason;

    @Label("Bytes Read")
    @DataAmount
    long bytesRead;

    @Label("Bytes Written")
    @DataAmount
    long bytesWritten;

    @Label("Lifetime")
    @Description("From the connection's establishment to its end")
    @Timespan(Timespan.NANOSECONDS)
    long lifetime;
}
