package org.sealing.catalog.check;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sealing.catalog.Action;
import org.sealing.catalog.TableRule;
import org.sealing.catalog.TargetDefinition;
import org.sealing.catalog.live.LiveCatalog;
import org.sealing.catalog.live.LiveCatalog.Table;

/**
 * The tables of a target's rules as the catalog has them, each a plain or partitioned table of its
 * own that the user may read and change as its rule needs.
 *
 * @param target  the target
 * @param catalog the catalog of its database
 * @param tables  the table of each rule found, in file order
 * @param ruleOf  the rule of each table found, by the table's object id
 */
record FoundTables(TargetDefinition target, LiveCatalog catalog, Map<TableRule, Table> tables,
        Map<Long, TableRule> ruleOf) {

    static FoundTables find(TargetDefinition target, LiveCatalog catalog, Findings findings) {
        Map<TableRule, Table> tables = new LinkedHashMap<>();
        Map<Long, TableRule> ruleOf = new HashMap<>();
        for (TableRule rule : target.tables()) {
            String where = Findings.at(rule, "table");
            Table table;
            try {
                table = catalog.table(rule.table());
            } catch (IllegalArgumentException e) {
                findings.error(where, e.getMessage() + " in database " + catalog.database()
                        + ": write it as schema.table");
                continue;
            }
            if (table == null) {
                findings.error(where, "no table " + rule.table() + " in database " + catalog.database());
                continue;
            }
            if (table.kind() != 'r' && table.kind() != 'p') {
                findings.error(where, rule.table() + " is a " + kind(table.kind()) + ", not a table");
                continue;
            }
            TableRule other = ruleOf.putIfAbsent(table.oid(), rule);
            if (other != null) {
                findings.error(where, rule.table() + " is the same table as " + other.where());
                continue;
            }
            tables.put(rule, table);
            privileges(rule, table, findings);
        }
        return new FoundTables(target, catalog, tables, ruleOf);
    }

    private static void privileges(TableRule rule, Table table, Findings findings) {
        if (!table.canSelect()) {
            findings.error(Findings.at(rule, "table"), "the user may not SELECT from " + rule.table());
        }
        if (rule.action() == Action.PURGE && !table.canDelete()) {
            findings.error(Findings.at(rule, "action"), "the user may not DELETE from " + rule.table());
        }
        if (rule.action() == Action.MASK && !table.canUpdate()) {
            findings.error(Findings.at(rule, "action"), "the user may not UPDATE " + rule.table());
        }
    }

    private static String kind(char kind) {
        return switch (kind) {
            case 'v' -> "view";
            case 'm' -> "materialized view";
            case 'f' -> "foreign table";
            case 'S' -> "sequence";
            default -> "relation of kind " + kind;
        };
    }
}
