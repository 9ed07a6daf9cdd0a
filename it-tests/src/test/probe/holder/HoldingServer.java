import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain TCP echo server for many idle connections: one selector thread, no thread per
 * connection. Listens on 127.0.0.1, port 0, and prints {@code port=N}. Reads commands from standard
 * input: {@code stats} prints {@code stats accepted=A open=O eof=E reset=R} (connections that ended
 * with the peer's FIN are {@code eof}, with an error such as a reset {@code reset}); end of input
 * stops the server.
 */
public final class HoldingServer {
    private static final AtomicInteger ACCEPTED = new AtomicInteger();
    private static final AtomicInteger OPEN = new AtomicInteger();
    private static final AtomicInteger EOF = new AtomicInteger();
    private static final AtomicInteger RESET = new AtomicInteger();

    private HoldingServer() {
    }

    public static void main(String[] args) throws IOException {
        Selector selector = Selector.open();
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        Thread loop = new Thread(() -> serve(selector), "holding-server");
        loop.setDaemon(true);
        loop.start();
        System.out.println("port=" + ((InetSocketAddress) listener.getLocalAddress()).getPort());
        System.out.flush();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        for (String line; (line = commands.readLine()) != null; ) {
            if (line.trim().equals("stats")) {
                System.out.println("stats accepted=" + ACCEPTED.get() + " open=" + OPEN.get() + " eof=" + EOF.get()
                        + " reset=" + RESET.get());
                System.out.flush();
            }
        }
        System.exit(0);
    }

    private static void serve(Selector selector) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(16 * 1024);
        while (true) {
            try {
                selector.select();
            } catch (IOException e) {
                e.printStackTrace();
                System.exit(3);
            }
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                if (key.isValid() && key.isAcceptable()) {
                    accept((ServerSocketChannel) key.channel(), selector);
                } else if (key.isValid() && key.isReadable()) {
                    echo(key, buffer);
                }
            }
        }
    }

    private static void accept(ServerSocketChannel listener, Selector selector) {
        // Accept everything that is queued: 10,000 clients connect in a burst.
        for (int i = 0; i < 4096; i++) {
            SocketChannel channel;
            try {
                channel = listener.accept();
                if (channel == null) {
                    return;
                }
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ);
            } catch (IOException e) {
                e.printStackTrace();
                continue;
            }
            ACCEPTED.incrementAndGet();
            OPEN.incrementAndGet();
        }
    }

    private static void echo(SelectionKey key, ByteBuffer buffer) {
        SocketChannel channel = (SocketChannel) key.channel();
        buffer.clear();
        try {
            int n = channel.read(buffer);
            if (n < 0) {
                end(key, EOF);
                return;
            }
            buffer.flip();
            // Echoes are a few bytes into an empty send buffer; a bounded retry is enough.
            for (int attempt = 0; buffer.hasRemaining() && attempt < 1000; attempt++) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            end(key, RESET);
        }
    }

    private static void end(SelectionKey key, AtomicInteger how) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException e) {
            e.printStackTrace();
        }
        how.incrementAndGet();
        OPEN.decrementAndGet();
    }
}
