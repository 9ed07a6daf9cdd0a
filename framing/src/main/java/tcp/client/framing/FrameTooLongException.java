package tcp.client.framing;

import java.io.IOException;

/**
 * A frame arrived that is longer than its codec's maximum, or a length prefix claimed such a length
 * (or a negative one). The frame is not buffered whole, and the {@link FramedClient} has closed its
 * client by the time this is thrown: the stream cannot be trusted after it.
 */
public class FrameTooLongException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what arrived and the maximum it broke
     */
    public FrameTooLongException(String message) {
        super(message);
    }
}
