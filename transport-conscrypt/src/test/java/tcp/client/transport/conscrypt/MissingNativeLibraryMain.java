package tcp.client.transport.conscrypt;

import tcp.client.api.ClientTCP;
import tcp.client.api.NoTransportException;
import tcp.client.api.TransportInfo;
import tcp.client.api.Transports;
import tcp.client.api.spi.TransportProvider;

/**
 * Run by {@link MissingNativeLibraryTest} in a JVM whose Conscrypt jar lacks its native libraries;
 * prints what the SDK sees, one fact per line.
 */
public final class MissingNativeLibraryMain {
    private MissingNativeLibraryMain() {
    }

    public static void main(String[] args) {
        for (TransportInfo p : Transports.available()) {
            System.out.println("provider " + p.name() + " reason "
                    + p.unavailableReason().map(e -> e.getClass().getName()).orElse("none"));
        }
        ConscryptTransportProvider provider = new ConscryptTransportProvider();
        System.out.println("same reason twice "
                + (provider.unavailableReason().orElseThrow() == provider.unavailableReason().orElseThrow()));
        try {
            ClientTCP.builder("127.0.0.1:1").transport("conscrypt").build();
            System.out.println("by name: built");
        } catch (NoTransportException e) {
            System.out.println("by name: " + e.getMessage().replace('\n', ' '));
        }
        try {
            ClientTCP.create("127.0.0.1:1");
            System.out.println("by default: built");
        } catch (NoTransportException e) {
            System.out.println("by default: " + e.getMessage().replace('\n', ' '));
        }
        try {
            provider.create(tcp.client.api.spi.TransportOptions.DEFAULTS);
            System.out.println("create: built");
        } catch (IllegalStateException e) {
            System.out.println("create: " + e.getClass().getName() + " cause " + e.getCause().getClass().getName());
        }
    }
}
