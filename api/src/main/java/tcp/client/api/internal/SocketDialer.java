package tcp.client.api.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import tcp.client.api.spi.TransportOptions;

/**
 * Opens the TCP part of a connection: TCP_NODELAY and keep-alive set before the SYN, an IPv4
 * socket for an IPv4 address, and a name's several addresses raced as RFC 8305 (Happy Eyeballs)
 * says, within the attempt's budget.
 *
 * <p>It connects through a {@link SocketChannel} in blocking mode because such a channel is
 * interruptible: an interrupt of the calling thread closes it and the blocked connect, read or
 * write fails at once with {@code ClosedByInterruptException}, which a {@code java.net.Socket}
 * does not do on Java 17.
 *
 * <p>One address (an IP literal, or a name with one address) is a plain blocking
 * {@link SocketChannel#connect}, one system call, bounded by the attempt's deadline timer, which
 * closes the channel when the budget runs out. Several addresses are interleaved by family (the
 * first address's family first) and dialed with non-blocking channels on one selector: a new
 * attempt starts every {@code attemptDelay} while earlier ones are pending, or at once when one
 * fails; the first to connect wins and the others are closed.
 */
final class SocketDialer {
    private SocketDialer() {
    }

    /**
     * Resolves the address's host and connects to the address that answers first.
     *
     * @param attemptDelay the RFC 8305 stagger between a name's addresses; positive
     * @return a connected channel in blocking mode, still {@linkplain ConnectAttempt#guard guarded}
     * @throws IOException the first address's failure, later ones suppressed in it
     */
    static SocketChannel dial(ConnectAttempt attempt, Address address, TransportOptions options, Duration attemptDelay)
            throws IOException {
        return dial(attempt, address.resolve(), address.port(), options, attemptDelay);
    }

    /** Connects to the first of {@code addresses} that answers, as {@link #dial(ConnectAttempt, Address, TransportOptions, Duration)}. */
    static SocketChannel dial(ConnectAttempt attempt, List<InetAddress> addresses, int port, TransportOptions options,
                              Duration attemptDelay) throws IOException {
        attempt.checkRunning();
        if (addresses.size() == 1) {
            return dialOne(attempt, new InetSocketAddress(addresses.get(0), port), options);
        }
        return new Race(attempt, interleaved(addresses), port, options, attemptDelay.toNanos()).run();
    }

    private static SocketChannel dialOne(ConnectAttempt attempt, InetSocketAddress target, TransportOptions options)
            throws IOException {
        SocketChannel channel = attempt.guard(open(target.getAddress()));
        try {
            configure(channel, options);
            // The attempt's deadline timer closes the channel when the budget runs out, so a
            // plain blocking connect (one system call) needs no timeout of its own.
            channel.connect(target);
            return channel;
        } catch (IOException | RuntimeException e) {
            attempt.release(channel);
            ConnectAttempt.closeQuietly(channel);
            if (attempt.isExpired() && e instanceof IOException) {
                throw attempt.timeoutException(e);
            }
            throw e;
        }
    }

    /** RFC 8305 section 4: alternate the families, starting with the first address's. */
    static List<InetAddress> interleaved(List<InetAddress> addresses) {
        boolean firstIsV4 = addresses.get(0) instanceof Inet4Address;
        ArrayDeque<InetAddress> preferred = new ArrayDeque<>();
        ArrayDeque<InetAddress> other = new ArrayDeque<>();
        for (InetAddress a : addresses) {
            ((a instanceof Inet4Address) == firstIsV4 ? preferred : other).add(a);
        }
        List<InetAddress> order = new ArrayList<>(addresses.size());
        while (!preferred.isEmpty() || !other.isEmpty()) {
            if (!preferred.isEmpty()) {
                order.add(preferred.poll());
            }
            if (!other.isEmpty()) {
                order.add(other.poll());
            }
        }
        return order;
    }

    /** One race of a name's addresses on one selector, guarded by the attempt. */
    private static final class Race {
        private final ConnectAttempt attempt;
        private final List<InetAddress> order;
        private final int port;
        private final TransportOptions options;
        private final long delayNanos;
        private final List<SocketChannel> pending = new ArrayList<>();
        private IOException failure;

        Race(ConnectAttempt attempt, List<InetAddress> order, int port, TransportOptions options, long delayNanos) {
            this.attempt = attempt;
            this.order = order;
            this.port = port;
            this.options = options;
            this.delayNanos = delayNanos;
        }

