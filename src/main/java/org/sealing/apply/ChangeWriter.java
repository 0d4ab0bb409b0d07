package org.sealing.apply;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import org.sealing.control.HmacKey;
import org.sealing.job.ExecutionLocks;
import org.sealing.job.RunningStatements;
import org.sealing.job.StepInterruption;
import org.sealing.ledger.EntryKind;
import org.sealing.ledger.LedgerChain;
import org.sealing.ledger.LedgerEntry;
import org.sealing.ledger.LedgerHash;
import org.sealing.support.ProgressLog;
import org.sealing.targetdb.ResolvedTarget;
import org.sealing.targetdb.ResolvedTarget.ResolvedTable;
import org.sealing.targetdb.TableSql;
import org.sealing.vault.VaultStore;

/**
 * Applies a chunk of one lane of the plan to the target, one statement per table with the keys as
 * array parameters, each table's part committed in the target (children's purges first; a sealed row's
 * vault copy committed before its change commits, see {@link VaultCopies}); then, in
 * the chunk's control transaction, records the chunk (which makes its rows done and puts them in the
 * audit ledger) with its entry in the hash-chained ledger, and any row that failed.
 *
 * <p>Re-applying a chunk changes nothing (a purge finds nothing left, a mask writes what is there),
 * and a chunk replayed after a crash between the two commits had recorded nothing, so each changed
 * row is counted and audited exactly once. A transient failure (connection lost,
 * deadlock, serialization failure) is retried with backoff on a fresh connection ({@link TableApplier});
 * a statement that fails for good is retried row by row, and only the rows that still fail are marked
 * failed. A table or row another session keeps locked past the lock timeout is tried a few times, then
 * fails the lane with a message naming the table.
 *
 * <p>When the run must end (a stop request, or the loss of the lock that proves the execution alive,
 * checked again just before each chunk commits), the chunk is left unrecorded, its statement
 * cancelled if it waits, and the step ends at this chunk boundary: a restart applies the chunk again,
 * which is harmless.
 */
