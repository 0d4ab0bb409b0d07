package org.sealing.catalog;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reads the {@code match} of a table rule: register fields and their columns, or a 'via' parent. */
final class MatchReader {

    private final Nodes nodes;

    MatchReader(Nodes nodes) {
        this.nodes = nodes;
    }

    /** The match at {@code where}, or null when it has problems. */
    Match match(Object node, String where) {
        Map<String, Object> map = nodes.map(node, where);
        if (map == null) {
            return null;
        }
        if (map.containsKey("via")) {
            if (map.size() > 1) {
                nodes.problem(where, "'via' cannot be combined with field matches");
                return null;
            }
            return via(map.get("via"), where + ".via");
        }
        Map<RegisterField, String> columns = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map.entrySet()) {
            RegisterField field = RegisterField.of(e.getKey());
            String at = where + "." + e.getKey();
            if (field == null) {
                nodes.problem(at, "'" + e.getKey() + "' is not a register field (arrest_number, nysid, docket_number,"
                        + " arrest_date) nor 'via'");
                continue;
            }
            String column = nodes.string(e.getValue(), at, true);
            if (column != null && !TableName.isIdentifier(column)) {
                nodes.problem(at, "'" + column + "' is not a column name");
            }
            columns.put(field, column);
        }
        if (columns.isEmpty() && map.isEmpty()) {
            nodes.problem(where, "names no field to match on");
            return null;
        }
        if (columns.containsKey(RegisterField.NYSID) && !columns.containsKey(RegisterField.ARREST_DATE)
                && !columns.containsKey(RegisterField.ARREST_NUMBER)
                && !columns.containsKey(RegisterField.DOCKET_NUMBER)) {
            nodes.problem(where, "a NYSID names a person, not an arrest: matching on it alone would touch the person's"
                    + " unsealed arrests too; match it together with arrest_date");
        }
        if (columns.size() == 1 && columns.containsKey(RegisterField.ARREST_DATE)) {
            nodes.problem(where, "an arrest date alone identifies no arrest; combine it with nysid");
        }
        return new Match.Fields(columns);
    }

    /** {@code via: parent}, or {@code via: { table: parent, on: { child_column: parent_column } }}. */
    private Match via(Object via, String where) {
        if (!(via instanceof Map<?, ?>)) {
            TableName parent = table(nodes.string(via, where, true), where);
            return parent == null ? null : new Match.Via(parent, Map.of());
        }
        Map<String, Object> v = nodes.map(via, where);
        if (v == null) {
            return null;
        }
        nodes.unknownKeys(v, Set.of("table", "on"), where);
        TableName parent = table(nodes.string(v.get("table"), where + ".table", true), where + ".table");
        Map<String, Object> on = nodes.map(v.get("on"), where + ".on");
        Map<String, String> columns = new LinkedHashMap<>();
        if (on != null) {
            if (on.isEmpty()) {
                nodes.problem(where + ".on", "names no column");
            }
            on.forEach((child, parentColumn) -> {
                String p = nodes.string(parentColumn, where + ".on." + child, true);
                if (!TableName.isIdentifier(child) || p != null && !TableName.isIdentifier(p)) {
                    nodes.problem(where + ".on." + child, "'" + child + ": " + p + "' is not a pair of column names");
                }
                columns.put(child, p);
            });
        }
        return parent == null || on == null ? null : new Match.Via(parent, columns);
    }

    private TableName table(String text, String where) {
        TableName table = TableName.parse(text);
        if (text != null && table == null) {
            nodes.problem(where, "'" + text + "' is not a table name");
        }
        return table;
    }
}
