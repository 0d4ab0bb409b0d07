package org.sealing.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How the suite's {@code sealctl} processes start: from the application {@code package} built (unpacked as
 * {@code ./sealctl} unpacks it), with a class-data-sharing archive of the classes a command's start loads, made
 * once per build; or, when the build has no current package (a test run from an IDE), from the test class path
 * as before.
 *
 * <p>The suite starts a hundred-odd such processes on two cores, and each spent 3 to 4 s of CPU loading and
 * linking the 7,000 classes of its start; the archive maps them ready-made (a {@code status} took 1.8-2.1 s
 * instead of 2.9-3.5 s). The archive is static ({@code -Xshare:dump} from a class list recorded by a
 * {@code status} against a new database): JDK 17.0.15 crashes dumping the application's lambda proxies, so
 * those lines are left out of the list. When the dump fails, the processes start without an archive.
 */
final class PackagedSealctl {

    /** The options and class path that start the application (before its arguments), or null: use the class path. */
    static final List<String> LAUNCH = prepare();

    private PackagedSealctl() {
    }

    private static List<String> prepare() {
        try {
            Path jar = Path.of("target", "sealing-remediation.jar").toAbsolutePath();
            if (!Files.isRegularFile(jar) || newest(Path.of("target", "classes")) > Files.getLastModifiedTime(jar)
                    .toMillis()) {
                return null;
            }
            Path dir = Path.of("target", "sealctl-cds",
                    Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis()).toAbsolutePath();
            Files.createDirectories(dir);
            Path app = dir.resolve("app").resolve("sealing-remediation.jar");
            Path archive = dir.resolve("app.jsa");
            // the suite's two test JVMs start at once: one prepares, the other waits for it
            try (FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                Path done = dir.resolve("done");
                if (!Files.exists(done)) {
                    make(jar, dir, app, archive);
                    Files.writeString(done, Files.exists(archive) ? "archive" : "no archive");
                }
            }
            List<String> launch = new ArrayList<>();
            if (Files.exists(archive)) {
                launch.add("-XX:SharedArchiveFile=" + archive);
            }
            launch.add("-jar");
            launch.add(app.toString());
            return List.copyOf(launch);
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("PackagedSealctl: sealctl processes start from the test class path: " + e);
            return null;
        }
    }

    private static void make(Path jar, Path dir, Path app, Path archive) throws IOException, InterruptedException {
        Path unpacked = app.getParent();
        if (Files.exists(unpacked)) {
            try (Stream<Path> files = Files.walk(unpacked)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        if (run(dir, Map.of(), "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination",
                unpacked.toString()) != 0) {
            throw new IOException("cannot unpack " + jar);
        }
        // the classes a command's start loads: a status against a new database (its migrations included)
        TestControlDatabase.Database db = TestControlDatabase.create();
        Path list = dir.resolve("classes.lst");
        Path training = Files.createDirectories(dir.resolve("training"));
        int status = run(training, SealctlProcess.controlEnv(db.url(), db.user(), db.password()), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-XX:DumpLoadedClassList=" + list, "-jar", app.toString(), "status");
        if (status != 0 || !Files.exists(list)) {
            System.err.println("PackagedSealctl: the training start failed (" + status + "), no archive");
            return;
        }
        Path classes = dir.resolve("classes-without-lambdas.lst");
        try (Stream<String> lines = Files.lines(list)) {
            Files.write(classes, lines.filter(l -> !l.startsWith("@")).toList());
        }
        int dumped = run(dir, Map.of(), "-Xshare:dump", "-XX:SharedClassListFile=" + classes,
                "-XX:SharedArchiveFile=" + archive, "-jar", app.toString());
        if (dumped != 0) {
            Files.deleteIfExists(archive);
            System.err.println("PackagedSealctl: the class-data dump failed (" + dumped + "), no archive");
        }
    }

    private static int run(Path workDir, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("prepare.log").toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    /** The newest modification time of the files under a folder, in ms. */
    private static long newest(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return Long.MAX_VALUE;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.getLastModifiedTime(f).toMillis();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).max().orElse(0);
        }
    }
}
