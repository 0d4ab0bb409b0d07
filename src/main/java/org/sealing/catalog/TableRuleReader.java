package org.sealing.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the rules of {@code tables[]}: table, key, action, mask and sealed flag here, the match through {@link MatchReader}. */
final class TableRuleReader {

    private static final Set<String> TABLE_KEYS = Set.of("table", "key", "match", "action", "mask", "sealed-flag",
            "holds");

    private final Nodes nodes;
    private final MatchReader matches;
    private final List<String> kinds;

    /** {@code kinds}: the kinds of record the policy in use knows, which {@code holds} may name. */
    TableRuleReader(Nodes nodes, List<String> kinds) {
        this.nodes = nodes;
        this.matches = new MatchReader(nodes);
        this.kinds = kinds;
    }

    /** The rule at {@code tables[i]}, or null when it has problems. */
    TableRule rule(Object node, int i) {
        String where = "tables[" + i + "]";
        Map<String, Object> map = nodes.map(node, where);
        if (map == null) {
            return null;
        }
        nodes.unknownKeys(map, TABLE_KEYS, where);
        String tableText = nodes.string(map.get("table"), where + ".table", true);
        TableName table = TableName.parse(tableText);
        if (tableText != null && table == null) {
            nodes.problem(where + ".table", "'" + tableText + "' is not a table name ([schema.]table, each an"
                    + " identifier of letters, digits and '_')");
        }
        List<String> key = columns(map.get("key"), where + ".key");
        Action action = action(map.get("action"), where + ".action");
        Match match = matches.match(map.get("match"), where + ".match");
        Map<String, MaskStrategy> mask = mask(map.get("mask"), where + ".mask");
        String sealedFlag = nodes.string(map.get("sealed-flag"), where + ".sealed-flag", false);
        if (sealedFlag != null && !TableName.isIdentifier(sealedFlag)) {
            nodes.problem(where + ".sealed-flag", "'" + sealedFlag + "' is not a column name");
        }
        if (action == Action.PURGE && (!mask.isEmpty() || sealedFlag != null)) {
            nodes.problem(where, "a purged table has no mask and no sealed-flag");
        }
        if (action == Action.MASK && mask.isEmpty() && sealedFlag == null) {
            nodes.problem(where, "a masked table needs mask columns, a sealed-flag, or both");
        }
        if (sealedFlag != null && mask.containsKey(sealedFlag)) {
            nodes.problem(where + ".sealed-flag", "'" + sealedFlag + "' is also a masked column");
        }
        String holds = holds(map.get("holds"), where + ".holds");
        if (table == null || key == null || action == null || match == null || holds == null) {
            return null;
        }
        return new TableRule(i, table, key, match, action, mask, sealedFlag, holds);
    }

    private String holds(Object node, String where) {
        String kind = node == null ? TableRule.DEFAULT_KIND : nodes.string(node, where, true);
        if (kind != null && !kinds.contains(kind)) {
            nodes.problem(where, "'" + kind + "' is not a kind of record the policy knows " + kinds);
            return null;
        }
        return kind;
    }

    private Map<String, MaskStrategy> mask(Object node, String where) {
        Map<String, MaskStrategy> mask = new LinkedHashMap<>();
        Map<String, Object> masks = node == null ? null : nodes.map(node, where);
        if (masks == null) {
            return mask;
        }
        masks.forEach((column, value) -> {
            String at = where + "." + column;
            if (!TableName.isIdentifier(column)) {
                nodes.problem(at, "'" + column + "' is not a column name");
            }
            MaskStrategy strategy = MaskStrategy.parse(nodes.expand(value, at));
            if (strategy == null) {
                nodes.problem(at, "'" + value + "' is not a mask strategy (null, redact, hash, year-only,"
                        + " constant:TEXT)");
            } else {
                mask.put(column, strategy);
            }
        });
        return mask;
    }

    private Action action(Object node, String where) {
        String text = nodes.string(node, where, true);
        if (text == null) {
            return null;
        }
        return switch (text) {
            case "purge" -> Action.PURGE;
            case "mask" -> Action.MASK;
            default -> {
                nodes.problem(where, "'" + text + "' is not an action (purge, mask)");
                yield null;
            }
        };
    }

    private List<String> columns(Object node, String where) {
        List<String> columns = new ArrayList<>();
        if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                columns.add(nodes.string(list.get(i), where + "[" + i + "]", true));
            }
        } else if (node != null) {
            columns.add(nodes.string(node, where, true));
        }
        if (columns.isEmpty()) {
            nodes.problem(where, "the key columns are required");
            return null;
        }
        for (String c : columns) {
            if (c != null && !TableName.isIdentifier(c)) {
                nodes.problem(where, "'" + c + "' is not a column name");
                return null;
            }
        }
        if (columns.stream().distinct().count() != columns.size()) {
            nodes.problem(where, "names a column twice");
            return null;
        }
        return columns.contains(null) ? null : List.copyOf(columns);
    }
}
