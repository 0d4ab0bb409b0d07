package org.sealing.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import org.sealing.catalog.TargetDefinition;

/**
 * The order in which a job's targets start, when fewer may run at once than there are targets: the longest
 * first, by how long each took in the latest earlier run that finished it (not a dry run), so that the
 * longest is not left to start last (issue 13: in the demo world, booking at 68 s started first but case
 * management at 36 s only at 48 s, ending the targets at 84 s where longest-first ends them near 72 s).
 * Targets without such a run come first, in their files' order; with no history at all the order is the
 * files'. Only the start order changes: each target's steps, records and restart are its own.
 */
@Component
class TargetOrder {

    private final JdbcTemplate jdbc;

    TargetOrder(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The targets in the order they should start. */
    List<TargetDefinition> of(List<TargetDefinition> targets) {
        if (targets.size() < 2) {
            return targets;
        }
        Map<String, Double> seconds = new HashMap<>();
        jdbc.query("""
                select distinct on (t.target) t.target, extract(epoch from (t.finished_at - t.started_at))
                from run_target t join remediation_run r on r.run_id = t.run_id
                where t.target = any(?) and t.started_at is not null and t.finished_at is not null and not r.dry_run
                order by t.target, t.run_id desc
                """, rs -> {
                    seconds.put(rs.getString(1), rs.getDouble(2));
                }, (Object) targets.stream().map(TargetDefinition::name).toArray(String[]::new));
        return longestFirst(targets, seconds);
    }

    /** Targets without a duration first, in their order; then the others, longest first (stable). */
    static List<TargetDefinition> longestFirst(List<TargetDefinition> targets, Map<String, Double> seconds) {
        if (seconds.isEmpty()) {
            return targets;
        }
        List<TargetDefinition> ordered = new ArrayList<>(targets);
        ordered.sort(Comparator.comparingDouble(t -> -seconds.getOrDefault(t.name(), Double.POSITIVE_INFINITY)));
        return ordered;
    }
}
