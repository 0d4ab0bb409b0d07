package org.sealing.targetdb.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import org.sealing.catalog.TableName;
import org.sealing.catalog.live.LiveCatalog;
import org.sealing.catalog.live.LiveCatalog.Column;
import org.sealing.catalog.live.LiveCatalog.Table;
import org.sealing.job.RunningStatements;

/**
 * MariaDB ({@code jdbc:mariadb:}, and {@code jdbc:mysql:} given to the MariaDB driver as
 * {@code jdbc:mariadb:}), 10.6 or later. Its catalog is {@code information_schema}; identifiers are
 * quoted with back-ticks; a session runs with a fixed SQL mode (strict, no {@code ANSI_QUOTES}, no
 * {@code NO_BACKSLASH_ESCAPES}), so that the SQL written here means the same on every server whatever
 * its defaults.
 *
 * <p>The court's time zone: a zone with a fixed offset ({@code UTC}, {@code +05:00}) is set as its
 * offset, which every server knows; a zone with daylight saving time ({@code America/New_York}) is
 * set by its name, which needs the server's time zone tables loaded
 * ({@code mariadb-tzinfo-to-sql /usr/share/zoneinfo | mariadb -u root mysql}). No offset can stand in
 * for such a zone (it would read a {@code TIMESTAMP} an hour off for half the year), so a server
 * without them is refused with that instruction ({@link #checkServer}).
 *
 * <p>A MySQL server is refused too: its statement time limit, roles and ignored indexes differ, and
 * this dialect has been tested against MariaDB only.
 *
 * <p>{@code targets check}, plan, apply, verify and restore are complete on MariaDB; their SQL is
 * {@link MariaDbRemediation}, what its errors mean {@link MariaDbErrors}.
 */
public final class MariaDbDialect implements TargetDialect {

    public static final MariaDbDialect INSTANCE = new MariaDbDialect();

    /** The SQL mode of every session: strict writes, standard literals with backslash escapes, back-tick quoting. */
    static final String SQL_MODE = "STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ZERO_IN_DATE,NO_ENGINE_SUBSTITUTION";

    /**
     * The pattern the register's identifiers are normalised with, as PostgreSQL's {@code TableSql} has it;
     * {@code (?-i)}: on a case-insensitive column MariaDB's regular expressions ignore case, and [A-Za-z]
     * would then keep the long s and the Kelvin sign (which fold to s and k).
     */
    private static final String NORMALISE = "ucase(regexp_replace(%s, '(?-i)[^A-Za-z0-9]', ''))";

    private MariaDbDialect() {
    }

    @Override
    public String name() {
        return "MariaDB";
    }

    @Override
    public List<String> urlPrefixes() {
        return List.of("jdbc:mariadb:", "jdbc:mysql:");
    }

    /** The MariaDB driver takes {@code jdbc:mysql:} only with an option; the same URL as {@code jdbc:mariadb:} needs none. */
    @Override
    public String jdbcUrl(String url) {
        return url.startsWith("jdbc:mysql:") ? "jdbc:mariadb:" + url.substring("jdbc:mysql:".length()) : url;
    }

    @Override
    public Properties driverProperties() {
        Properties p = new Properties();
        p.setProperty("tcpKeepAlive", "true");
        // milliseconds, where PostgreSQL's driver counts seconds
        p.setProperty("connectTimeout", "10000");
        // a failed statement's text (which may hold a key) is never put into its exception's message
        p.setProperty("dumpQueriesOnException", "false");
        // prepared on the server, so that the parameters (sealed keys, register identifiers) are sent apart from
        // the statement and never show in its text, which the server's process list lets other users read
        p.setProperty("useServerPrepStmts", "true");
        p.setProperty("connectionAttributes", "program_name:sealctl");
        return p;
    }

    /**
     * One {@code SET} (a pool's initialisation is one statement): row and metadata lock waits in whole
     * seconds (at least one), the statement time limit, the court's zone, the SQL mode, and READ COMMITTED,
     * PostgreSQL's own level: under MariaDB's default REPEATABLE READ, the {@code CREATE ... SELECT} that
     * matches a table takes a shared lock on every row it reads, held to the end of planning, which would
     * both wait for the applications' row locks and keep them from writing. A result read a few rows at a time
     * (rows read for their vault copies) waits while the copies already read go to the vault: the server's
     * {@code net_write_timeout} is the statement time limit too, so that a slow vault does not cut it off.
     */
    @Override
    public List<String> sessionSettings(Duration lockWait, Duration statementTimeout, ZoneId zone) {
        long lockSeconds = Math.max(1, (lockWait.toMillis() + 999) / 1000);
        return List.of("set session innodb_lock_wait_timeout = " + lockSeconds + ", lock_wait_timeout = " + lockSeconds
                + ", max_statement_time = " + statementTimeout.toSeconds() + ", net_write_timeout = "
                + statementTimeout.toSeconds() + ", time_zone = " + timeZone(zone)
                + ", sql_mode = '" + SQL_MODE + "', tx_isolation = 'READ-COMMITTED'");
    }

    /** The zone as MariaDB's {@code time_zone} takes it: an offset for a fixed zone, else the region's name. */
    static String timeZone(ZoneId zone) {
        if (zone.getRules().isFixedOffset()) {
            ZoneOffset offset = zone.getRules().getOffset(Instant.EPOCH);
            return "'" + (offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId()) + "'";
        }
        return INSTANCE.literal(zone.getId());
    }

