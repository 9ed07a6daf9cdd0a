package tcp.client.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines for other JVMs of this benchmark: the same {@code java}, the same module path (or
 * class path) as this JVM, and a main class of this module.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * The JVM options this JVM was started with ({@code -Xmx}, {@code --enable-native-access},
     * {@code -D...}), without those the launcher derives from {@code -p} and {@code -m}, which
     * {@link #command} gives anew.
     */
    static List<String> inheritedOptions() {
        List<String> options = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-Djdk.module.") && !a.startsWith("-Dsun.java.command")) {
                options.add(a);
            }
        }
        return options;
    }

    /**
     * {@code java OPTIONS (-p PATH -m tcp.client.bench/MAIN | -cp PATH MAIN) ARGS}.
     *
     * @param options JVM options
     * @param main a class of this module with a {@code main} method
     * @param args the program's arguments
     */
    static List<String> command(List<String> options, Class<?> main, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null && !modulePath.isEmpty()) {
            command.addAll(List.of("-p", modulePath, "-m", main.getModule().getName() + "/" + main.getName()));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        }
        command.addAll(args);
        return command;
    }
}
