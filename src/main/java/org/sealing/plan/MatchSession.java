package org.sealing.plan;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;

import org.springframework.jdbc.core.JdbcTemplate;

import org.sealing.catalog.RegisterField;
import org.sealing.register.Identifiers;
import org.sealing.support.CopyText;
import org.sealing.target.ResolvedTarget;
import org.sealing.target.TableSql;

/**
 * One transaction on a target in which its sealed rows are found: the active sealed cases are copied
 * into a temporary table of the session (nothing joins across databases), then each table's match
 * set is built from them, parents before the children that match through them. The transaction is
 * rolled back at the end, which drops the temporary tables; nothing in the target is changed.
 * Planning and verification both work this way, so they find exactly the same rows.
 */
public final class MatchSession {

    private MatchSession() {
    }

    /**
     * Copies the cases that are sealed and in effect on {@code asOf} into the session, then builds the
     * match set of every table. Returns the number of cases copied.
     */
    public static long prepare(Connection target, ResolvedTarget resolved, JdbcTemplate control, LocalDate asOf)
            throws SQLException {
        try (Statement s = target.createStatement()) {
            for (String sql : TableSql.createCases()) {
                s.execute(sql);
            }
        }
        long cases;
        // only the fields this target matches on travel; the others stay empty
        java.util.Set<RegisterField> used = resolved.usedFields();
        try (CopyText copy = CopyText.startPipelined(target, TableSql.copyCases())) {
            SQLException[] failure = new SQLException[1];
            control.query("select order_id, statute, "
                    + (used.contains(RegisterField.ARREST_NUMBER) ? "arrest_number" : "null") + ", "
                    + (used.contains(RegisterField.NYSID) ? "nysid" : "null") + ", "
                    + (used.contains(RegisterField.DOCKET_NUMBER) ? "docket_number" : "null") + ", "
                    + (used.contains(RegisterField.ARREST_DATE) ? "arrest_date" : "null::date")
                    + " from sealing_order where order_type = 'SEAL' and effective_from <= ?", rs -> {
                    if (failure[0] != null) {
                        return;
                    }
                    try {
                        copy.field(rs.getString(1)).field(rs.getString(2)).field(rs.getString(3)).field(rs.getString(4))
                                .field(Identifiers.normalise(rs.getString(5))).field(rs.getObject(6, LocalDate.class));
                        copy.endRow();
                    } catch (SQLException e) {
                        failure[0] = e;
                    }
                }, asOf);
            if (failure[0] != null) {
                throw failure[0];
            }
            cases = copy.finish();
        }
        try (Statement s = target.createStatement()) {
            for (String sql : TableSql.indexCases()) {
                s.execute(sql);
            }
            for (ResolvedTarget.ResolvedTable table : resolved.tables()) {
                for (String sql : new TableSql(table).createMatchSet()) {
                    s.execute(sql);
                }
            }
        }
        return cases;
    }
}
