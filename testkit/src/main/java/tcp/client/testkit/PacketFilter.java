package tcp.client.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One netfilter rule, put in place by {@code iptables} (or {@code ip6tables}) and taken out again
 * on {@link #close()}: faults that the kernel makes on a loopback port, such as a path that silently
 * drops packets or a box that answers with resets.
 *
 * <pre>{@code
 * try (PacketFilter silent = PacketFilter.ipv4("INPUT", "-p", "tcp", "--sport", "" + port, "-j", "DROP")) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Needs root and the {@code iptables} package; without them the factory methods throw, naming
 * what is missing: a test that needs the kernel's faults fails rather than skips. Rules should match
 * a port the test owns, so that nothing else on the machine is touched.
 */
public final class PacketFilter implements AutoCloseable {
    private static final long COMMAND_SECONDS = 10;

    private final String command;
    private final String chain;
    private final List<String> rule;
    private boolean removed;

    private PacketFilter(String command, String chain, List<String> rule) {
        this.command = command;
        this.chain = chain;
        this.rule = rule;
    }

    /**
     * Inserts an IPv4 rule at the head of {@code chain} of the filter table.
     *
     * @param chain such as {@code INPUT} or {@code OUTPUT}
     * @param rule the match and target, as iptables arguments
     * @return the rule, in place
     * @throws IllegalStateException if iptables is missing or refuses the rule, with its output
     */
    public static PacketFilter ipv4(String chain, String... rule) {
        return insert("iptables", chain, rule);
    }

    /**
     * Inserts an IPv6 rule at the head of {@code chain}; see {@link #ipv4}.
     *
     * @param chain such as {@code INPUT} or {@code OUTPUT}
     * @param rule the match and target, as ip6tables arguments
     * @return the rule, in place
     * @throws IllegalStateException if ip6tables is missing or refuses the rule, with its output
     */
    public static PacketFilter ipv6(String chain, String... rule) {
        return insert("ip6tables", chain, rule);
    }

    private static PacketFilter insert(String command, String chain, String... rule) {
        Objects.requireNonNull(chain, "chain");
        List<String> copy = List.of(rule);
        PacketFilter filter = new PacketFilter(command, chain, copy);
        filter.run("-I");
        return filter;
    }

    /**
     * Removes the rule. Idempotent.
     *
     * @throws IllegalStateException if the rule cannot be removed
     */
    @Override
    public synchronized void close() {
        if (!removed) {
            removed = true;
            run("-D");
        }
    }

    private void run(String action) {
        List<String> args = new ArrayList<>();
        args.add(command);
        args.add("-w");
        args.add(action);
        args.add(chain);
        args.addAll(rule);
        Path output = null;
        try {
            output = Files.createTempFile("testkit-iptables", ".log");
            Process process = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", args) + ": no answer within " + COMMAND_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", args) + " failed (exit " + process.exitValue() + "): "
                        + Files.readString(output, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException(command + " is needed for this test (run as root, install the iptables"
                    + " package): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", args), e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    System.getLogger(PacketFilter.class.getName()).log(System.Logger.Level.DEBUG,
                            "cannot delete " + output, e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return command + " " + chain + " " + String.join(" ", rule);
    }
}
