package org.sealing.targetdb.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.sealing.catalog.TableName;
import org.sealing.catalog.live.LiveCatalog;
import org.sealing.catalog.live.LiveCatalog.Column;
import org.sealing.catalog.live.LiveCatalog.Table;
import org.sealing.job.RunningStatements;
import org.sealing.targetdb.Sql;
import org.sealing.vault.RowImage;

/**
 * PostgreSQL ({@code jdbc:postgresql:}): the first dialect. Its catalog is {@code pg_catalog};
 * identifiers are quoted with double quotes and texts are escape-string literals ({@link Sql}); its
 * remediation SQL where engines differ is {@link PostgreSqlRemediation}.
 */
public final class PostgreSqlDialect implements TargetDialect {

    public static final PostgreSqlDialect INSTANCE = new PostgreSqlDialect();

    private PostgreSqlDialect() {
    }

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public List<String> urlPrefixes() {
        return List.of("jdbc:postgresql:");
    }

    @Override
    public Properties driverProperties() {
        Properties p = new Properties();
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("logServerErrorDetail", "false");
        p.setProperty("connectTimeout", "10");
        p.setProperty("ApplicationName", "sealctl");
        // values read for the vault arrive as text, which RowImage keeps exactly, however often a statement runs
        p.setProperty("binaryTransferDisable", RowImage.TEXT_TRANSFER_TYPES);
        return p;
    }

    @Override
    public List<String> sessionSettings(Duration lockWait, Duration statementTimeout, ZoneId zone) {
        return List.of("set lock_timeout = " + lockWait.toMillis(), "set statement_timeout = "
                + statementTimeout.toMillis(), timeZone(zone));
    }

    /** {@code set time zone} to a region by its name, or to an offset as an interval (ISO's sign, not POSIX's). */
    public static String timeZone(ZoneId zone) {
        // a fixed zone named by region ("UTC+5", "GMT-3") as its offset: PostgreSQL would read it POSIX-wise
        if (zone.normalized() instanceof ZoneOffset offset) {
            return "set time zone interval " + Sql.literal(offset.getId().equals("Z") ? "+00:00" : offset.getId())
                    + " hour to minute";
        }
        return "set time zone " + Sql.literal(zone.getId());
    }

    @Override
    public RunningStatements.Cancel canceller(Connection connection) throws SQLException {
        return connection.unwrap(PGConnection.class)::cancelQuery;
    }

    /** lock_not_available: lock_timeout passed. */
    @Override
    public boolean lockTimeout(SQLException e) {
        return "55P03".equals(e.getSQLState());
    }

    /** query_canceled: a cancel request or statement_timeout. */
    @Override
    public boolean cancelled(SQLException e) {
        return "57014".equals(e.getSQLState());
    }

    /**
     * serialization_failure, deadlock_detected, connection exceptions, admin and crash shutdown,
     * cannot_connect_now, too_many_connections, lock_not_available.
     */
    @Override
    public boolean transientFailure(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.equals("40001") || state.equals("40P01") || state.startsWith("08")
                || state.equals("57P01") || state.equals("57P02") || state.equals("57P03") || state.equals("53300")
                || state.equals("55P03"));
    }

    /** Connection exceptions, invalid authorization, invalid catalog name, cannot_connect_now, too_many_connections. */
    @Override
    public boolean unreachable(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("28") || state.equals("3D000")
                || state.equals("57P03") || state.equals("53300"));
    }

    /** Which of these tables another session holds in an ACCESS EXCLUSIVE lock, from pg_locks. */
    @Override
    public String lockedTable(Connection c, List<String> tables) {
        for (String table : tables) {
            try (PreparedStatement ps = c.prepareStatement("select exists (select 1 from pg_locks"
                    + " where relation = to_regclass(?) and granted and mode = 'AccessExclusiveLock'"
                    + " and pid <> pg_backend_pid())")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return table;
                    }
                }
            } catch (SQLException e) {
                return null;
            }
        }
        return null;
    }

    /** {@code show lock_timeout}: as PostgreSQL writes it ({@code 30s}, {@code 1min}). */
    @Override
    public String lockTimeoutOf(Connection c) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("show lock_timeout")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            return "its lock timeout";
        }
    }

    @Override
    public String quote(String identifier) {
        return Sql.quote(identifier);
    }

    @Override
    public String literal(String text) {
        return Sql.literal(text);
    }

    @Override
    public LiveCatalog readCatalog(Connection c, Collection<TableName> names) throws SQLException {
        return PostgreSqlCatalog.read(c, names);
    }

    /** A register identifier's comparison: the column upper-cased without separators, as text. */
    @Override
    public String normalisedIdentifier(Column column, String alias) {
        String ref = (alias == null ? "" : alias + ".") + Sql.quote(column.name());
        return NORMALISE.formatted("text".equals(column.baseType()) || "varchar".equals(column.baseType())
                ? ref : ref + "::text");
    }

    private static final String NORMALISE = "upper(regexp_replace(%s, '[^A-Za-z0-9]', '', 'g'))";

    @Override
    public String createIndex(Table table, List<String> columns, boolean unique) {
        return "create " + (unique ? "unique " : "") + "index on " + qualified(table.schema(), table.name()) + " ("
                + quoted(columns) + ");";
    }

    @Override
    public String createMatchIndex(Table table, Column column) {
        return "create index on " + qualified(table.schema(), table.name()) + " ((" + normalisedIdentifier(column, null)
                + "));";
    }

    @Override
    public String grantTemporaryTables(String database) {
        return "GRANT TEMPORARY ON DATABASE " + database + " TO the user";
    }

    @Override
    public RemediationSql remediation() {
        return PostgreSqlRemediation.INSTANCE;
    }

    @Override
    public boolean remediates() {
        return true;
    }
}
