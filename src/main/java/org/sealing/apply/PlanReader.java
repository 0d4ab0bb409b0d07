package org.sealing.apply;

import java.util.ArrayDeque;
import java.util.Deque;

import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the rows of a target's plan that are still to be applied, a page per chunk, children's purges
 * before their parents'. Applied rows leave the PLANNED state in the chunk's own transaction, so each
 * page starts after the last committed chunk and a restart needs no saved position: it simply reads
 * what is still planned (never OFFSET, never the same row twice).
 */
public class PlanReader implements ItemReader<PlanRow>, StepExecutionListener {

    private final JdbcTemplate jdbc;
    private final String target;
    private long runId;
    private final int pageSize;
    private final Deque<PlanRow> page = new ArrayDeque<>();
    private boolean exhausted;

    /** The page size must equal the chunk size, so that each chunk reads exactly one page. */
    public PlanReader(JdbcTemplate jdbc, String target, int pageSize) {
        this.jdbc = jdbc;
        this.target = target;
        this.pageSize = pageSize;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        runId = stepExecution.getJobExecution().getJobInstance().getInstanceId();
        page.clear();
        exhausted = false;
    }

    @Override
    public PlanRow read() {
        if (page.isEmpty() && !exhausted) {
            jdbc.query("""
                    select plan_id, table_name, action, row_key, depth from remediation_plan
                    where run_id = ? and target = ? and state = 'PLANNED'
                    order by depth, table_name, plan_id limit ?
                    """, rs -> {
                    page.add(new PlanRow(rs.getLong(1), rs.getString(2), rs.getString(3),
                            (String[]) rs.getArray(4).getArray(), rs.getInt(5)));
                }, runId, target, pageSize);
            // a short page is the last one: reading again before the chunk commits would return it twice
            exhausted = page.size() < pageSize;
        }
        return page.poll();
    }
}
