package org.sealing.catalog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The references between the rules of one file: one rule per table, and each 'via' names a table
 * with a rule of its own, through a chain that ends at a table matching on register fields.
 */
final class ViaChains {

    private ViaChains() {
    }

    static void check(List<TableRule> rules, Nodes nodes) {
        Map<TableName, TableRule> byTable = new HashMap<>();
        for (TableRule rule : rules) {
            if (byTable.putIfAbsent(rule.table(), rule) != null) {
                nodes.problem("tables[" + rule.index() + "].table", "table " + rule.table() + " has two rules");
            }
        }
        for (TableRule rule : rules) {
            if (rule.match() instanceof Match.Via via) {
                if (!byTable.containsKey(via.parent())) {
                    nodes.problem(at(rule), "table " + via.parent() + " has no rule in this file: a 'via' parent must"
                            + " have one");
                } else if (via.parent().equals(rule.table())) {
                    nodes.problem(at(rule), "a table cannot match through itself");
                }
            }
        }
        for (TableRule rule : rules) {
            TableRule at = rule;
            for (int hops = 0; at != null && at.match() instanceof Match.Via via; hops++) {
                if (hops > rules.size()) {
                    nodes.problem(at(rule), "the 'via' chain from " + rule.table() + " goes round in a circle");
                    break;
                }
                at = byTable.get(via.parent());
            }
        }
    }

    private static String at(TableRule rule) {
        return "tables[" + rule.index() + "].match.via";
    }
}
