package tcp.client.api;

/**
 * Thrown when a dial address is not of the form {@code host:port}; the Java form of golib's
 * {@code ErrAddress}.
 *
 * <p>The message always starts with {@code invalid dial address}; for an empty or null address it
 * is exactly that text, otherwise it goes on to quote the address and say what is wrong, for
 * example {@code invalid dial address "localhost:99999": port out of range 0-65535}.
 */
public final class InvalidAddressException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The text every message of this exception starts with. */
    public static final String PREFIX = "invalid dial address";

    /**
     * Creates the exception for an empty or null address.
     */
    public InvalidAddressException() {
        super(PREFIX);
    }

    /**
     * Creates the exception for an address and the reason it was refused.
     *
     * @param address the address as given
     * @param reason what is wrong with it
     */
    public InvalidAddressException(String address, String reason) {
        super(PREFIX + " \"" + address + "\": " + reason);
    }
}
