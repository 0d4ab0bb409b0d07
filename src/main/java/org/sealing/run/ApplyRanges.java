package org.sealing.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import org.sealing.SealingProperties;
import org.sealing.apply.Lane;
import org.sealing.catalog.Action;
import org.sealing.catalog.TableRule;
import org.sealing.catalog.TargetDefinition;

/**
 * The ranges a planned target is applied in, each one partition of the run's {@code apply} step: the target's
 * purges in one range (children's rows before their parents', in plan order), and each masked table's plan rows
 * cut into ranges of at most {@code SEALING_REMEDIATION_PARTITIONROWS} consecutive plan ids (masks never break a
 * foreign key, so ranges need no order). Computed from the run's plan the first time the target is split and
 * recorded ({@code apply_range}), so that every later split of the run (a restart, a worker) reads the same.
 */
@Component
class ApplyRanges {

    /** One range: a lane's plan rows whose ids are after {@code from} and at most {@code to}. */
    record Range(String target, String lane, int part, int parts, long from, long to, long rows) {

        /** The name of the chunk step that applies it: {@code apply.T.purge}, {@code apply.T.mask.t#2}. */
        String stepName(Lane resolved) {
            return "apply." + target + "." + resolved.stepSuffix() + (parts > 1 ? "#" + part : "");
        }

        /** The range as the operator reads it in a reason: the target, and the table and part when it has one. */
        String describe() {
            if (lane.equals(Lane.PURGES.name())) {
                return "target " + target + " (its purges)";
            }
            String table = lane.substring(lane.indexOf(':') + 1);
            return "target " + target + " (table " + table + (parts > 1 ? ", part " + part + " of " + parts : "")
                    + ")";
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final SealingProperties properties;

    ApplyRanges(JdbcTemplate jdbc, PlatformTransactionManager transactions, SealingProperties properties) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
        this.properties = properties;
    }

    /** The target's ranges in the run, recorded now if this is the first time it is split. */
    List<Range> of(long runId, TargetDefinition target) {
        List<Range> recorded = recorded(runId, target.name());
        if (!recorded.isEmpty()) {
            return recorded;
        }
        List<Range> computed = compute(runId, target);
        transactions.executeWithoutResult(status -> {
            for (Range r : computed) {
                jdbc.update("insert into apply_range (run_id, target, lane, part, parts, range_from, range_to,"
                        + " plan_rows) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing", runId, r.target(),
                        r.lane(), r.part(), r.parts(), r.from(), r.to(), r.rows());
            }
        });
        return recorded(runId, target.name());
    }

    private List<Range> recorded(long runId, String target) {
        return jdbc.query("select lane, part, parts, range_from, range_to, plan_rows from apply_range"
                + " where run_id = ? and target = ? order by lane, part", (rs, i) -> new Range(target,
                        rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)),
                runId, target);
    }

    private List<Range> compute(long runId, TargetDefinition target) {
        long[] bounds = jdbc.queryForObject("select coalesce(plan_from, 0), coalesce(plan_to, 0) from run_target"
                + " where run_id = ? and target = ?", (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}, runId,
                target.name());
        long from = bounds[0];
        long to = bounds[1];
        List<Range> ranges = new ArrayList<>();
        if (target.tables().stream().anyMatch(r -> r.action() == Action.PURGE)) {
            Long rows = jdbc.queryForObject("select count(*) from remediation_plan where run_id = ? and target = ?"
                    + " and action = 'PURGE' and plan_id > ? and plan_id <= ?", Long.class, runId, target.name(),
                    from, to);
            ranges.add(new Range(target.name(), Lane.PURGES.name(), 1, 1, from, to, rows == null ? 0 : rows));
        }
        // each masked table's plan rows, numbered in plan order and cut every partitionRows rows: a bucket's
        // last plan id ends its range
        int size = properties.remediation().partitionRows();
        Map<String, List<long[]>> buckets = new LinkedHashMap<>();
        jdbc.query("""
                select table_name, bucket, max(plan_id), count(*) from (
                    select table_name, plan_id, (row_number() over (partition by table_name order by plan_id) - 1) / ?
                           as bucket
                    from remediation_plan
                    where run_id = ? and target = ? and action = 'MASK' and plan_id > ? and plan_id <= ?) numbered
                group by table_name, bucket order by table_name, bucket""", rs -> {
                    buckets.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
                            .add(new long[] {rs.getLong(3), rs.getLong(4)});
                }, size, runId, target.name(), from, to);
        for (TableRule rule : target.tables()) {
            if (rule.action() != Action.MASK) {
                continue;
            }
            Lane lane = Lane.mask(rule.table());
            List<long[]> cut = buckets.getOrDefault(rule.table().toString(), List.of());
            if (cut.size() <= 1) {
                ranges.add(new Range(target.name(), lane.name(), 1, 1, from, to, cut.isEmpty() ? 0 : cut.get(0)[1]));
                continue;
            }
            long after = from;
            for (int i = 0; i < cut.size(); i++) {
                // the last range reaches the end of the plan: no row of the table is left between ranges
                long upTo = i == cut.size() - 1 ? to : cut.get(i)[0];
                ranges.add(new Range(target.name(), lane.name(), i + 1, cut.size(), after, upTo, cut.get(i)[1]));
                after = upTo;
            }
        }
        return ranges;
    }
}
