package org.sealing.control;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

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
    /** How long a command waits for another's start or stop, and for a server to accept connections. */
    private static final Duration WAIT = Duration.ofSeconds(120);
    /** Another command starting or stopping the server: the lock is tried every 100 ms. */
    private static final RetryTemplate LOCK_WAIT = waiting(Duration.ofMillis(100), ServerBusy.class);
    /** A server just started or adopted: a connection is tried every 200 ms. */
    private static final RetryTemplate READY_WAIT = waiting(Duration.ofMillis(200), SQLException.class);
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    /** A command that ran longer than this checks the binaries again before it runs pg_ctl to stop. */
    private static final long REVERIFY_AFTER_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Path home;
    private final PostgresBinaries binaries;
    private final PgCtl pgCtl;
    private final FileChannel serverLockFile;
    private final FileChannel clientsLockFile;
    private long verifiedAt;
    private FileLock clientLock;
    private String password;
    private int port;
    private int references;

    private EmbeddedControlServer(Path home) throws IOException {
        this.home = home;
        this.binaries = PostgresBinaries.verified(home);
        this.pgCtl = new PgCtl(binaries, home);
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
            if (!pgCtl.initialised()) {
                pgCtl.initialise(USER, password);
            }
            port = pgCtl.isRunning() ? pgCtl.port() : pgCtl.start();
            awaitReady();
            ensureDatabase();
            clientLock = clientsLockFile.lock(0, Long.MAX_VALUE, true);
        }
    }

    /** Takes {@code server.lock}, waiting while another command starts or stops the server. */
    private FileLock lockServer() throws IOException {
        try {
            return LOCK_WAIT.execute(() -> {
                FileLock lock = serverLockFile.tryLock();
                if (lock == null) {
                    throw new ServerBusy();
                }
                return lock;
            });
        } catch (RetryException e) {
            if (Thread.currentThread().isInterrupted()) {
                // the retry gives up at once when its thread is interrupted while it waits
                throw new IOException("interrupted", e);
            }
            if (e.getCause() instanceof ServerBusy) {
                throw new IOException("another sealctl process has been starting or stopping the server for over "
                        + WAIT.toSeconds() + " s (lock " + home.resolve("server.lock") + ")");
            }
            throw PgCtl.failure(e.getCause());
        }
    }

    /** Waits until the server, just started or adopted, accepts connections. */
    private void awaitReady() throws IOException {
        try {
            READY_WAIT.execute(() -> {
                try (Connection ignored = connect("postgres")) {
                    return port;
                }
            });
        } catch (RetryException e) {
            throw new IOException("the embedded server did not accept connections on port " + port + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
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
                            binaries.verify();
                            verifiedAt = System.nanoTime();
                        }
                        pgCtl.stop();
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

    /** Tries again every {@code delay} for {@link #WAIT} while an attempt fails with {@code transientFailure}. */
    private static RetryTemplate waiting(Duration delay, Class<? extends Exception> transientFailure) {
        return new RetryTemplate(RetryPolicy.builder().maxRetries(Long.MAX_VALUE).delay(delay).timeout(WAIT)
                .includes(transientFailure).build());
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do: the process is leaving
        }
    }

    /** {@code server.lock} is held by another process: worth waiting for. */
    private static final class ServerBusy extends Exception {
        private static final long serialVersionUID = 1L;

        ServerBusy() {
            super("server.lock is held by another process", null, false, false);
        }
    }
}
