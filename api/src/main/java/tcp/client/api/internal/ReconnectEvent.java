package tcp.client.api.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** JFR: one reconnection attempt of a client with a reconnect policy. */
@Name("tcp.client.Reconnect")
@Label("TCP Client Reconnect Attempt")
@Category({"TCP Client"})
@Description("One attempt of a reconnect policy: the dial after the backoff delay")
final class ReconnectEvent extends jdk.jfr.Event {
    @Label("Address")
    String address;

    @Label("Attempt")
    @Description("1 for the first attempt of an outage")
    int attempt;

    @Label("Delay")
    @Description("The backoff waited before this attempt")
    @Timespan(Timespan.NANOSECONDS)
    long delay;

    @Label("Outcome")
    @Description("ok, or the class name of the exception the attempt failed with")
    String outcome;
}
