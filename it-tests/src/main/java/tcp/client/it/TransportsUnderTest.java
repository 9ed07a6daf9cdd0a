package tcp.client.it;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tcp.client.api.Transports;
import tcp.client.api.TransportInfo;

/**
 * The one place that decides which transports the conformance suite runs against.
 *
 * <ul>
 *   <li>{@code -Dtcp.client.transport=NAME}: that transport alone (to check a provider written
 *       elsewhere, put its jar on the path and name it);</li>
 *   <li>else {@code -Dtck.transports=a,b}: those;</li>
 *   <li>else every transport found on the path that is available here.</li>
 * </ul>
 *
 * <p>{@code -Dtck.expect=a,b} (the build sets {@code jdk,conscrypt,bc}) names transports that
 * must be found and available: the suite's {@code TransportsUnderTestTest} fails, rather than
 * silently skipping, when one is missing.
 */
public final class TransportsUnderTest {
    private TransportsUnderTest() {
    }

    /** The names of the transports to run every scenario against, highest priority first. */
    public static List<String> names() {
        String only = System.getProperty("tcp.client.transport", "").trim();
        if (!only.isEmpty()) {
            return List.of(only);
        }
        Set<String> requested = split(System.getProperty("tck.transports", ""));
        List<String> names = new ArrayList<>();
        for (TransportInfo p : Transports.available()) {
            boolean wanted = requested.isEmpty() ? p.unavailableReason().isEmpty() : requested.contains(p.name());
            if (wanted) {
                names.add(p.name());
            }
        }
        for (String r : requested) {
            if (!names.contains(r)) {
                names.add(r);
            }
        }
        return List.copyOf(names);
    }

    /** The transports that {@code -Dtck.expect} says must be available. */
    public static Set<String> expected() {
        return split(System.getProperty("tck.expect", ""));
    }

    private static Set<String> split(String list) {
        Set<String> names = new LinkedHashSet<>();
        Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(names::add);
        return names;
    }
}
