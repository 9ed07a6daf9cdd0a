/**
 * Frames over a TCP client: a {@link tcp.client.framing.FrameCodec} says where a frame ends, a
 * {@link tcp.client.framing.FramedClient} reads and writes whole frames over a
 * {@link tcp.client.api.ClientTCP}.
 *
 * <p>Unless a parameter is documented to accept null, passing null to any method of this package
 * throws {@link NullPointerException}. The one null return is documented:
 * {@link tcp.client.framing.FramedClient#readFrame()} returns null at a clean end of stream.
 *
 * <p>{@code FrameCodec} is immutable; {@code FramedClient} is thread-safe (one reader and any
 * number of writers at once).
 */
package tcp.client.framing;
