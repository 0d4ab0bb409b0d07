package org.sealing.apply;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryTemplate;

import org.sealing.catalog.Action;
import org.sealing.job.RunningStatements;
import org.sealing.targetdb.ResolvedTarget;
import org.sealing.targetdb.ResolvedTarget.ResolvedTable;
import org.sealing.targetdb.TableSql;
import org.sealing.targetdb.TargetFailures;

/**
 * Applies one table's rows of a chunk in one target transaction (the sealed rows' vault copies committed
 * before it, see {@link VaultCopies}), through Spring's
 * {@link RetryTemplate}: each try on a fresh connection, tried again as {@link ApplyRetryPolicy}
 * decides, its pauses ended by a stop ({@link StoppablePause}).
 */
final class TableApplier {

    private final DataSource targetDataSource;
    private final Part part;
    private final RunningStatements running;
    private final ResolvedTarget target;
    private final StepExecution step;
    private volatile String waitingFor;

    /**
     * What one try does to a table's rows on a target connection before the commit: a change (the sealed
     * rows' copies committed before the target's commit) or a restore. It returns the rows it left as they were on purpose
     * (restore conflicts), with their reasons.
     */
    @FunctionalInterface
    interface Part {
        Map<Long, String> apply(Connection c, ResolvedTable table, TableSql sql, List<PlanRow> rows)
                throws SQLException;

        /**
         * The change of a purge or mask lane: sealed rows' copies committed in the vault before the target's
         * change commits (read by a purge itself where the target can, first elsewhere).
         */
        static Part change(VaultCopies copies, ChunkStatements statements) {
            return (c, table, sql, rows) -> {
                if (table.action() == Action.PURGE && VaultCopies.allSealed(rows) && sql.purgesReturning()) {
                    statements.purgeKeeping(c, table, sql, rows, copies);
                } else {
                    copies.keep(c, table, sql, rows);
                    statements.apply(c, table, sql, rows);
                }
                return Map.of();
            };
        }
    }

    TableApplier(DataSource targetDataSource, Part part, RunningStatements running, ResolvedTarget target,
            StepExecution step) {
        this.targetDataSource = targetDataSource;
        this.part = part;
        this.running = running;
        this.target = target;
        this.step = step;
    }

    /** The table whose lock a pause waits for now, or null. */
    String waitingFor() {
        return waitingFor;
    }

    /**
     * Applies and commits the rows; returns those left as they were on purpose (restore conflicts). A failure
     * that trying again would not change is a {@link ChangeWriter.PermanentFailure}, which the caller may
     * narrow down row by row.
     */
    Map<Long, String> apply(ResolvedTable table, TableSql sql, List<PlanRow> rows) throws ChangeWriter.PermanentFailure {
        ApplyRetryPolicy policy = new ApplyRetryPolicy(target.name(), table.name(), step, t -> waitingFor = t);
        RetryTemplate retry = new RetryTemplate(policy);
        try (StoppablePause pause = new StoppablePause(running)) {
            retry.setRetryListener(pause);
            return retry.execute(() -> once(table, sql, rows, policy));
        } catch (RetryException e) {
            // an Error (out of memory, a class that cannot load) says nothing of the rows: it fails the step,
            // which a restart redoes, rather than marking the rows failed for good
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw policy.givingUp(e.getCause());
        } finally {
            waitingFor = null;
        }
    }

    private Map<Long, String> once(ResolvedTable table, TableSql sql, List<PlanRow> rows, ApplyRetryPolicy policy)
            throws SQLException {
        try (Connection c = targetDataSource.getConnection()) {
            try {
                Map<Long, String> left = part.apply(c, table, sql, rows);
                c.commit();
                return left;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                if (TargetFailures.isLockTimeout(e) && policy.isLastLockTry()) {
                    policy.lockTimeoutWas(TargetFailures.lockTimeoutOf(c));
                }
                throw e;
            }
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool replaces it
        }
    }
}
