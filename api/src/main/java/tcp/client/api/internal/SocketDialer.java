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
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import jdk.net.ExtendedSocketOptions;
import tcp.client.api.spi.TransportOptions;

/**
 * Opens the TCP part of a connection as Go's dialer does: every resolved address in turn within
 * the budget, TCP_NODELAY and keep-alive set before the SYN, an IPv4 socket for an IPv4 address.
 *
 * <p>It connects through a {@link SocketChannel} in blocking mode because such a channel is
 * interruptible: an interrupt of the calling thread closes it and the blocked connect, read or
 * write fails at once with {@code ClosedByInterruptException}, which a {@code java.net.Socket}
 * does not do on Java 17.
 *
 * <p>The connect to the last address (usually the only one) has the rest of the budget, which the
 * attempt's deadline timer enforces by closing the channel: it is a plain blocking
 * {@link SocketChannel#connect}, one system call on a loopback or LAN connect. An earlier address
 * has a share of the budget, enforced by a timed connect, which costs six more system calls (the
 * JDK switches the socket to non-blocking mode and back, polls it and reads its error).
 */
final class SocketDialer {
    /** Like Go, give each address at least this much of the budget when several are left. */
    private static final long MIN_SHARE_NANOS = Duration.ofSeconds(2).toNanos();
    /** Go's keep-alive probe interval and count since Go 1.23. */
    private static final int KEEPALIVE_INTERVAL_SECONDS = 15;
    private static final int KEEPALIVE_COUNT = 9;

    private SocketDialer() {
    }

    /**
     * Resolves the address's host and connects to the first address that answers.
     *
     * @return a connected channel in blocking mode, still {@linkplain ConnectAttempt#guard guarded}
     * @throws IOException the first address's failure, later ones suppressed in it
     */
    static SocketChannel dial(ConnectAttempt attempt, Address address, TransportOptions options) throws IOException {
        List<InetAddress> addresses = address.resolve();
        IOException failure = null;
        for (int i = 0; i < addresses.size(); i++) {
            attempt.checkRunning();
            InetSocketAddress target = new InetSocketAddress(addresses.get(i), address.port());
            long left = attempt.remaining().toNanos();
            int remainingAddresses = addresses.size() - i;
            long share = remainingAddresses == 1 ? left : Math.min(left, Math.max(left / remainingAddresses, MIN_SHARE_NANOS));
            SocketChannel channel = attempt.guard(open(target.getAddress()));
            try {
                configure(channel, options);
                if (share == left) {
                    // The rest of the budget: the attempt's deadline timer closes the channel when
                    // it runs out, so a plain blocking connect (one system call) needs no timeout.
                    channel.connect(target);
                } else {
                    channel.socket().connect(target, Durations.millisAtLeastOne(share));
                }
                return channel;
            } catch (IOException e) {
                attempt.release(channel);
                ConnectAttempt.closeQuietly(channel);
                if (attempt.isExpired() && !(e instanceof SocketTimeoutException)) {
                    // The deadline timer closed the channel under the connect.
                    throw attempt.timeoutException(e);
                }
                if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)
                        || Thread.currentThread().isInterrupted() || attempt.isCancelled() || attempt.isExpired()) {
                    throw e;
                }
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            } catch (RuntimeException e) {
                attempt.release(channel);
                ConnectAttempt.closeQuietly(channel);
                throw e;
            }
        }
        throw failure;
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
            setIfSupported(channel, ExtendedSocketOptions.TCP_KEEPINTERVAL, KEEPALIVE_INTERVAL_SECONDS);
            setIfSupported(channel, ExtendedSocketOptions.TCP_KEEPCOUNT, KEEPALIVE_COUNT);
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
