package org.sealing.targetdb.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import org.sealing.catalog.TableName;
import org.sealing.catalog.live.LiveCatalog;
import org.sealing.catalog.live.LiveCatalog.Column;
import org.sealing.catalog.live.LiveCatalog.Table;
import org.sealing.job.RunningStatements;

/**
 * What differs between the engines of target databases, chosen by a target's JDBC URL
 * ({@link #of(String)}): {@code jdbc:postgresql:} is {@link PostgreSqlDialect}, {@code jdbc:mariadb:}
 * and {@code jdbc:mysql:} (both through the MariaDB driver) are {@link MariaDbDialect}. Everything
 * else in the product is written against this seam and the dialect-neutral {@link LiveCatalog}, so
 * that a further engine (SQL Server, Oracle) is one more implementation.
 *
 * <p>What a dialect answers today:
 * <ul>
 * <li>the connection: the URL its driver is given, the driver's properties, the session settings
 *     (lock wait, statement time limit, the court's time zone, the SQL mode), how a running statement
 *     is cancelled from another thread, and how a lock timeout is recognised;</li>
 * <li>the catalog: {@link #readCatalog} reads tables, columns and their types, keys and indexes,
 *     foreign keys and the connected user's privileges into a {@link LiveCatalog}, whose types carry
 *     PostgreSQL's categories ({@code S} string, {@code N} number, {@code D} date/time, {@code B}
 *     boolean) whatever the engine, so that the checks of {@code catalog.check} are the same for all;</li>
 * <li>the SQL the checks write: quoting, literals, the normalised form a register identifier is
 *     compared with, and the statements a finding suggests ({@code CREATE INDEX}, {@code GRANT});</li>
 * <li>what a failure means: {@link #lockTimeout}, {@link #cancelled}, {@link #transientFailure} and
 *     {@link #unreachable}, by the engine's SQLSTATEs and error codes;</li>
 * <li>the SQL of plan, apply, verify and restore where it differs ({@link #remediation()}, a
 *     {@link RemediationSql}: temporary tables, the bulk load of the cases, the first row per key, the
 *     keys of a chunk as arrays or JSON, joined deletes and updates, casts, the masks' functions, the
 *     binding of a vault copy's values); {@code targetdb.TableSql} and {@code targetdb.RestoreSql}
 *     write the rest, the same for every engine.</li>
 * </ul>
 * A further engine (SQL Server, Oracle) is one more implementation of both. A dialect whose remediation
 * is not built answers false to {@link #remediates()}: a run refuses its targets with one precise
 * message, while {@code sealctl targets check} checks them fully.
 */
public interface TargetDialect {

    /**
     * The dialects, in the order their URL prefixes are tried. (A method, not a constant: an interface
     * with default methods is initialised with each implementation, which would then read its own
     * instance before it exists.)
     */
    static List<TargetDialect> all() {
        return List.of(PostgreSqlDialect.INSTANCE, MariaDbDialect.INSTANCE);
    }

    /** The dialect of a JDBC URL; an {@link IllegalArgumentException} that lists the known prefixes otherwise. */
    static TargetDialect of(String url) {
        return find(url).orElseThrow(() -> new IllegalArgumentException(unsupported()));
    }

    /** The dialect of a JDBC URL, if any dialect accepts it. */
    static Optional<TargetDialect> find(String url) {
        if (url == null) {
            return Optional.empty();
        }
        return all().stream().filter(d -> d.urlPrefixes().stream().anyMatch(url::startsWith)).findFirst();
    }

    /** The message for a URL of no known engine. */
    static String unsupported() {
        return "a target's URL must start with " + all().stream().flatMap(d -> d.urlPrefixes().stream())
                .map(p -> p + "...").collect(Collectors.joining(", "));
    }

    /** The engine's name, as messages write it. */
    String name();

    /** The URL prefixes this dialect accepts. */
    List<String> urlPrefixes();

    /** The URL the driver is given for a target's URL. */
    default String jdbcUrl(String url) {
        return url;
    }

    /** The driver's connection properties (timeouts, keep-alive; never a server's error details). */
    Properties driverProperties();

    /**
     * The statements every session of a target runs first, committed before any work: it waits at most
     * {@code lockWait} for a lock, runs no statement longer than {@code statementTimeout}, and reads
     * times in the court's {@code zone}.
     */
    List<String> sessionSettings(Duration lockWait, Duration statementTimeout, ZoneId zone);

