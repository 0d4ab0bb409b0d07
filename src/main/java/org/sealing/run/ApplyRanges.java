package org.sealing.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import org.sealing.SealingProperties;
import org.sealing.apply.Lane;
import org.sealing.catalog.Action;
import org.sealing.catalog.TableRule;
import org.sealing.catalog.TargetDefinition;
import org.sealing.ledger.RunRecords;

/**
 * The ranges a planned target is applied in, each one partition of the run's {@code apply} step: the target's
 * purges in one range (children's rows before their parents', in plan order), and each masked table's plan rows
 * cut into ranges of at most {@code SEALING_REMEDIATION_PARTITIONROWS} consecutive plan ids (masks never break a
 * foreign key, so ranges need no order). Computed from the run's plan the first time the target is split and
 * recorded ({@code apply_range}), so that every later split of the run (a restart, a worker) reads the same.
 */
@Component
class ApplyRanges {

    private static final Logger log = LoggerFactory.getLogger(ApplyRanges.class);

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
    private final RunRecords runs;

    ApplyRanges(JdbcTemplate jdbc, PlatformTransactionManager transactions, SealingProperties properties,
            RunRecords runs) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.transactions = new TransactionTemplate(transactions);
        this.properties = properties;
    }

    /** The target's ranges in the run, recorded now if this is the first time it is split. */
    List<Range> of(long runId, TargetDefinition target) {
        return of(runId, List.of(target)).getOrDefault(target.name(), List.of());
    }

    /**
     * The targets' ranges in the run, by target: those recorded, and for the targets split for the first time,
     * computed from the plan in one query and recorded now.
     */
    Map<String, List<Range>> of(long runId, List<TargetDefinition> targets) {
        Map<String, List<Range>> ranges = recorded(runId);
        List<TargetDefinition> unsplit = targets.stream().filter(t -> !ranges.containsKey(t.name())).toList();
        if (unsplit.isEmpty()) {
            return ranges;
        }
        long started = System.nanoTime();
        // the targets split now are planned, their plans committed: statistics that count all their rows serve the
        // split's queries, apply's pages and the figures (each target's planning analysed the plan too, but side by
        // side with the others' uncommitted plans, skipping an analysis already under way)
        jdbc.execute("analyze remediation_plan");
        List<Range> computed = compute(runId, unsplit);
        transactions.executeWithoutResult(status -> jdbc.batchUpdate("insert into apply_range (run_id, target, lane,"
                + " part, parts, range_from, range_to, plan_rows) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing",
                computed.stream().map(r -> new Object[] {runId, r.target(), r.lane(), r.part(), r.parts(), r.from(),
                        r.to(), r.rows()}).toList()));
        Map<String, List<Range>> now = recorded(runId);
        log.info("{} targets split: apply in {} ranges ({} plan rows at most each), recorded in {} s", unsplit.size(),
                unsplit.stream().mapToInt(t -> now.getOrDefault(t.name(), List.of()).size()).sum(),
                properties.remediation().partitionRows(), String.format("%.2f", (System.nanoTime() - started) / 1e9));
        return now;
    }

    /** The ranges the run recorded, by target (a target not split yet has none). */
    Map<String, List<Range>> recorded(long runId) {
        Map<String, List<Range>> ranges = new LinkedHashMap<>();
        for (Range range : jdbc.query(RECORDED + " where run_id = ? order by target, lane, part", ApplyRanges::range,
                runId)) {
            ranges.computeIfAbsent(range.target(), t -> new ArrayList<>()).add(range);
        }
        return ranges;
    }

    /** One range the run recorded, by its key (an apply partition finds its own so, not among all the run's). */
    Optional<Range> recorded(long runId, String target, String lane, int part) {
        return jdbc.query(RECORDED + " where run_id = ? and target = ? and lane = ? and part = ?", ApplyRanges::range,
                runId, target, lane, part).stream().findFirst();
    }

    private static final String RECORDED = "select target, lane, part, parts, range_from, range_to, plan_rows"
            + " from apply_range";

    private static Range range(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Range(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getLong(5), rs.getLong(6),
                rs.getLong(7));
    }

    /**
     * The ranges of targets not split before: their plan rows of purges and of each masked table as their plan
     * steps recorded them (counted in one reading of the run's plan for a target an earlier version planned), and a
     * masked table with more than partitionRows of them cut in plan order.
     */
    private List<Range> compute(long runId, List<TargetDefinition> targets) {
        Map<String, long[]> bounds = new HashMap<>();
        jdbc.query("select target, coalesce(plan_from, 0), coalesce(plan_to, 0) from run_target where run_id = ?",
                rs -> {
                    bounds.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }, runId);
        int size = properties.remediation().partitionRows();
        Map<String, Long> purges = new HashMap<>();
        Map<String, Long> masked = new HashMap<>();
        // the plan rows of each table as the plan steps recorded them; the plan is counted again for the targets an
        // earlier version planned
        Map<String, Map<String, Long>> recorded = runs.planRows(runId,
                targets.stream().map(TargetDefinition::name).toList());
        List<String> uncounted = new ArrayList<>();
        for (TargetDefinition target : targets) {
            Map<String, Long> tables = recorded.get(target.name());
            if (tables == null) {
                uncounted.add(target.name());
                continue;
            }
            for (TableRule rule : target.tables()) {
                long rows = tables.getOrDefault(rule.table().toString(), 0L);
                if (rule.action() == Action.PURGE) {
                    purges.merge(target.name(), rows, Long::sum);
                } else if (rule.action() == Action.MASK) {
                    masked.put(target.name() + "\n" + rule.table(), rows);
                }
            }
        }
        if (!uncounted.isEmpty()) {
            count(runId, uncounted, purges, masked);
        }
        // a lane with chunks already applied (by a version that applied lanes in one piece, before a restart) is
        // not cut: its chunks say how far it went as one range
        Set<String> begun = new HashSet<>(jdbc.query("select distinct target || chr(10) || lane from apply_chunk"
                + " where run_id = ?", (rs, i) -> rs.getString(1), runId));
        List<Range> ranges = new ArrayList<>();
        for (TargetDefinition target : targets) {
            long[] bound = bounds.getOrDefault(target.name(), new long[] {0, 0});
            long from = bound[0];
            long to = bound[1];
            if (target.tables().stream().anyMatch(r -> r.action() == Action.PURGE)) {
                ranges.add(new Range(target.name(), Lane.PURGES.name(), 1, 1, from, to,
                        purges.getOrDefault(target.name(), 0L)));
            }
            for (TableRule rule : target.tables()) {
                if (rule.action() != Action.MASK) {
                    continue;
                }
                Lane lane = Lane.mask(rule.table());
                long rows = masked.getOrDefault(target.name() + "\n" + rule.table(), 0L);
                if (rows <= size || begun.contains(target.name() + "\n" + lane.name())) {
                    ranges.add(new Range(target.name(), lane.name(), 1, 1, from, to, rows));
                    continue;
                }
                // the table's plan rows in plan order, cut after every size-th (plan ids only: a sort of numbers, not
                // of the text keys a window over every table would sort by): each cut ends a range, and the last
                // range reaches the end of the plan, so no row of the table is left between ranges
                List<Long> cuts = jdbc.queryForList("""
                        select plan_id from (
                            select plan_id, row_number() over (order by plan_id) as n from remediation_plan
                            where run_id = ? and target = ? and action = 'MASK' and table_name = ?
                              and plan_id > ? and plan_id <= ?) numbered
                        where n % ? = 0 and n < ? order by plan_id""", Long.class, runId, target.name(),
                        rule.table().toString(), from, to, size, rows);
                int parts = cuts.size() + 1;
                long after = from;
                for (int i = 0; i < parts; i++) {
                    long upTo = i < cuts.size() ? cuts.get(i) : to;
                    long inRange = i < cuts.size() ? size : rows - (long) size * cuts.size();
                    ranges.add(new Range(target.name(), lane.name(), i + 1, parts, after, upTo, inRange));
                    after = upTo;
                }
            }
        }
        return ranges;
    }

    /** Counts, in the run's plan, the plan rows of these targets' purges and of each of their masked tables. */
    private void count(long runId, List<String> targets, Map<String, Long> purges, Map<String, Long> masked) {
        jdbc.query("""
                select p.target, p.action, p.table_name, count(*)
                from remediation_plan p
                join run_target t on t.run_id = p.run_id and t.target = p.target
                where p.run_id = ? and p.target = any (?) and p.action in ('MASK', 'PURGE')
                  and p.plan_id > coalesce(t.plan_from, 0) and p.plan_id <= coalesce(t.plan_to, 0)
                group by p.target, p.action, p.table_name""", ps -> {
                    ps.setLong(1, runId);
                    ps.setArray(2, ps.getConnection().createArrayOf("text", targets.toArray()));
                }, rs -> {
                    if (rs.getString(2).equals("PURGE")) {
                        purges.merge(rs.getString(1), rs.getLong(4), Long::sum);
                    } else {
                        masked.put(rs.getString(1) + "\n" + rs.getString(3), rs.getLong(4));
                    }
                });
    }
}
