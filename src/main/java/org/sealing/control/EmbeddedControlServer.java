package org.sealing.control;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.sealing.support.ConfigurationException;

/**
 * The embedded PostgreSQL server that holds the control database under {@code .sealing/} when no
 * external one is configured.
 *
 * <p>Several commands may use one directory at once (a {@code serve}, a {@code status}, a
 * {@code stop}): the first to arrive starts the server, each holds a shared lock on
 * {@code clients.lock} while it works, and the last to leave stops the server cleanly. Start and stop
 * are serialised by {@code server.lock}. A process killed outright leaves the server running for the
 * next command to adopt, and the operating system releases its locks, so nothing needs cleaning up.
 * The server's programs are {@link PostgresBinaries}, checked before this process runs any of them
 * (and again before it stops the server, if it ran long).
 */
public final class EmbeddedControlServer implements AutoCloseable {

    static final String DATABASE = "sealing";
    static final String USER = "sealing";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedControlServer.class);
    private static final Map<Path, EmbeddedControlServer> ATTACHED = new HashMap<>();
    private static final long LOCK_WAIT_SECONDS = 120;
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    /** A command that ran longer than this checks the binaries again before it runs pg_ctl to stop. */
    private static final long REVERIFY_AFTER_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Path home;
    private final Path dataDir;
    private final PostgresBinaries binaries;
    private final FileChannel serverLockFile;
    private final FileChannel clientsLockFile;
    private long verifiedAt;
    private FileLock clientLock;
    private String password;
    private int port;
    private int references;

    private EmbeddedControlServer(Path home) throws IOException {
        this.home = home;
        this.dataDir = home.resolve("postgres");
        this.binaries = PostgresBinaries.verified(home);
        this.verifiedAt = System.nanoTime();
        this.serverLockFile = FileChannel.open(home.resolve("server.lock"), Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE), OWNER_ONLY);
        // a shared lock needs a readable channel
        this.clientsLockFile = FileChannel.open(home.resolve("clients.lock"), Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE), OWNER_ONLY);
    }

    /**
     * Attaches this process to the server of {@code home}, starting it (and creating it on first use)
     * when no other process has. Attaching twice in one JVM shares one attachment.
     */
    public static synchronized EmbeddedControlServer attach(Path home) {
        Path key = home.toAbsolutePath().normalize();
        EmbeddedControlServer server = ATTACHED.get(key);
        try {
            if (server == null) {
                ControlFiles.createPrivateDirectory(key);
                server = new EmbeddedControlServer(key);
                server.startOrAdopt();
                ATTACHED.put(key, server);
            }
            server.references++;
            return server;
        } catch (IOException e) {
            throw new ConfigurationException("cannot start the embedded control database in " + key + ": "
                    + e.getMessage() + " (see " + key.resolve("postgres.log") + ")", e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    public Path home() {
        return home;
    }

    private void startOrAdopt() throws IOException {
        try (FileLock ignored = lockServer()) {
            password = ControlFiles.readOrCreateSecret(home.resolve("postgres.password"), () -> randomHex(24));
            if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
                initialise();
            }
            if (!isRunning()) {
                start();
            } else {
                port = portFromPidFile();
            }
            awaitReady();
            ensureDatabase();
            clientLock = clientsLockFile.lock(0, Long.MAX_VALUE, true);
        }
    }

    private FileLock lockServer() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LOCK_WAIT_SECONDS);
        while (true) {
            FileLock lock = serverLockFile.tryLock();
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("another sealctl process has been starting or stopping the server for over "
                        + LOCK_WAIT_SECONDS + " s (lock " + home.resolve("server.lock") + ")");
            }
            sleep(100);
        }
    }

    private void initialise() throws IOException {
        Path staging = home.resolve("postgres.initdb-" + ProcessHandle.current().pid());
        Path pwfile = home.resolve("postgres.pwfile-" + ProcessHandle.current().pid());
        ControlFiles.writePrivate(pwfile, password);
        try {
            run(binaries.command("initdb", "-D", staging.toString(), "-U", USER, "--auth=scram-sha-256",
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

    private boolean isRunning() throws IOException {
        if (!Files.exists(dataDir.resolve("postmaster.pid"))) {
            return false;
        }
        return run(binaries.command("pg_ctl", "status", "-D", dataDir.toString()), 30, 0, 3) == 0;
    }

    private void start() throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            port = freePort();
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
                return;
            } catch (IOException e) {
                last = e;
                if (isRunning()) {
                    port = portFromPidFile();
                    return;
                }
            }
        }
        throw last;
    }

    private int portFromPidFile() throws IOException {
        List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
        if (lines.size() < 4) {
            throw new IOException("unexpected postmaster.pid in " + dataDir);
        }
        return Integer.parseInt(lines.get(3).trim());
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try (Connection ignored = connect("postgres")) {
                return;
            } catch (SQLException e) {
                last = e;
                sleep(200);
            }
        }
        throw new IOException("the embedded server did not accept connections on port " + port + ": "
                + (last == null ? "" : last.getMessage()));
    }

    private void ensureDatabase() throws IOException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            var rs = s.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'");
            if (!rs.next()) {
                s.execute("create database " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IOException("cannot create the control database: " + e.getMessage(), e);
        }
    }

    /** A plain connection to one database of this server, outside any pool. */
    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    /** Detaches; the last process to detach stops the server. */
    @Override
    public void close() {
        synchronized (EmbeddedControlServer.class) {
            if (--references > 0) {
                return;
            }
            ATTACHED.remove(home);
            try (FileLock ignored = lockServer()) {
                clientLock.release();
                FileLock alone = clientsLockFile.tryLock();
                if (alone != null) {
                    try {
                        if (System.nanoTime() - verifiedAt > REVERIFY_AFTER_NANOS) {
                            // a long command (serve, a big run): the binaries may have changed since it began
                            PostgresBinaries.verify(binaries.dir());
                            verifiedAt = System.nanoTime();
                        }
                        run(binaries.command("pg_ctl", "stop", "-D", dataDir.toString(), "-m", "fast", "-w",
                                "-t", "60"), 90);
                        log.debug("stopped the embedded control database");
                    } finally {
                        alone.release();
                    }
                }
            } catch (IOException | ConfigurationException e) {
                log.warn("could not stop the embedded control database cleanly: {}", e.getMessage());
            } finally {
                closeQuietly(clientsLockFile);
                closeQuietly(serverLockFile);
            }
        }
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
        return String.join(" | ", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do: the process is leaving
        }
    }
}