        SocketChannel run() throws IOException {
            Selector selector = attempt.guard(Selector.open());
            SocketChannel winner = null;
            try {
                int next = 0;
                long nextStart = System.nanoTime();
                while (winner == null) {
                    long now = System.nanoTime();
                    if (next < order.size() && (pending.isEmpty() || now - nextStart >= 0)) {
                        winner = start(selector, new InetSocketAddress(order.get(next++), port));
                        nextStart = System.nanoTime() + delayNanos;
                        continue;
                    }
                    if (pending.isEmpty()) {
                        throw failure;
                    }
                    long wait = next < order.size() ? nextStart - now : attempt.remaining().toNanos();
                    selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedIOException("connect to " + attempt.target() + " interrupted");
                    }
                    attempt.checkRunning();
                    for (SelectionKey key : selector.selectedKeys()) {
                        SocketChannel channel = (SocketChannel) key.channel();
                        if (finish(channel)) {
                            winner = channel;
                            break;
                        }
                        if (!channel.isOpen()) {
                            // An address failed: the next one starts now rather than after the delay.
                            nextStart = System.nanoTime();
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException | ClosedSelectorException e) {
                // The deadline timer closed the selector and the channels under the race.
                if (attempt.isExpired() && !(e instanceof SocketTimeoutException)) {
                    throw attempt.timeoutException(e);
                }
                if (e instanceof ClosedSelectorException) {
                    throw new InterruptedIOException("connect to " + attempt.target() + " cancelled");
                }
                throw e;
            } finally {
                attempt.release(selector);
                ConnectAttempt.closeQuietly(selector);
                for (SocketChannel loser : pending) {
                    if (loser != winner) {
                        attempt.release(loser);
                        ConnectAttempt.closeQuietly(loser);
                    }
                }
            }
            // Deregistered by the selector's close, so the channel can go back to blocking mode.
            winner.configureBlocking(true);
            return winner;
        }

        /** Starts connecting to one address; the channel if it connected at once, else null. */
        private SocketChannel start(Selector selector, InetSocketAddress target) throws IOException {
            SocketChannel channel = attempt.guard(open(target.getAddress()));
            pending.add(channel);
            try {
                configure(channel, options);
                channel.configureBlocking(false);
                if (channel.connect(target)) {
                    return channel;
                }
                channel.register(selector, SelectionKey.OP_CONNECT);
            } catch (IOException e) {
                failed(channel, e);
            }
            return null;
        }

        /** Whether the channel's connect completed; a failed one is closed and recorded. */
        private boolean finish(SocketChannel channel) throws IOException {
            try {
                return channel.finishConnect();
            } catch (IOException e) {
                if (!channel.isOpen() && (attempt.isExpired() || attempt.isCancelled())) {
                    throw e;
                }
                failed(channel, e);
                return false;
            }
        }

        private void failed(SocketChannel channel, IOException e) {
            pending.remove(channel);
            attempt.release(channel);
            ConnectAttempt.closeQuietly(channel);
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * A new channel for {@code address}: an IPv4 socket for an IPv4 address, as Go has it (cheaper
     * to create and connect than the JDK's default dual-stack IPv6 socket), else the default.
     */
    private static SocketChannel open(InetAddress address) throws IOException {
        return address instanceof Inet4Address
                ? SocketChannel.open(StandardProtocolFamily.INET) : SocketChannel.open();
    }

    /**
     * Applies the client's socket options to a new channel; options the platform lacks are skipped.
     * TCP_NODELAY and SO_KEEPALIVE are off on a new socket, so only turning them on is a call.
     */
    static void configure(SocketChannel channel, TransportOptions options) throws IOException {
        if (options.tcpNoDelay()) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        if (!options.keepAlive().isZero()) {
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            int idle = Durations.secondsAtLeastOne(options.keepAlive());
            setIfSupported(channel, ExtendedSocketOptions.TCP_KEEPIDLE, idle);
            setIfSupported(channel, ExtendedSocketOptions.TCP_KEEPINTERVAL,
                    Durations.secondsAtLeastOne(options.keepAliveInterval()));
            setIfSupported(channel, ExtendedSocketOptions.TCP_KEEPCOUNT, options.keepAliveCount());
        }
        if (options.sendBufferSize() > 0) {
            channel.setOption(StandardSocketOptions.SO_SNDBUF, options.sendBufferSize());
        }
        if (options.receiveBufferSize() > 0) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, options.receiveBufferSize());
        }
    }

    private static <T> void setIfSupported(SocketChannel channel, SocketOption<T> option, T value) throws IOException {
        if (channel.supportedOptions().contains(option)) {
            channel.setOption(option, value);
        }
    }
}
