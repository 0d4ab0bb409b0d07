package org.sealing.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

import org.sealing.control.HmacKey;
import org.sealing.job.ExecutionLocks;
import org.sealing.job.StepInterruption;
import org.sealing.support.ProgressLog;
import org.sealing.targetdb.ResolvedTarget;
import org.sealing.targetdb.ResolvedTarget.ResolvedTable;
import org.sealing.targetdb.TableSql;
import org.sealing.targetdb.TargetFailures;

/**
 * Applies a chunk of one lane of the plan to the target, one statement per table with the keys as
 * array parameters, each table's part committed in the target (children's purges first); then, in
 * the chunk's control transaction, records the chunk (which makes its rows done and puts them in the
 * audit ledger) and any row that failed.
 *
 * <p>Re-applying a chunk changes nothing (a purge finds nothing left, a mask writes what is there),
 * and a chunk replayed after a crash between the two commits had recorded nothing, so each changed
 * row is counted and audited exactly once. A transient failure (connection lost,
 * deadlock, serialization failure) is retried with backoff on a fresh connection; a statement that
 * fails for good is retried row by row, and only the rows that still fail are marked failed. A table
 * or row another session keeps locked past the lock timeout is tried a few times, then fails the
 * lane with a message naming the table.
 *
 * <p>When the run must end (a stop request, or the loss of the lock that proves the execution alive,
 * checked again just before each chunk commits), the chunk is left unrecorded, its statement
 * cancelled if it waits, and the step ends at this chunk boundary: a restart applies the chunk again,
 * which is harmless.
 */
