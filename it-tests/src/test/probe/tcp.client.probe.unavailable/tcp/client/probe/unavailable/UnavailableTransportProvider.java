package tcp.client.probe.unavailable;

import java.util.Optional;
import tcp.client.api.spi.Transport;
import tcp.client.api.spi.TransportOptions;
import tcp.client.api.spi.TransportProvider;

/**
 * A provider that is found but can never work: its priority is above every real transport, so
 * default selection would pick it if it ignored {@link #unavailableReason()}.
 */
public final class UnavailableTransportProvider implements TransportProvider {
    /** The provider's name. */
    public static final String NAME = "probe-unavailable";
    /** The text of the reason, for the scenario to look for. */
    public static final String REASON = "deliberately unavailable: the CS-156 test provider";

    private static final Optional<Throwable> UNAVAILABLE = Optional.of(new UnsupportedOperationException(REASON));

    /** Creates the provider; does nothing else. */
    public UnavailableTransportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 1_000_000;
    }

    @Override
    public Optional<Throwable> unavailableReason() {
        return UNAVAILABLE;
    }

    @Override
    public Transport create(TransportOptions options) {
        throw new IllegalStateException("transport " + NAME + " is unavailable: " + REASON, UNAVAILABLE.get());
    }
}
