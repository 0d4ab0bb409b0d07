package org.sealing.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fourteen target databases of SPEC section 9, shaped like a big department's systems and
 * differing as real systems do: arrest numbers with and without dashes and in mixed case, NYSIDs with
 * and without a space, names split or combined, children that reach the arrest only through foreign
 * keys (three levels deep for mugshots and prints), copies of booking data, tables with no sealed data
 * at all, and the same people's unsealed arrests, stops and summonses beside the sealed ones. Each
 * database is dropped and created afresh from its schema, {@code demo/schema/<target>.sql} on the class
 * path, then filled with COPY ({@link BookingRows}, {@link StreetRows}, {@link CaseRows}).
 *
 * <p>Given a MariaDB server ({@code SEALING_DEMO_MARIADB_URL}), two of the fourteen,
 * {@link #MARIADB_TARGETS}, are placed there instead, from {@code demo/schema/mariadb/<target>.sql},
 * and filled with multi-row inserts ({@link MariaDbRows}); the rows are the same.
 */
final class DemoWorld {

    private static final Logger log = LoggerFactory.getLogger(DemoWorld.class);

    /** The target databases, as the shipped {@code jobs/targets/*.yml} name them. */
    static final List<String> TARGETS = List.of("olbs", "mugshots", "fingerprints", "das", "cgd", "sqf", "fic",
            "warrants", "dd5", "casemgmt", "juvenile", "dir", "summons", "omniform");

    /**
     * The line of a schema file after which its statements run once the rows are in: an index built
     * over the copied rows at once is cheaper than one kept up to date through every row of the COPY.
     */
    static final String AFTER_THE_ROWS = "-- after the rows";

    /** The targets placed on MariaDB when the demo is given a MariaDB server. */
    static final List<String> MARIADB_TARGETS = List.of("summons", "dir");

    /** A database server: the URL a database's name is appended to, and who logs in. */
    record Server(String jdbcPrefix, String user, String password) {
    }

    private final Server postgres;
    /** Where {@link #MARIADB_TARGETS} go, or null to keep every target on PostgreSQL. */
    private final Server mariaDb;
    private final BookingRows booking;
    private final StreetRows street;
    private final CaseRows cases;
    /** The database of each target: {@link #database(String)}, or another name for another use (the benchmark). */
    private final java.util.function.UnaryOperator<String> databases;

    DemoWorld(String jdbcPrefix, String user, String password, DemoPopulation population, Server mariaDb) {
        this(new Server(jdbcPrefix, user, password), mariaDb, population, DemoWorld::database);
    }

    DemoWorld(String jdbcPrefix, String user, String password, DemoPopulation population,
            java.util.function.UnaryOperator<String> databases) {
        this(new Server(jdbcPrefix, user, password), null, population, databases);
    }

    private DemoWorld(Server postgres, Server mariaDb, DemoPopulation population,
            java.util.function.UnaryOperator<String> databases) {
        this.databases = databases;
        this.postgres = postgres;
        this.mariaDb = mariaDb;
        this.booking = new BookingRows(population);
        this.street = new StreetRows(population);
        this.cases = new CaseRows(population);
    }

    static String database(String target) {
        return "demo_" + target;
    }

    /** Drops and creates every target database and fills it; returns the number of rows written. */
    long create(String adminDatabase) throws SQLException {
        try (Connection admin = connect(postgres, adminDatabase); Statement s = admin.createStatement()) {
            admin.setAutoCommit(true);
            for (String target : TARGETS) {
                if (!onMariaDb(target)) {
                    s.execute("drop database if exists " + databases.apply(target) + " with (force)");
                    s.execute("create database " + databases.apply(target));
                }
            }
        }
        if (mariaDb != null) {
            try (Connection admin = connect(mariaDb, ""); Statement s = admin.createStatement()) {
                for (String target : MARIADB_TARGETS) {
                    s.execute("drop database if exists " + databases.apply(target));
                    s.execute("create database " + databases.apply(target) + " character set utf8mb4");
                }
            }
        }
        long rows = 0;
        for (String target : TARGETS) {
            boolean maria = onMariaDb(target);
            Schema schema = schema((maria ? "mariadb/" : "") + target);
            try (Connection c = connect(maria ? mariaDb : postgres, databases.apply(target))) {
                c.setAutoCommit(false);
                execute(c, schema.tables(), maria);
                long n = fill(target, c);
                execute(c, schema.afterTheRows(), maria);
                execute(c, maria ? "" : "analyze", false);
                c.commit();
                rows += n;
                log.debug("demo: {} filled with {} rows", target, n);
            }
        }
        return rows;
    }

    /** The statements of one schema file: before the line {@value #AFTER_THE_ROWS}, and after it. */
    record Schema(String tables, String afterTheRows) {
    }

    /** The statements of {@code demo/schema/<target>.sql}, read from the class path. */
    static Schema schema(String target) {
        String resource = "/demo/schema/" + target + ".sql";
        String text;
        try (InputStream in = DemoWorld.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the demo's schema " + resource + " is missing from the class path");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the demo's schema " + resource + ": " + e.getMessage(), e);
        }
        int marker = text.indexOf("\n" + AFTER_THE_ROWS + "\n");
        if (marker < 0) {
            throw new IllegalStateException("the demo's schema " + resource + " has no line '" + AFTER_THE_ROWS + "'");
        }
        return new Schema(text.substring(0, marker + 1), text.substring(marker + AFTER_THE_ROWS.length() + 2));
    }

    /** Whether a target is placed on the MariaDB server. */
    boolean onMariaDb(String target) {
        return mariaDb != null && MARIADB_TARGETS.contains(target);
    }

    private static Connection connect(Server server, String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", server.user());
        if (server.password() != null) {
            p.setProperty("password", server.password());
        }
        return DriverManager.getConnection(server.jdbcPrefix() + database, p);
    }

    private static void execute(Connection c, String statements, boolean oneByOne) throws SQLException {
        if (statements.isBlank()) {
            return;
        }
        try (Statement s = c.createStatement()) {
            if (!oneByOne) {
                // several statements in one: PostgreSQL's simple query protocol runs them in order
                s.execute(statements);
                return;
            }
            // MariaDB's driver runs one statement at a time: the file's end each with a semicolon at a line's end
            for (String statement : statements.split(";\\s*(\\n|$)")) {
                String sql = statement.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + "\n" + b);
                if (!sql.isBlank()) {
                    s.execute(sql);
                }
            }
        }
    }

    private long fill(String target, Connection c) throws SQLException {
        return switch (target) {
            case "olbs" -> booking.olbs(c);
            case "mugshots" -> booking.mugshots(c);
            case "fingerprints" -> booking.fingerprints(c);
            case "das" -> booking.das(c);
            case "cgd" -> street.cgd(c);
            case "sqf" -> street.sqf(c);
            case "fic" -> street.fic(c);
            case "summons" -> street.summons(c);
            case "dir" -> street.dir(c);
            case "warrants" -> cases.warrants(c);
            case "dd5" -> cases.dd5(c);
            case "casemgmt" -> cases.casemgmt(c);
            case "juvenile" -> cases.juvenile(c);
            case "omniform" -> cases.omniform(c);
            default -> throw new IllegalArgumentException(target);
        };
    }
}
