package org.sealing.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import org.sealing.job.StepInterruption;
import org.sealing.plan.MatchSession;
import org.sealing.ledger.RunRecords;
import org.sealing.policy.Policy;
import org.sealing.support.ProgressLog;
import org.sealing.targetdb.ResolvedTarget;
import org.sealing.targetdb.ResolvedTarget.ResolvedTable;
import org.sealing.targetdb.TargetDatabases;

/**
 * Verifies a target by searching it again, with the very queries that planned it, for rows of active
 * sealed cases that are not in their remediated state: the residual. It never trusts what apply
 * counted; a row that reappeared since (restored from a backup, replicated back) counts too.
 */
public class Verifier {

    private static final Logger log = LoggerFactory.getLogger(Verifier.class);
    private final JdbcTemplate streaming;
    private final TargetDatabases databases;
    private final RunRecords runs;

    public Verifier(JdbcTemplate streaming, TargetDatabases databases, RunRecords runs) {
        this.streaming = streaming;
        this.databases = databases;
        this.runs = runs;
    }

    /**
     * Searches the target and records the residual of each table and of the target; returns the total. A
     * row of a case whose statute leaves it as it is (the policy's outcome none) is no residual.
     */
    public long verify(long runId, ResolvedTarget target, LocalDate asOf, Policy policy) throws SQLException {
        long residual = 0;
        String[] reading = {null};
        int[] verified = {0};
        int tables = target.tables().size();
        try (Connection c = databases.dataSource(target.definition()).getConnection();
                ProgressLog progress = ProgressLog.start(log, () -> "target " + target.name() + ": verifying, "
                        + verified[0] + " of " + tables + " tables verified, "
                        + (reading[0] == null ? "copying the sealed cases" : "reading table " + reading[0]))) {
            try {
                MatchSession.prepare(c, target, streaming, asOf, policy, table -> reading[0] = table);
                for (ResolvedTable table : target.tables()) {
                    reading[0] = table.name();
                    long tableResidual;
                    try (PreparedStatement ps = c.prepareStatement(MatchSession.sql(table, policy).countResidual());
                            ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        tableResidual = rs.getLong(1);
                    }
                    runs.tableResidual(runId, target.name(), table.name(), table.action().name(), tableResidual);
                    residual += tableResidual;
                    verified[0]++;
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            // a statement cancelled because the run must stop: the step stops, resumable
            if (StepInterruption.requested()) {
                throw StepInterruption.stopped("verifying target " + target.name());
            }
            throw e;
        }
        runs.targetVerified(runId, target.name(), residual);
        return residual;
    }
}
