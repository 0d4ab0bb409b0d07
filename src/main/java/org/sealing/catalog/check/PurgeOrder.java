package org.sealing.catalog.check;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.sealing.catalog.Action;
import org.sealing.catalog.Match;
import org.sealing.catalog.TableRule;
import org.sealing.catalog.live.LiveCatalog.ForeignKey;
import org.sealing.catalog.live.LiveCatalog.Table;

/**
 * The foreign keys of purged tables: every table that references one is purged by a rule too (or its
 * rows would block the purge, point at nothing, or cascade unaudited), and the purges have an order
 * in which children go before their parents.
 */
final class PurgeOrder {

    private final FoundTables found;
    private final Findings findings;

    PurgeOrder(FoundTables found, Findings findings) {
        this.found = found;
        this.findings = findings;
    }

    /** Every table that references a purged table must be purged by a rule, or its rows block the purge. */
    void checkChildren() {
        for (Map.Entry<TableRule, Table> e : found.tables().entrySet()) {
            TableRule rule = e.getKey();
            if (rule.action() != Action.PURGE) {
                continue;
            }
            String where = Findings.at(rule, "action");
            for (ForeignKey key : found.catalog().referencing(e.getValue().oid())) {
                if (key.child() == key.parent()) {
                    findings.warning(where, "purged " + rule.table() + " references itself (foreign key " + key.name()
                            + "): a row and a row it references are purged in the same chunk only if they are planned"
                            + " together; a purge that fails is retried row by row", null);
                    continue;
                }
                TableRule childRule = found.ruleOf().get(key.child());
                Table child = found.catalog().table(key.child());
                if (childRule == null) {
                    findings.error(where, "table " + key.childDisplay() + " references purged " + rule.table()
                            + " (foreign key " + key.name() + ") and no rule covers it: add a rule that purges it 'via: "
                            + rule.table() + "'");
                } else if (childRule.action() != Action.PURGE) {
                    findings.error(Findings.at(childRule, "action"), "masked table " + childRule.table()
                            + " references purged " + rule.table() + " (foreign key " + key.name() + "): its rows"
                            + " would block the purge, point at nothing or be deleted unaudited; purge it too");
                }
                if (child != null && !child.indexedOn(key.childColumns())) {
                    findings.warning(where, "no index on " + key.childColumns() + " of " + key.childDisplay()
                            + ", which references purged " + rule.table() + "; every purged row scans it",
                            findings.createIndex(child, key.childColumns()));
                }
            }
        }
    }

    /**
     * The order of purges: 0 for a purged table no other purged table references, else one more
     * than the highest level of those that reference it (through 'via' or a foreign key); null (an
     * error) when purged tables reference each other in a circle.
     */
    Map<TableRule, Integer> levels() {
        Map<TableRule, Set<TableRule>> referencedBy = new HashMap<>();
        for (TableRule rule : found.target().tables()) {
            if (rule.action() != Action.PURGE) {
                continue;
            }
            Set<TableRule> children = referencedBy.computeIfAbsent(rule, k -> new LinkedHashSet<>());
            for (TableRule other : found.target().tables()) {
                if (other.action() == Action.PURGE && other.match() instanceof Match.Via via
                        && via.parent().equals(rule.table())) {
                    children.add(other);
                }
            }
            for (ForeignKey key : found.catalog().referencing(found.tables().get(rule).oid())) {
                TableRule child = found.ruleOf().get(key.child());
                if (child != null && child != rule && child.action() == Action.PURGE) {
                    children.add(child);
                }
            }
        }
        Map<TableRule, Integer> levels = new HashMap<>();
        for (TableRule rule : referencedBy.keySet()) {
            try {
                level(rule, referencedBy, levels, new LinkedHashSet<>());
            } catch (PurgeCycle cycle) {
                findings.error(Findings.at(rule, "action"), "purged tables reference each other in a circle ("
                        + cycle.path.stream().map(r -> r.table().toString()).collect(Collectors.joining(" -> "))
                        + "): no order of purges can satisfy their foreign keys");
                return null;
            }
        }
        return levels;
    }

    private static int level(TableRule rule, Map<TableRule, Set<TableRule>> referencedBy,
            Map<TableRule, Integer> levels, Set<TableRule> path) {
        Integer known = levels.get(rule);
        if (known != null) {
            return known;
        }
        if (!path.add(rule)) {
            throw new PurgeCycle(path);
        }
        int level = 0;
        for (TableRule child : referencedBy.getOrDefault(rule, Set.of())) {
            level = Math.max(level, 1 + level(child, referencedBy, levels, path));
        }
        path.remove(rule);
        levels.put(rule, level);
        return level;
    }

    /** Purged tables that reference each other in a circle. */
    private static final class PurgeCycle extends RuntimeException {
        private final transient List<TableRule> path;

        PurgeCycle(Set<TableRule> path) {
            super(null, null, false, false);
            this.path = List.copyOf(path);
        }
    }
}
