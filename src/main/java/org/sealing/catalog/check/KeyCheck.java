package org.sealing.catalog.check;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sealing.catalog.TableRule;
import org.sealing.catalog.live.LiveCatalog.Column;
import org.sealing.catalog.live.LiveCatalog.Table;

/**
 * The key of a rule names one row: its columns exist and are not null, and a primary key or unique
 * index makes it unique (else the data is scanned once: duplicates are an error, none a warning).
 */
final class KeyCheck {

    private final Connection connection;
    private final Findings findings;

    KeyCheck(Connection connection, Findings findings) {
        this.connection = connection;
        this.findings = findings;
    }

    /** The key columns found. */
    List<Column> key(TableRule rule, Table table) throws SQLException {
        String where = Findings.at(rule, "key");
        List<Column> key = new ArrayList<>();
        for (String name : rule.key()) {
            Column c = findings.column(rule, table, name, "key");
            if (c != null) {
                key.add(c);
                String unfit = findings.dialect().unfitKey(c);
                if (unfit != null) {
                    findings.error(where, "key column " + c.name() + " of " + rule.table() + " is " + c.type() + ": "
                            + unfit);
                }
                if (!c.notNull()) {
                    findings.warning(where, "key column " + c.name() + " of " + rule.table() + " may be null;"
                            + " a row whose key is null cannot be changed", null);
                }
            }
        }
        if (key.size() == rule.key().size()) {
            List<String> names = key.stream().map(Column::name).toList();
            if (!table.uniqueOn(names) && table.canSelect() && duplicated(table, names)) {
                findings.error(where, "key " + names + " is not unique in " + rule.table()
                        + ": some rows share a key, and a key must name one row");
            } else if (!table.uniqueOn(names)) {
                findings.warning(where, "key " + names + " of " + rule.table() + " is unique only by its data"
                        + " today: no primary key or unique index enforces it",
                        findings.dialect().createIndex(table, names, true));
            }
        }
        return key;
    }

    /** Whether two rows of the table share the key (a scan of the table, only where no index says). */
    private boolean duplicated(Table table, List<String> key) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("select exists (select 1 from " + findings.qualified(table)
                        + " group by " + findings.quoted(key) + " having count(*) > 1)")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
