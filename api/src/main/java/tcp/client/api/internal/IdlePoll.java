package tcp.client.api.internal;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Asks the kernel, without blocking and without consuming anything, whether an idle socket has
 * input: data, the peer's end of stream or a reset all make it readable.
 *
 * <p>One selector serves the whole process; a poll registers the channel, selects without
 * waiting, and deregisters it again before putting the channel back in blocking mode. The caller
 * guarantees that no other thread reads or writes the channel meanwhile.
 */
final class IdlePoll {
    private static final ReentrantLock LOCK = new ReentrantLock();
    /** Opened on first use, under {@link #LOCK}. */
    private static Selector selector;

    private IdlePoll() {
    }

    /**
     * @param channel connected, in blocking mode, idle
     * @return whether a read would not block
     */
    static boolean readable(SocketChannel channel) throws IOException {
        LOCK.lock();
        try {
            Selector s = selector;
            if (s == null || !s.isOpen()) {
                s = Selector.open();
                selector = s;
            }
            channel.configureBlocking(false);
            try {
                SelectionKey key = channel.register(s, SelectionKey.OP_READ);
                try {
                    return s.selectNow() > 0 && key.isReadable();
                } finally {
                    key.cancel();
                    // A cancelled key leaves the selector only at its next selection; until then
                    // the channel cannot go back to blocking mode.
                    s.selectNow();
                }
            } finally {
                channel.configureBlocking(true);
            }
        } finally {
            LOCK.unlock();
        }
    }
}
