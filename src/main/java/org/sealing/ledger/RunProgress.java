package org.sealing.ledger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Where a remediation run stands, target by target and table by table: what was planned, applied,
 * failed or refused, and what verification left. {@code status EXECUTION_ID} shows it while a run
 * goes on, and afterwards.
 */
@Component
public class RunProgress {

    private final JdbcTemplate jdbc;

    public RunProgress(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The targets of a run, each with its tables, as ordered maps ready to print or to serialise. */
    public List<Map<String, Object>> of(long runId) {
        List<Map<String, Object>> targets = new ArrayList<>();
        jdbc.query("select target, state, reached, residual, reason from run_target where run_id = ? order by target",
                rs -> {
                    Map<String, Object> t = new LinkedHashMap<>();
                    t.put("target", rs.getString(1));
                    t.put("state", rs.getString(2));
                    t.put("reached", rs.getBoolean(3));
                    t.put("residual", rs.getObject(4));
                    t.put("reason", rs.getString(5));
                    t.put("tables", new ArrayList<Map<String, Object>>());
                    targets.add(t);
                }, runId);
        for (Map<String, Object> t : targets) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> tables = (List<Map<String, Object>>) t.get("tables");
            jdbc.query("""
                    select r.table_name, r.action, count(p.plan_id), count(p.plan_id) filter (where p.state = 'DONE'),
                           count(p.plan_id) filter (where p.state = 'FAILED'),
                           count(p.plan_id) filter (where p.state = 'REFUSED'), r.residual
                    from run_table r left join remediation_plan_state p
                         on p.run_id = r.run_id and p.target = r.target and p.table_name = r.table_name
                    where r.run_id = ? and r.target = ?
                    group by r.table_name, r.action, r.residual order by r.table_name
                    """, rs -> {
                    Map<String, Object> table = new LinkedHashMap<>();
                    table.put("table", rs.getString(1));
                    table.put("action", rs.getString(2).toLowerCase());
                    table.put("planned", rs.getLong(3));
                    table.put("applied", rs.getLong(4));
                    table.put("failed", rs.getLong(5));
                    table.put("refused", rs.getLong(6));
                    table.put("residual", rs.getObject(7));
                    tables.add(table);
                }, runId, t.get("target"));
        }
        return targets;
    }
}
