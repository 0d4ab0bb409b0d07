package org.sealing.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import org.sealing.policy.Outcome;

/**
 * The one query of a run's figures, target by target and table by table: status, the workbook and
 * the metrics all read it, and every total of theirs is a sum of its rows, so they never disagree.
 */
@Component
public class TargetFiguresQuery {

    /*
     * One row per table and outcome of its plan rows; a target with no table yet (not planned) has one
     * row without a table. Plan rows are counted by table, state, action and outcome first (a hash of a
     * few dozen groups, however many rows: a sort of a million joined rows took seconds), then joined
     * through their table, which planning records in the same transaction as the rows.
     */
    private static final String FIGURES = """
            select t.run_id, t.target, t.state, t.reached, t.residual, t.verified_at is not null,
                   extract(epoch from (coalesce(t.finished_at, now()) - t.started_at)), t.reason,
                   b.table_name, b.action, b.total_rows, b.refused, b.reason, b.residual,
                   p.state, p.action, coalesce(p.rows, 0), p.outcome
            from run_target t
            left join run_table b on b.run_id = t.run_id and b.target = t.target
            left join (select run_id, target, table_name, state, action, outcome, count(*) as rows
                       from remediation_plan_state where %s
                       group by run_id, target, table_name, state, action, outcome) p
                 on p.run_id = t.run_id and p.target = t.target and p.table_name = b.table_name
            where t.%s
            order by t.run_id, t.target, b.table_name
            """;
    private static final String ONE_RUN = "run_id = ?";

    private final JdbcTemplate jdbc;

    public TargetFiguresQuery(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The targets of a run by name, each with its tables. */
    public List<TargetFigures> of(long runId) {
        return query(ONE_RUN, runId).getOrDefault(runId, List.of());
    }

    private Map<Long, List<TargetFigures>> query(String runs, long runId) {
        Map<Long, List<TargetFigures>> byRun = new LinkedHashMap<>();
        jdbc.query(FIGURES.formatted(runs, runs), rs -> {
            List<TargetFigures> targets = byRun.computeIfAbsent(rs.getLong(1), r -> new ArrayList<>());
            TargetFigures target = targets.isEmpty() ? null : targets.get(targets.size() - 1);
            if (target == null || !target.target().equals(rs.getString(2))) {
                target = new TargetFigures(rs.getString(2), TargetState.valueOf(rs.getString(3)), rs.getBoolean(4),
                        rs.getObject(5, Long.class), rs.getBoolean(6), rs.getObject(7) == null ? null : rs.getDouble(7),
                        rs.getString(8), new ArrayList<>());
                targets.add(target);
            }
            String table = rs.getString(9);
            if (table == null) {
                return;
            }
            List<TableFigures> tables = target.tables();
            TableFigures last = tables.isEmpty() ? null : tables.get(tables.size() - 1);
            if (last != null && last.table().equals(table)) {
                tables.set(tables.size() - 1, last.plus(rows(rs)));
            } else {
                tables.add(new TableFigures(table, rs.getString(10), rs.getObject(11, Long.class), rs.getBoolean(12),
                        rs.getString(13), rs.getObject(14, Long.class), rows(rs)));
            }
        }, runId, runId);
        byRun.replaceAll((run, targets) -> targets.stream().map(TargetFigures::immutable).toList());
        return byRun;
    }

    /** The plan rows a row of the query counts: of one table, one state, one action and one outcome. */
    private static RowCounts rows(ResultSet rs) throws SQLException {
        String state = rs.getString(15);
        if (state == null) {
            return RowCounts.NONE;
        }
        PlanState planState = PlanState.valueOf(state);
        // a change done has an action and an outcome that count (purged or masked, destroyed or sealed)
        String action = rs.getString(16);
        Outcome outcome = planState == PlanState.DONE ? Outcome.valueOf(rs.getString(18)) : null;
        return RowCounts.NONE.plus(planState, action, outcome, rs.getLong(17));
    }
}
