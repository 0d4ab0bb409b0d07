package org.sealing.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code sealctl} in a JVM of its own, as an operator runs it: the way to test what happens when a
 * process is killed outright, or when two commands run at once. It starts from the packaged application
 * when the build has one ({@link PackagedSealctl}).
 */
public final class SealctlProcess {

    /** Every child still running; a test that fails half-way must not leave one behind. */
    private static final java.util.Set<Process> STARTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SealctlProcess::killAll, "sealctl-children"));
    }

    private final Process process;
    private final Path out;
    private final Path err;

    private SealctlProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /**
     * Starts {@code sealctl args} in {@code workDir} with these environment variables added, in a JVM that
     * compiles with C1 only: the tests' worlds are small, and the suite starts some ninety such JVMs on two
     * cores, each of which spends seconds of CPU on C2 compiles of start-up code otherwise.
     */
    public static SealctlProcess start(Path workDir, Map<String, String> env, String... args) {
        return launch(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), workDir, env, args);
    }

    /** Starts {@code sealctl args} in a JVM with this maximum heap ({@code -Xmx}) and C2, for a large workload. */
    public static SealctlProcess startWithHeap(String heap, Path workDir, Map<String, String> env, String... args) {
        return launch(List.of("-Xmx" + heap), workDir, env, args);
    }

    private static SealctlProcess launch(List<String> options, Path workDir, Map<String, String> env, String... args) {
        try {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(options);
            if (PackagedSealctl.LAUNCH != null) {
                command.addAll(PackagedSealctl.LAUNCH);
            } else {
                command.add("-cp");
                command.add(System.getProperty("java.class.path"));
                command.add("org.sealing.SealingApplication");
            }
            command.addAll(List.of(args));
            Files.createDirectories(workDir);
            Path out = Files.createTempFile(workDir, "sealctl", ".out");
            Path err = Files.createTempFile(workDir, "sealctl", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            STARTED.add(process);
            process.onExit().thenRun(() -> STARTED.remove(process));
            return new SealctlProcess(process, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills every child still running (tests call it after each test; the JVM at its exit). */
    public static void killAll() {
        for (Process p : List.copyOf(STARTED)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        STARTED.clear();
    }

    /** The environment that points a child at a test's control database. */
    public static Map<String, String> controlEnv(String url, String user, String password) {
        Map<String, String> env = new HashMap<>();
        env.put("SEALING_CONTROL_URL", url);
        env.put("SEALING_CONTROL_USER", user == null ? "" : user);
        env.put("SEALING_CONTROL_PASSWORD", password == null ? "" : password);
        env.put("SEALING_HMAC_KEY", FunctionalTestSupport.TEST_HMAC_KEY);
        env.put("SEALING_VAULT_KEY", FunctionalTestSupport.TEST_VAULT_KEY);
        return env;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no finally block, no clean anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as an init system or an operator sends it. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the process to end and returns its exit code. */
    public int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("sealctl did not finish in " + seconds + " s; stderr: " + err());
        }
        return process.exitValue();
    }

    public String out() {
        return read(out);
    }

    public String err() {
        return read(err);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
