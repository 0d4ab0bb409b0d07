package org.sealing.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

/**
 * The command line of the product's run, as a user starts it: a JVM of its own ({@code java -jar} of
 * the application's jar, as {@code ./sealctl} starts it; the class path and main class when the
 * benchmark itself was not started from the jar, as in the tests), with the JVM options this benchmark
 * was started with (those of {@code ./sealctl} and {@code JAVA_OPTS}) and any in
 * {@code SEALING_BENCH_JAVA_OPTS} (for example a flight recording of the product alone).
 */
final class ProductProcess {

    /** Options of this JVM that are not the product's: debuggers, agents, recordings, archive dumps. */
    private static final List<String> NOT_INHERITED = List.of("-agentlib:", "-agentpath:", "-javaagent:", "-Xdebug",
            "-Xrunjdwp", "-XX:StartFlightRecording", "-XX:FlightRecorderOptions", "-XX:ArchiveClassesAtExit",
            "-Dspring.context.exit");

    private static final String MAIN = "org.sealing.SealingApplication";

    private ProductProcess() {
    }

    static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (NOT_INHERITED.stream().noneMatch(option::startsWith)) {
                command.add(option);
            }
        }
        String extra = System.getenv("SEALING_BENCH_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        String classPath = System.getProperty("java.class.path");
        if (isApplicationJar(classPath)) {
            command.add("-jar");
            command.add(classPath);
        } else {
            command.add("-cp");
            command.add(classPath);
            command.add(MAIN);
        }
        command.addAll(args);
        return command;
    }

    /**
     * Whether the class path is the application's jar (the Spring Boot jar, or the one {@code ./sealctl}
     * unpacked from it, whose manifest names its libraries), not a folder or a test runner's jar.
     */
    private static boolean isApplicationJar(String classPath) {
        if (!classPath.endsWith(".jar") || classPath.contains(java.io.File.pathSeparator)
                || !Files.isRegularFile(Path.of(classPath))) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath)) {
            var attributes = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes();
            return attributes != null && (MAIN.equals(attributes.getValue("Start-Class"))
                    || MAIN.equals(attributes.getValue("Main-Class")));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The environment of the product's process: this one's, without any setting of the benchmark's own
     * sealing installation (its control database, vault, keys, folders) but with its tuning
     * ({@code SEALING_REMEDIATION_*}, {@code SEALING_ZONE}), then {@code settings}.
     */
    static void environment(Map<String, String> env, Map<String, String> settings) {
        env.keySet().removeIf(name -> name.startsWith("SEALING_") && !name.startsWith("SEALING_REMEDIATION_")
                && !name.equals("SEALING_ZONE") && !name.equals("SEALING_LOG_FORMAT"));
        env.putAll(settings);
    }
}