    /**
     * Refuses a server that is not MariaDB, and one that does not know the court's zone by name (its time
     * zone tables are not loaded), each with what to do.
     */
    @Override
    public void checkServer(Connection c, ZoneId zone) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select version(), convert_tz('2000-01-01 00:00:00', '+00:00', ?)"
                + " is not null")) {
            ps.setString(1, zone.getRules().isFixedOffset() ? "+00:00" : zone.getId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String version = rs.getString(1);
                if (version == null || !version.contains("MariaDB")) {
                    throw new SQLException("the server is not MariaDB (version " + version + "): jdbc:mysql: and"
                            + " jdbc:mariadb: targets must be MariaDB 10.6 or later", "0A000");
                }
                if (!rs.getBoolean(2)) {
                    throw new SQLException("the server does not know the court's time zone " + zone.getId()
                            + " (its time zone tables are not loaded): load them with 'mariadb-tzinfo-to-sql"
                            + " /usr/share/zoneinfo | mariadb -u root mysql', or set SEALING_ZONE to a fixed offset",
                            "HY000");
                }
            }
        } finally {
            c.rollback();
        }
    }

    @Override
    public RunningStatements.Cancel canceller(Connection connection) throws SQLException {
        return connection.unwrap(org.mariadb.jdbc.Connection.class)::cancelCurrentQuery;
    }

    @Override
    public boolean lockTimeout(SQLException e) {
        return MariaDbErrors.lockTimeout(e);
    }

    @Override
    public boolean cancelled(SQLException e) {
        return MariaDbErrors.cancelled(e);
    }

    @Override
    public boolean transientFailure(SQLException e) {
        return MariaDbErrors.transientFailure(e);
    }

    @Override
    public boolean unreachable(SQLException e) {
        return MariaDbErrors.unreachable(e);
    }

    /** MariaDB tells who holds a metadata lock only through an optional plugin: the message names no table. */
    @Override
    public String lockedTable(Connection c, List<String> tables) {
        return null;
    }

    @Override
    public String lockTimeoutOf(Connection c) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select @@innodb_lock_wait_timeout")) {
            rs.next();
            return rs.getString(1) + "s";
        } catch (SQLException e) {
            return "its lock timeout";
        }
    }

    /** An identifier in back-ticks, a back-tick inside it doubled. */
    @Override
    public String quote(String identifier) {
        if (identifier == null || identifier.isEmpty() || identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not an identifier");
        }
        return '`' + identifier.replace("`", "``") + '`';
    }

    /** A text literal, quotes doubled and backslashes escaped (the session's SQL mode keeps backslash escapes). */
    @Override
    public String literal(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a text with a NUL character cannot be written to MariaDB");
        }
        return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    @Override
    public LiveCatalog readCatalog(Connection c, Collection<TableName> names) throws SQLException {
        return MariaDbCatalog.read(c, names);
    }

    @Override
    public String normalisedIdentifier(Column column, String alias) {
        return NORMALISE.formatted((alias == null ? "" : alias + ".") + quote(column.name()));
    }

    @Override
    public String unfitKey(Column column) {
        return MariaDbTypes.unfitKey(column);
    }

    /**
     * A TIMESTAMP is read and written as the court's local time: in a zone whose clocks go back, the repeated
     * hour's two instants read alike, and a copy put back may land an hour off. A fixed offset is exact.
     */
    @Override
    public String unfitCopy(Connection c, Column column) throws SQLException {
        if (!"timestamptz".equals(column.baseType())) {
            return null;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select @@session.time_zone")) {
            rs.next();
            String zone = rs.getString(1);
            if (zone != null && zone.matches("[+-]\\d{1,2}:\\d{2}")) {
                return null;
            }
            return "a MariaDB TIMESTAMP is copied and put back in the court's local time (" + zone + "), whose"
                    + " repeated hour when clocks go back names two instants, so a restored row could be an hour off:"
                    + " make the column DATETIME, or set SEALING_ZONE to a fixed offset";
        }
    }

    @Override
    public String unfitText(Column column, String text) {
        return MariaDbCharsets.unfit(column, text);
    }

    /** {@code ALTER TABLE ... ADD INDEX}: MariaDB's {@code CREATE INDEX} wants a name, this form does not. */
    @Override
    public String createIndex(Table table, List<String> columns, boolean unique) {
        return "alter table " + qualified(table.schema(), table.name()) + " add " + (unique ? "unique " : "") + "index ("
                + quoted(columns) + ");";
    }

    /**
     * MariaDB indexes no expression, only a generated column: a virtual column of the normalised
     * identifier, indexed. Matching will compare that column (MariaDB 10.11 uses such an index only when
     * a query names the column).
     */
    @Override
    public String createMatchIndex(Table table, Column column) {
        String name = column.name().length() > 53 ? column.name().substring(0, 53) : column.name();
        String generated = quote(name + "_normalised");
        int length = column.isText() && column.length() > 0 ? column.length() : 255;
        return "alter table " + qualified(table.schema(), table.name()) + " add column " + generated + " varchar("
                + length + ") as (" + normalisedIdentifier(column, null) + ") virtual, add index (" + generated + ");";
    }

    @Override
    public String grantTemporaryTables(String database) {
        return "GRANT CREATE TEMPORARY TABLES ON " + quote(database) + ".* TO the user";
    }

    @Override
    public RemediationSql remediation() {
        return MariaDbRemediation.INSTANCE;
    }

    @Override
    public boolean remediates() {
        return true;
    }

}
