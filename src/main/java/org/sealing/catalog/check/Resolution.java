package org.sealing.catalog.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sealing.catalog.Match;
import org.sealing.catalog.TableRule;
import org.sealing.catalog.TargetDefinition;
import org.sealing.catalog.live.LiveCatalog.Column;
import org.sealing.targetdb.ResolvedTarget;
import org.sealing.targetdb.ResolvedTarget.JoinPair;
import org.sealing.targetdb.ResolvedTarget.ResolvedTable;

/**
 * Turns a target whose check found no errors into the resolved target the SQL is built from: its
 * tables ordered parents first, each with the columns its children match on carried in its match set.
 */
final class Resolution {

    private Resolution() {
    }

    static ResolvedTarget resolve(TargetDefinition target, Map<TableRule, CheckedRule> checked,
            Map<TableRule, Integer> levels, Findings findings) {
        List<TableRule> order = parentsFirst(target);
        Map<TableRule, Set<Column>> carried = new HashMap<>();
        for (TableRule rule : order) {
            if (rule.match() instanceof Match.Via via) {
                TableRule parent = target.rule(via.parent());
                for (JoinPair p : checked.get(rule).join()) {
                    if (!checked.get(parent).key().contains(p.parent())) {
                        carried.computeIfAbsent(parent, k -> new LinkedHashSet<>()).add(p.parent());
                    }
                }
            }
        }
        Map<TableRule, ResolvedTable> resolved = new HashMap<>();
        List<ResolvedTable> list = new ArrayList<>();
        for (TableRule rule : order) {
            CheckedRule c = checked.get(rule);
            ResolvedTable parent = rule.match() instanceof Match.Via via ? resolved.get(target.rule(via.parent()))
                    : null;
            ResolvedTable table = new ResolvedTable(rule, list.size(), findings.qualified(c.table()),
                    List.copyOf(c.key()), List.copyOf(c.fields()), parent, List.copyOf(c.join()),
                    List.copyOf(carried.getOrDefault(rule, Set.of())), List.copyOf(c.masked()), c.sealedFlag(),
                    levels.getOrDefault(rule, 0), findings.dialect());
            resolved.put(rule, table);
            list.add(table);
        }
        return new ResolvedTarget(target, List.copyOf(list));
    }

    /** The rules with each after the table it matches through. */
    private static List<TableRule> parentsFirst(TargetDefinition target) {
        List<TableRule> order = new ArrayList<>();
        Set<TableRule> placed = new LinkedHashSet<>();
        while (placed.size() < target.tables().size()) {
            for (TableRule rule : target.tables()) {
                if (placed.contains(rule)) {
                    continue;
                }
                if (!(rule.match() instanceof Match.Via via) || placed.contains(target.rule(via.parent()))) {
                    placed.add(rule);
                    order.add(rule);
                }
            }
        }
        return order;
    }
}