public class ChangeWriter implements ItemWriter<PlanRow>, StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(ChangeWriter.class);

    private final LongFunction<ResolvedTarget> resolver;
    private final Lane lane;
    private final DataSource targetDataSource;
    private final JdbcTemplate control;
    private final ChunkStatements statements;
    private final RunningStatements running;
    private final LedgerChain ledger;
    private final VaultStore vault;
    private final long rangeFrom;
    private ResolvedTarget target;
    private TableApplier applier;
    private long executionId;
    private long runId;
    private StepExecution stepExecution;
    private ProgressLog progressLog;
    private volatile long chunks;
    private volatile long rowsApplied;

    /**
     * A writer of one range of a lane whose plan ids start after {@code rangeFrom} (0 for a lane applied in one
     * range): its chunks record that bound, so that what was applied of each range is known apart from the
     * lane's other ranges. The resolver gives the checked target of a run (its id is known when the step
     * starts); {@code running} lets a stop cancel what the writer waits on in the target.
     */
    public ChangeWriter(LongFunction<ResolvedTarget> resolver, Lane lane, long rangeFrom, DataSource targetDataSource,
            JdbcTemplate control, HmacKey hmac, RunningStatements running, LedgerChain ledger, VaultStore vault) {
        this.rangeFrom = rangeFrom;
        this.resolver = resolver;
        this.lane = lane;
        this.targetDataSource = targetDataSource;
        this.control = control;
        this.statements = new ChunkStatements(hmac);
        this.running = running;
        this.ledger = ledger;
        this.vault = vault;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        this.stepExecution = stepExecution;
        executionId = stepExecution.getJobExecutionId();
        runId = stepExecution.getJobExecution().getJobInstance().getInstanceId();
        target = resolver.apply(runId);
        TableApplier.Part part = restores() ? new RestoreStatements(vault, control, runId, target)::apply
                : TableApplier.Part.change(new VaultCopies(vault, runId, target.name()), statements);
        applier = new TableApplier(targetDataSource, part, running, target, stepExecution);
        chunks = 0;
        rowsApplied = 0;
        progressLog = ProgressLog.start(log, () -> progressLine(applier.waitingFor()));
    }

    /** Whether this writer's lane restores rows of unsealed orders rather than changing rows. */
    private boolean restores() {
        return lane.equals(Lane.RESTORES);
    }

    private String progressLine(String waitingFor) {
        return "target " + target.name() + " lane " + lane.name() + ": " + chunks + " chunks, " + rowsApplied
                + " rows applied by this execution"
                + (waitingFor == null ? "" : "; waiting for a lock on table " + waitingFor);
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
        Map<Long, String> conflicts = new HashMap<>();
        for (Map.Entry<String, List<PlanRow>> group : byTable.entrySet()) {
            ResolvedTable table = table(group.getKey());
            TableSql sql = new TableSql(table);
            List<PlanRow> rows = group.getValue();
            try {
                conflicts.putAll(applier.apply(table, sql, rows));
            } catch (PermanentFailure e) {
                log.warn("target {} table {}: a chunk of {} rows failed ({}); applying its rows one by one",
                        target.name(), table.name(), rows.size(), e.getMessage());
                for (PlanRow row : rows) {
                    try {
                        conflicts.putAll(applier.apply(table, sql, List.of(row)));
                    } catch (PermanentFailure rowFailure) {
                        failed.put(row.planId(), rowFailure.getMessage());
                    }
                }
            }
        }
        record(chunk.getItems(), failed, conflicts);
        chunks++;
        rowsApplied += chunk.size() - failed.size() - conflicts.size();
    }

    private ResolvedTable table(String name) {
        return target.tables().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the plan names table " + name + ", which target "
                        + target.name() + " no longer has a rule for"));
    }

    /**
     * Records the chunk in the control database, in the chunk's transaction: the range of plan rows
     * it applied (one row, whatever the chunk's size), the rows that failed or (restores) were left as
     * conflicts, and the ledger entry of the rows it changed or restored (digested from the rows in hand,
     * in plan order: the reader's order). A restored row's vault copy goes with it.
     */
    private void record(List<? extends PlanRow> items, Map<Long, String> failed, Map<Long, String> conflicts) {
        long first = items.get(0).planId();
        long last = items.get(items.size() - 1).planId();
        // another node may restart an execution whose lock is gone: this one records nothing more
        if (!ExecutionLocks.isExecutionLockHeld(control, executionId)) {
            throw new Interrupted("the lock that proves execution " + executionId + " alive is gone");
        }
        if (!restores()) {
            forgetCopies(failed.keySet());
        }
        failed.forEach((planId, reason) -> control.update("insert into apply_failure (plan_id, execution_id, reason)"
                + " values (?, ?, ?)", planId, executionId, reason));
        conflicts.forEach((planId, reason) -> control.update("insert into restore_conflict (plan_id, execution_id,"
                + " reason) values (?, ?, ?)", planId, executionId, reason));
        control.update("insert into apply_chunk (run_id, target, lane, first_plan_id, last_plan_id, execution_id,"
                + " range_from) values (?, ?, ?, ?, ?, ?, ?)", runId, target.name(), lane.name(), first, last,
                executionId, rangeFrom);
        LedgerHash.Rows changed = new LedgerHash.Rows();
        List<Long> restoredCopies = new ArrayList<>();
        for (PlanRow row : items) {
            if (!failed.containsKey(row.planId()) && !conflicts.containsKey(row.planId())) {
                changed.change(row.planId(), row.rowRef(), row.orderId(), row.statute(), row.action(), row.outcome());
                if (row.restoring() != null) {
                    restoredCopies.add(row.restoring().planId());
                }
            }
        }
        ledger.append(restores() ? EntryKind.RESTORE : EntryKind.CHANGE, new LedgerEntry.Fields(runId, executionId,
                target.name(), lane.name(), first, last, changed.count()), changed.hex());
        dropRestoredCopies(restoredCopies);
        if (!failed.isEmpty()) {
            log.warn("target {}: {} rows failed and stay as they were", target.name(), failed.size());
        }
        if (!conflicts.isEmpty()) {
            log.warn("target {}: {} rows of unsealed orders were not restored: they changed since they were sealed"
                    + " (restore conflicts, for review; their vault copies are kept)", target.name(), conflicts.size());
        }
    }

    /**
     * Deletes the vault copies of rows restored (with the older copies of a row sealed more than once): in the
     * chunk's transaction when the vault lives in the control database; once it has committed when the vault
     * has a database of its own (a crash in between leaves copies whose restore is recorded, which the next
     * restore planning deletes).
     */
    private void dropRestoredCopies(List<Long> copies) {
        if (copies.isEmpty()) {
            return;
        }
        if (vault.inControlDatabase()) {
            control.execute((ConnectionCallback<Integer>) c -> vault.deleteRestored(c, copies));
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                try (Connection c = vault.dataSource().getConnection()) {
                    c.setAutoCommit(true);
                    vault.deleteRestored(c, copies);
                } catch (SQLException e) {
                    log.warn("target {}: the vault copies of {} restored rows stay until the next run deletes them: {}",
                            target.name(), copies.size(), e.getMessage());
                }
            }
        });
    }

    /**
     * Drops the vault copies of rows that failed and stay as they were: a later run plans such a row
     * again and copies it again under its new plan row, and a row has one copy. With the vault in the
     * control database this is part of the chunk's transaction; in a database of its own it commits just
     * before (a crash between the two redoes the chunk, which copies a row again before changing it).
     */
    private void forgetCopies(Set<Long> failedPlanIds) {
        if (failedPlanIds.isEmpty()) {
            return;
        }
        if (vault.inControlDatabase()) {
            control.execute((ConnectionCallback<Integer>) c -> vault.delete(c, failedPlanIds));
            return;
        }
        try (Connection c = vault.dataSource().getConnection()) {
            c.setAutoCommit(true);
            vault.delete(c, failedPlanIds);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the vault copies of failed rows: " + e.getMessage(), e);
        }
    }

    /** The run must end: this chunk is left unrecorded. */
    static final class Interrupted extends RuntimeException {
        Interrupted(String message) {
            super(message, null, false, false);
        }
    }

    /** A statement that failed for a reason that trying again will not change. */
    static final class PermanentFailure extends Exception {
        PermanentFailure(String message) {
            super(message, null, false, false);
        }
    }
}
