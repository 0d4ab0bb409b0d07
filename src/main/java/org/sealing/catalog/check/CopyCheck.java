package org.sealing.catalog.check;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import org.sealing.catalog.Action;
import org.sealing.catalog.TableRule;
import org.sealing.catalog.live.LiveCatalog.Column;
import org.sealing.catalog.live.LiveCatalog.Table;

/**
 * The vault's copy of a sealed row puts it back exactly: each column a restore writes (every column of a
 * purged table, the masked columns of a masked one) is of a type the engine copies and writes back
 * exactly in this session, else the rule is an error rather than a restore that is silently off.
 */
final class CopyCheck {

    private final Connection connection;
    private final Findings findings;

    CopyCheck(Connection connection, Findings findings) {
        this.connection = connection;
        this.findings = findings;
    }

    void check(TableRule rule, Table table) throws SQLException {
        Collection<Column> written = rule.action() == Action.PURGE ? table.columns().values()
                : rule.mask().keySet().stream().map(table::column).filter(c -> c != null).toList();
        for (Column c : written) {
            String unfit = findings.dialect().unfitCopy(connection, c);
            if (unfit != null) {
                String where = rule.action() == Action.PURGE ? "action" : "mask." + c.name();
                findings.error(Findings.at(rule, where), "column " + c.name() + " of " + rule.table() + " is "
                        + c.type() + ": " + unfit);
            }
        }
    }
}
