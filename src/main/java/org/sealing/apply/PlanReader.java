package org.sealing.apply;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.batch.core.ExitStatus;

import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the rows of one lane of a target's plan that are still to be applied, a page per chunk, in
 * plan order (which the planner made children's purges before their parents'). Pages are read by
 * primary key after the last row read (within the bounds the planner recorded), never by OFFSET; a
 * step starts after the last chunk its lane recorded (in the same control transaction as the chunk),
 * so a restart reads exactly what was not applied. Plan rows do not change once planned, so the next
 * page is read by a thread of the reader's own while the current one is applied.
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
    private final long rangeFrom;
    private final long rangeTo;
    private ExecutorService prefetcher;
    private Future<List<PlanRow>> next;

    /**
     * Reads the lane's rows within the bounds the planner recorded. The page size must equal the chunk size, so
     * that each chunk reads exactly one page.
     */
    public PlanReader(JdbcTemplate jdbc, String target, Lane lane, int pageSize) {
        this(jdbc, target, lane, pageSize, -1, -1);
    }

    /**
     * Reads the lane's rows whose plan ids are after {@code from} and at most {@code to}: one range of a
     * partitioned lane, whose restart reads on after the last chunk recorded within that range.
     */
    public PlanReader(JdbcTemplate jdbc, String target, Lane lane, int pageSize, long from, long to) {
        this.jdbc = jdbc;
        this.target = target;
        this.lane = lane;
        this.pageSize = pageSize;
        this.rangeFrom = from;
        this.rangeTo = to;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        runId = stepExecution.getJobExecution().getJobInstance().getInstanceId();
        page.clear();
        exhausted = false;
        next = null;
        long[] bounds;
        if (rangeTo >= 0) {
            bounds = new long[] {rangeFrom, rangeTo};
        } else {
            String bounded = lane.equals(Lane.RESTORES) ? "coalesce(restore_from, 0), coalesce(restore_to, 0)"
                    : "coalesce(plan_from, 0), coalesce(plan_to, 0)";
            bounds = jdbc.queryForObject("select " + bounded + " from run_target where run_id = ? and target = ?",
                    (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}, runId, target);
        }
        // the last chunk recorded within these bounds (the other ranges of a partitioned lane record theirs)
        Long recorded = jdbc.queryForObject("select max(last_plan_id) from apply_chunk where run_id = ? and target = ?"
                + " and lane = ? and last_plan_id > ? and last_plan_id <= ?", Long.class, runId, target, lane.name(),
                bounds[0], bounds[1]);
        lastPlanId = Math.max(recorded == null ? 0 : recorded, bounds[0]);
        planTo = bounds[1];
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        if (next != null) {
            next.cancel(true);
            next = null;
        }
        if (prefetcher != null) {
            prefetcher.shutdownNow();
            prefetcher = null;
        }
        return null;
    }

    @Override
    public PlanRow read() {
        if (page.isEmpty() && !exhausted) {
            List<PlanRow> rows = next != null ? await(next) : fetch(lastPlanId);
            next = null;
            page.addAll(rows);
            // a short page is the last one
            exhausted = rows.size() < pageSize;
            if (!rows.isEmpty()) {
                lastPlanId = rows.get(rows.size() - 1).planId();
            }
            if (!exhausted) {
                // plan rows do not change once planned: the next page is read while this one is applied
                long after = lastPlanId;
                next = prefetcher().submit(() -> fetch(after));
            }
        }
        return page.poll();
    }

    private List<PlanRow> fetch(long after) {
        List<PlanRow> rows = new ArrayList<>(pageSize);
        boolean restores = lane.equals(Lane.RESTORES);
        // a restore row carries the plan row whose copy it restores, and that row's action
        String restoring = restores ? "p.restores, o.action" : "null::bigint, null::text";
        String join = restores ? " join remediation_plan o on o.plan_id = p.restores" : "";
        jdbc.query("select p.plan_id, p.table_name, p.action, p.row_key, p.depth, p.row_ref, p.order_id, p.statute,"
                + " p.outcome, " + restoring + " from remediation_plan p" + join
                + " where p.plan_id > ? and p.plan_id <= ? and p.run_id = ? and p.target = ? and p.state = 'PLANNED' and "
                + lane.condition("p")
                + " order by p.plan_id limit ?", rs -> {
                long restored = rs.getLong(10);
                PlanRow.Restoring copyOf = rs.wasNull() ? null : new PlanRow.Restoring(restored, rs.getString(11));
                rows.add(new PlanRow(rs.getLong(1), rs.getString(2), rs.getString(3),
                        (String[]) rs.getArray(4).getArray(), rs.getInt(5), rs.getString(6), rs.getString(7),
                        rs.getString(8), rs.getString(9), copyOf));
            }, after, planTo, runId, target, pageSize);
        return rows;
    }

    private ExecutorService prefetcher() {
        if (prefetcher == null) {
            prefetcher = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "plan-prefetch-" + target);
                t.setDaemon(true);
                return t;
            });
        }
        return prefetcher;
    }

    private static List<PlanRow> await(Future<List<PlanRow>> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the plan", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
