package org.sealing.control;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * The embedded server's own programs, run as processes: {@code initdb} to create its data folder and
 * {@code pg_ctl} to start, query and stop it. Each runs with a time limit, and a failure says which
 * program failed and the last lines it wrote.
 */
final class PgCtl {

    // its lines are the server's story, told under its name
    private static final Logger log = LoggerFactory.getLogger(EmbeddedControlServer.class);

    /** A start fails when another process took the free port first: five ports, one after another. */
    private static final RetryTemplate START_ATTEMPTS = new RetryTemplate(RetryPolicy.builder().maxRetries(4)
            .delay(Duration.ZERO).includes(IOException.class).build());

    private final PostgresBinaries binaries;
    private final Path home;
    private final Path dataDir;

    /** The programs of {@code binaries} for the server whose data lie in {@code home}'s folder {@code postgres}. */
    PgCtl(PostgresBinaries binaries, Path home) {
        this.binaries = binaries;
        this.home = home;
        this.dataDir = home.resolve("postgres");
    }

    /** Whether {@code initdb} has created the data folder (it is renamed into place only when complete). */
    boolean initialised() {
        return Files.exists(dataDir.resolve("PG_VERSION"));
    }

    /** Creates the data folder with {@code initdb} beside it, then renames it into place. */
    void initialise(String user, String password) throws IOException {
        Path staging = home.resolve("postgres.initdb-" + ProcessHandle.current().pid());
        Path pwfile = home.resolve("postgres.pwfile-" + ProcessHandle.current().pid());
        ControlFiles.writePrivate(pwfile, password);
        try {
            run(binaries.command("initdb", "-D", staging.toString(), "-U", user, "--auth=scram-sha-256",
                    "--pwfile=" + pwfile, "-E", "UTF8", "--locale=C"), 300);
        } finally {
            Files.deleteIfExists(pwfile);
        }
        String settings = String.join("\n",
                "",
                "# sealing remediation: the embedded control database",
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = ''",
                "max_connections = 300",
                "shared_buffers = 256MB",
                "max_wal_size = 2GB",
                "log_min_messages = warning",
                "");
        Files.writeString(staging.resolve("postgresql.conf"), settings, StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        Files.move(staging, dataDir, StandardCopyOption.ATOMIC_MOVE);
        log.info("created the embedded control database in {}", dataDir);
    }

    boolean isRunning() throws IOException {
        if (!Files.exists(dataDir.resolve("postmaster.pid"))) {
            return false;
        }
        return run(binaries.command("pg_ctl", "status", "-D", dataDir.toString()), 30, 0, 3) == 0;
    }

    /** Starts the server on a free port of the loopback; returns the port it listens on. */
    int start() throws IOException {
        try {
            return START_ATTEMPTS.execute(() -> {
                int port = freePort();
                List<String> command = new ArrayList<>();
                if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
                    // its own session: a Ctrl-C meant for one command must not stop the server under another
                    command.addAll(List.of("/usr/bin/setsid", "--wait"));
                }
                command.addAll(binaries.command("pg_ctl", "start", "-D", dataDir.toString(), "-w", "-t", "120",
                        "-l", home.resolve("postgres.log").toString(), "-o", "-p " + port));
                try {
                    run(command, 180);
                    log.debug("started the embedded control database on 127.0.0.1:{}", port);
                    return port;
                } catch (IOException e) {
                    // another command may have started it meanwhile: adopt that server
                    if (isRunning()) {
                        return port();
                    }
                    throw e;
                }
            });
        } catch (RetryException e) {
            throw failure(e.getCause());
        }
    }

    /**
     * The last failure of a retry as the caller declares it: an unchecked one as it was (its message
     * reaches the user's one line as it does from anywhere else), a checked one as an IOException with
     * its own message, not its class name.
     */
    static IOException failure(Throwable cause) {
        if (cause instanceof RuntimeException unchecked) {
            throw unchecked;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
    }

    /** The port of the running server, from its {@code postmaster.pid}. */
    int port() throws IOException {
        List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
        if (lines.size() < 4) {
            throw new IOException("unexpected postmaster.pid in " + dataDir);
        }
        return Integer.parseInt(lines.get(3).trim());
    }

    void stop() throws IOException {
        run(binaries.command("pg_ctl", "stop", "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60"), 90);
        log.debug("stopped the embedded control database");
    }

    private int run(List<String> command, long timeoutSeconds, int... acceptedExitCodes) throws IOException {
        Path output = Files.createTempFile(home, "pgctl", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(command.size() > 2 ? 2 : 0) + " did not finish in "
                        + timeoutSeconds + " s");
            }
            int code = p.exitValue();
            int[] accepted = acceptedExitCodes.length == 0 ? new int[] {0} : acceptedExitCodes;
            for (int ok : accepted) {
                if (code == ok) {
                    return code;
                }
            }
            String text = Files.readString(output, StandardCharsets.UTF_8).strip();
            throw new IOException(programName(command) + " exited with " + code + ": " + lastLines(text));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String programName(List<String> command) {
        for (String part : command) {
            if (part.contains("/bin/")) {
                return Path.of(part).getFileName().toString();
            }
        }
        return command.get(0);
    }

    private static String lastLines(String text) {
        String[] lines = text.split("\n");
        int from = Math.max(0, lines.length - 3);
        return String.join(" | ", Arrays.copyOfRange(lines, from, lines.length));
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