public class ChangeWriter implements ItemWriter<PlanRow>, StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(ChangeWriter.class);
    private static final long[] BACKOFF_MILLIS = {200, 1_000, 3_000, 8_000};

    private final java.util.function.LongFunction<ResolvedTarget> resolver;
    private final Lane lane;
    private final DataSource targetDataSource;
    private ResolvedTarget target;
    private final JdbcTemplate control;
    private final HmacKey hmac;
    private long executionId;
    private long runId;
    private StepExecution stepExecution;
    private ProgressLog progressLog;
    private volatile long chunks;
    private volatile long rowsApplied;
    private volatile String waitingFor;

    /** The resolver gives the checked target of a run (its id is known when the step starts). */
    public ChangeWriter(java.util.function.LongFunction<ResolvedTarget> resolver, Lane lane,
            DataSource targetDataSource, JdbcTemplate control, HmacKey hmac) {
        this.resolver = resolver;
        this.lane = lane;
        this.targetDataSource = targetDataSource;
        this.control = control;
        this.hmac = hmac;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        this.stepExecution = stepExecution;
        executionId = stepExecution.getJobExecutionId();
        runId = stepExecution.getJobExecution().getJobInstance().getInstanceId();
        target = resolver.apply(runId);
        chunks = 0;
        rowsApplied = 0;
        waitingFor = null;
        progressLog = ProgressLog.start(log, () -> "target " + target.name() + " lane " + lane.name() + ": "
                + chunks + " chunks, " + rowsApplied + " rows applied by this execution"
                + (waitingFor == null ? "" : "; waiting for a lock on table " + waitingFor));
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        if (progressLog != null) {
            progressLog.close();
            progressLog = null;
        }
        return null;
    }

    @Override
    public void write(Chunk<? extends PlanRow> chunk) throws Exception {
        try {
            writeChunk(chunk);
        } catch (Interrupted e) {
            // ends the step at this chunk boundary, STOPPED; the chunk is not recorded, so a restart redoes it
            stepExecution.setTerminateOnly();
            log.info("target {} lane {}: {}; this chunk is left to the restart", target.name(), lane.name(),
                    e.getMessage());
        }
    }

    private void writeChunk(Chunk<? extends PlanRow> chunk) throws Exception {
        if (StepInterruption.requested(stepExecution)) {
            throw new Interrupted("stopping");
        }
        Map<String, List<PlanRow>> byTable = new LinkedHashMap<>();
        for (PlanRow row : chunk.getItems()) {
            byTable.computeIfAbsent(row.table(), t -> new ArrayList<>()).add(row);
        }
        Map<Long, String> failed = new HashMap<>();
        for (Map.Entry<String, List<PlanRow>> group : byTable.entrySet()) {
            ResolvedTable table = table(group.getKey());
            TableSql sql = new TableSql(table);
            List<PlanRow> rows = group.getValue();
            try {
                applyWithRetry(table, sql, rows);
            } catch (PermanentFailure e) {
                log.warn("target {} table {}: a chunk of {} rows failed ({}); applying its rows one by one",
                        target.name(), table.name(), rows.size(), e.getMessage());
                for (PlanRow row : rows) {
                    try {
                        applyWithRetry(table, sql, List.of(row));
                    } catch (PermanentFailure rowFailure) {
                        failed.put(row.planId(), rowFailure.getMessage());
                    }
                }
            }
        }
        List<? extends PlanRow> items = chunk.getItems();
        record(items.get(0).planId(), items.get(items.size() - 1).planId(), failed);
        chunks++;
        rowsApplied += items.size() - failed.size();
    }

    private ResolvedTable table(String name) {
        return target.tables().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the plan names table " + name + ", which target "
                        + target.name() + " no longer has a rule for"));
    }

    /**
     * Applies rows of one table in one target transaction, retrying transient failures and lock
     * timeouts.
     */
    private void applyWithRetry(ResolvedTable table, TableSql sql, List<PlanRow> rows) throws Exception {
        int lockTries = 0;
        for (int attempt = 0; ; attempt++) {
            String waited = null;
            try (Connection c = targetDataSource.getConnection()) {
                try {
                    apply(c, table, sql, rows);
                    c.commit();
                    waitingFor = null;
                    return;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c);
                    if (TargetFailures.isLockTimeout(e) && lockTries + 1 >= TargetFailures.LOCK_TRIES) {
                        waited = TargetFailures.lockTimeoutOf(c);
                    }
                    throw e;
                }
            } catch (SQLException | RuntimeException e) {
                if (StepInterruption.requested(stepExecution)) {
                    throw new Interrupted("stopping");
                }
                if (TargetFailures.isLockTimeout(e)) {
                    lockTries++;
                    if (lockTries >= TargetFailures.LOCK_TRIES) {
                        waitingFor = null;
                        throw new TargetFailures.Locked(table.name(), waited, lockTries);
                    }
                    waitingFor = table.name();
                    long pause = TargetFailures.lockPauseMillis(lockTries);
                    log.warn("target {} table {}: locked by another session; trying again in {} s (try {} of {})",
                            target.name(), table.name(), pause / 1000, lockTries + 1, TargetFailures.LOCK_TRIES);
                    pause(pause);
                    attempt--;
                    continue;
                }
                if (TargetFailures.isCancelled(e)) {
                    // not by us: statement_timeout, or an administrator; trying row by row would only repeat it
                    throw new IllegalStateException("target " + target.name() + " table " + table.name() + ": "
                            + TargetFailures.describe(e), e);
                }
                if (!TargetFailures.isTransient(e)) {
                    throw new PermanentFailure(TargetFailures.describe(e));
                }
                if (attempt >= BACKOFF_MILLIS.length) {
                    throw new IllegalStateException("target " + target.name() + " table " + table.name() + ": still"
                            + " failing after " + (attempt + 1) + " attempts: " + TargetFailures.describe(e), e);
                }
                log.warn("target {} table {}: transient failure ({}); retrying in {} ms", target.name(), table.name(),
                        TargetFailures.describe(e), BACKOFF_MILLIS[attempt]);
                pause(BACKOFF_MILLIS[attempt]);
            }
        }
    }

    private void pause(long millis) {
        if (!StepInterruption.pause(millis, stepExecution)) {
            throw new Interrupted("stopping");
        }
    }

    private void apply(Connection c, ResolvedTable table, TableSql sql, List<PlanRow> rows) throws SQLException {
        int keys = table.key().size();
        List<String[]> keyArrays = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            String[] values = new String[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                values[i] = rows.get(i).key()[k];
            }
            keyArrays.add(values);
        }
        if ("PURGE".equals(table.action().name())) {
            execute(c, sql.purge(), keyArrays, List.of());
            return;
        }
        List<String[]> hashes = hashes(c, sql, keyArrays, rows.size());
        execute(c, sql.mask(), keyArrays, hashes);
    }

    /** The new value of each hashed column of each row: the HMAC of its current value. */
    private List<String[]> hashes(Connection c, TableSql sql, List<String[]> keyArrays, int size) throws SQLException {
        List<String> columns = sql.hashedColumns();
        if (columns.isEmpty()) {
            return List.of();
        }
        Map<String, String[]> current = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql.selectHashed())) {
            bind(c, ps, keyArrays, List.of());
            try (ResultSet rs = ps.executeQuery()) {
                int keys = keyArrays.size();
                while (rs.next()) {
                    StringBuilder key = new StringBuilder();
                    for (int k = 0; k < keys; k++) {
                        key.append(rs.getString(k + 1)).append('\u0000');
                    }
                    String[] values = new String[columns.size()];
                    for (int i = 0; i < columns.size(); i++) {
                        String value = rs.getString(keys + i + 1);
                        values[i] = value == null ? null : hmac.hexOf(value);
                    }
                    current.put(key.toString(), values);
                }
            }
        }
        List<String[]> hashes = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            hashes.add(new String[size]);
        }
        for (int row = 0; row < size; row++) {
            StringBuilder key = new StringBuilder();
            for (String[] keyArray : keyArrays) {
                key.append(keyArray[row]).append('\u0000');
            }
            String[] values = current.get(key.toString());
            for (int i = 0; i < columns.size(); i++) {
                hashes.get(i)[row] = values == null ? null : values[i];
            }
        }
        return hashes;
    }

    private static void execute(Connection c, String sql, List<String[]> keyArrays, List<String[]> extra)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, keyArrays, extra);
            ps.executeUpdate();
        }
    }

    private static void bind(Connection c, PreparedStatement ps, List<String[]> keyArrays, List<String[]> extra)
            throws SQLException {
        int index = 1;
        for (String[] values : keyArrays) {
            ps.setArray(index++, c.createArrayOf("text", values));
        }
        for (String[] values : extra) {
            ps.setArray(index++, c.createArrayOf("text", values));
        }
    }

    /**
     * Records the chunk in the control database, in the chunk's transaction: the range of plan rows
     * it applied (one row, whatever the chunk's size) and the rows that failed.
     */
    private void record(long first, long last, Map<Long, String> failed) {
        // another node may restart an execution whose lock is gone: this one records nothing more
        if (!ExecutionLocks.isExecutionLockHeld(control, executionId)) {
            throw new Interrupted("the lock that proves execution " + executionId + " alive is gone");
        }
        failed.forEach((planId, reason) -> control.update("insert into apply_failure (plan_id, execution_id, reason)"
                + " values (?, ?, ?)", planId, executionId, reason));
        control.update("insert into apply_chunk (run_id, target, lane, first_plan_id, last_plan_id, execution_id)"
                + " values (?, ?, ?, ?, ?, ?)", runId, target.name(), lane.name(), first, last, executionId);
        if (!failed.isEmpty()) {
            log.warn("target {}: {} rows failed and stay as they were", target.name(), failed.size());
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool replaces it
        }
    }

    /** The run must end: this chunk is left unrecorded. */
    private static final class Interrupted extends RuntimeException {
        Interrupted(String message) {
            super(message, null, false, false);
        }
    }

    /** A statement that failed for a reason that trying again will not change. */
    private static final class PermanentFailure extends Exception {
        PermanentFailure(String message) {
            super(message, null, false, false);
        }
    }
}