    /**
     * The session settings as one initialisation statement text for a pool (the PostgreSQL driver runs
     * several statements in one text; MariaDB's settings are one {@code SET}).
     */
    default String initSql(Duration lockWait, Duration statementTimeout, ZoneId zone) {
        return String.join("; ", sessionSettings(lockWait, statementTimeout, zone));
    }

    /**
     * Checks, on a new connection before its settings run, what the settings need of the server, with
     * an {@link SQLException} whose message says what to do (MariaDB: the court's zone by name needs the
     * server's time zone tables).
     */
    default void checkServer(Connection c, ZoneId zone) throws SQLException {
    }

    /** How to cancel the statement a connection of this dialect is running, from another thread. */
    RunningStatements.Cancel canceller(Connection connection) throws SQLException;

    /** Whether the failure (or one of its causes) is a lock wait that timed out: worth another try after a pause. */
    default boolean isLockTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException e && lockTimeout(e)) {
                return true;
            }
        }
        return false;
    }

    /*
     * What a database exception means, by this engine's SQLSTATEs and error codes
     * (targetdb.TargetFailures asks every dialect; an exception of another engine's driver is never
     * one of these). What is none of them is permanent: a missing privilege, table or column, a
     * constraint, a value the column cannot take.
     */

    /** A lock wait that timed out: worth another try after a pause. */
    boolean lockTimeout(SQLException e);

    /** A statement cancelled: by this process (a stop), by an administrator, or by the statement time limit. */
    boolean cancelled(SQLException e);

    /**
     * A failure the same work may get past on a fresh connection: a deadlock or serialization failure,
     * a lost connection, a server shutting down or starting, too many connections, a lock timeout.
     */
    boolean transientFailure(SQLException e);

    /** The target could not be reached or logged in to: refused, bad credentials, no such database. */
    boolean unreachable(SQLException e);

    /** Which of these tables another session holds locked exclusively, or null (for messages only). */
    String lockedTable(Connection c, List<String> tables);

    /** The session's lock timeout as people read it, for messages. */
    String lockTimeoutOf(Connection c);

    /** An identifier, always quoted. */
    String quote(String identifier);

    /** A schema-qualified name, each part quoted. */
    default String qualified(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }

    /** Several identifiers quoted, separated by commas. */
    default String quoted(List<String> identifiers) {
        return identifiers.stream().map(this::quote).collect(Collectors.joining(", "));
    }

    /** A text literal that means the same whatever the session's settings. */
    String literal(String text);

    /**
     * Reads the catalog entries of the tables with these names (any schema, names compared without
     * case), of every table with a foreign key to one of them, and of those keys.
     */
    LiveCatalog readCatalog(Connection c, Collection<TableName> names) throws SQLException;

    /**
     * The expression a register identifier is compared with: the column normalised as the register is
     * (upper case, letters and digits only), with a table alias, or null for the bare column of an
     * index definition. An index serves a match when its first key is this expression.
     */
    String normalisedIdentifier(Column column, String alias);

    /**
     * Why a key column of its type cannot name its row on this engine (its value does not survive the
     * text form keys are planned and matched in), or null when it can; {@code targets check} makes it an error.
     */
    default String unfitKey(Column column) {
        return null;
    }

    /**
     * Why a column of its type cannot be copied to the vault and put back exactly on this engine, in this
     * session ({@code c}, with the court's zone), or null when it can; {@code targets check} makes it an error
     * on a purged table and on a masked column.
     */
    default String unfitCopy(Connection c, Column column) throws SQLException {
        return null;
    }

    /**
     * Why this text (a mask's constant) cannot be written into this text column, whose character set may
     * not hold every character, or null when it can; {@code targets check} makes it an error.
     */
    default String unfitText(Column column, String text) {
        return null;
    }

    /** The statement that adds an index on these columns, which a warning suggests. */
    String createIndex(Table table, List<String> columns, boolean unique);

    /** The statement that adds an index that serves the match of a register identifier on this column. */
    String createMatchIndex(Table table, Column column);

    /** The statement that lets the user create temporary tables in a database, which an error suggests. */
    String grantTemporaryTables(String database);

    /** The SQL of plan, apply and verify where it differs between engines. */
    RemediationSql remediation();

    /**
     * Whether plan, apply and verify are built for this dialect. A run refuses the targets of a dialect
     * that cannot be remediated yet, and changes nothing in them.
     */
    boolean remediates();

}
