package org.sealing.targetdb.dialect;

import java.sql.Connection;
import java.sql.SQLException;
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
import org.sealing.targetdb.TableSql;
import org.sealing.targetdb.TargetFailures;
import org.sealing.vault.RowImage;

/**
 * PostgreSQL ({@code jdbc:postgresql:}): the first dialect, whose remediation SQL ({@code TableSql},
 * {@code RestoreSql}) is written for it. Its catalog is {@code pg_catalog}; identifiers are quoted
 * with double quotes and texts are escape-string literals ({@link Sql}).
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

    @Override
    public boolean isLockTimeout(Throwable failure) {
        return TargetFailures.isLockTimeout(failure);
    }

    @Override
    public String lockedTable(Connection c, List<String> tables) {
        return TargetFailures.lockedTable(c, tables);
    }

    @Override
    public String lockTimeoutOf(Connection c) {
        return TargetFailures.lockTimeoutOf(c);
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

    @Override
    public String normalisedIdentifier(Column column, String alias) {
        return TableSql.normalised(column, alias);
    }

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
    public boolean remediates() {
        return true;
    }
}
