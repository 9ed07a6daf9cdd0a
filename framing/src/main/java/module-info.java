/**
 * Message framing over a {@link tcp.client.api.ClientTCP}: newline-terminated lines, frames ended
 * by any delimiter, and length-prefixed frames. Start with {@link tcp.client.framing.FramedClient}.
 */
module tcp.client.framing {
    requires transitive tcp.client.api;

    exports tcp.client.framing;
}
