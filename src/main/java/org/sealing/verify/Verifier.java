package org.sealing.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

import org.springframework.jdbc.core.JdbcTemplate;

import org.sealing.plan.MatchSession;
import org.sealing.run.RunRecords;
import org.sealing.target.ResolvedTarget;
import org.sealing.target.ResolvedTarget.ResolvedTable;
import org.sealing.target.TableSql;
import org.sealing.target.TargetDatabases;

/**
 * Verifies a target by searching it again, with the very queries that planned it, for rows of active
 * sealed cases that are not in their remediated state: the residual. It never trusts what apply
 * counted; a row that reappeared since (restored from a backup, replicated back) counts too.
 */
public class Verifier {

    private final JdbcTemplate streaming;
    private final TargetDatabases databases;
    private final RunRecords runs;

    public Verifier(JdbcTemplate streaming, TargetDatabases databases, RunRecords runs) {
        this.streaming = streaming;
        this.databases = databases;
        this.runs = runs;
    }

    /** Searches the target and records the residual of each table and of the target; returns the total. */
    public long verify(long runId, ResolvedTarget target, LocalDate asOf) throws SQLException {
        long residual = 0;
        try (Connection c = databases.dataSource(target.definition()).getConnection()) {
            try {
                MatchSession.prepare(c, target, streaming, asOf);
                for (ResolvedTable table : target.tables()) {
                    long tableResidual;
                    try (PreparedStatement ps = c.prepareStatement(new TableSql(table).countResidual());
                            ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        tableResidual = rs.getLong(1);
                    }
                    runs.tableResidual(runId, target.name(), table.name(), table.action().name(), tableResidual);
                    residual += tableResidual;
                }
            } finally {
                c.rollback();
            }
        }
        runs.targetVerified(runId, target.name(), residual);
        return residual;
    }
}
