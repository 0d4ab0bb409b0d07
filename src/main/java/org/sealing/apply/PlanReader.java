package org.sealing.apply;

import java.util.ArrayDeque;
import java.util.Deque;

import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the rows of one lane of a target's plan that are still to be applied, a page per chunk, in
 * plan order (which the planner made children's purges before their parents'). Pages are read by
 * primary key after the last row read (within the bounds the planner recorded), never by OFFSET; a
 * step starts after the last chunk its lane recorded (in the same control transaction as the chunk),
 * so a restart reads exactly what was not applied.
 */
public class PlanReader implements ItemReader<PlanRow>, StepExecutionListener {

    private final JdbcTemplate jdbc;
    private final String target;
    private final Lane lane;
    private final int pageSize;
    private final Deque<PlanRow> page = new ArrayDeque<>();
    private long runId;
    private boolean exhausted;
    private long lastPlanId;
    private long planTo;

    /** The page size must equal the chunk size, so that each chunk reads exactly one page. */
    public PlanReader(JdbcTemplate jdbc, String target, Lane lane, int pageSize) {
        this.jdbc = jdbc;
        this.target = target;
        this.lane = lane;
        this.pageSize = pageSize;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        runId = stepExecution.getJobExecution().getJobInstance().getInstanceId();
        page.clear();
        exhausted = false;
        Long recorded = jdbc.queryForObject("select max(last_plan_id) from apply_chunk where run_id = ? and target = ?"
                + " and lane = ?", Long.class, runId, target, lane.name());
        long[] bounds = jdbc.queryForObject("select coalesce(plan_from, 0), coalesce(plan_to, 0) from run_target"
                + " where run_id = ? and target = ?", (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}, runId, target);
        lastPlanId = Math.max(recorded == null ? 0 : recorded, bounds[0]);
        planTo = bounds[1];
    }

    @Override
    public PlanRow read() {
        if (page.isEmpty() && !exhausted) {
            jdbc.query("select plan_id, table_name, action, row_key, depth from remediation_plan"
                    + " where plan_id > ? and plan_id <= ? and run_id = ? and target = ? and state = 'PLANNED' and "
                    + lane.condition() + " order by plan_id limit ?", rs -> {
                    page.add(new PlanRow(rs.getLong(1), rs.getString(2), rs.getString(3),
                            (String[]) rs.getArray(4).getArray(), rs.getInt(5)));
                }, lastPlanId, planTo, runId, target, pageSize);
            // a short page is the last one: reading again before the chunk commits would return it twice
            exhausted = page.size() < pageSize;
            if (!page.isEmpty()) {
                lastPlanId = page.getLast().planId();
            }
        }
        return page.poll();
    }
}
