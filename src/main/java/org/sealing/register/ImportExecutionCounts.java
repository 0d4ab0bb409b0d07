package org.sealing.register;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import org.sealing.job.ExecutionCounts;

/**
 * The figures of an import execution: lines accepted, unchanged, updated and rejected, across the
 * execution and every earlier attempt of the same import (a restart counts each line once). While
 * the import runs they are counted live from its line outcomes.
 */
@Component
class ImportExecutionCounts implements ExecutionCounts {

    private final JdbcTemplate jdbc;

    ImportExecutionCounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean supports(String jobName) {
        return ImportJobConfiguration.JOB_NAME.equals(jobName);
    }

    @Override
    public Map<String, Object> counts(long executionId) {
        List<Long> ids = jdbc.queryForList("select cast(parameter_value as bigint) from batch_job_execution_params"
                + " where job_execution_id = ? and parameter_name = ?", Long.class, executionId,
                ImportJobConfiguration.IMPORT_ID);
        if (ids.isEmpty()) {
            return Map.of();
        }
        long importId = ids.get(0);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("importId", importId);
        List<Boolean> completed = jdbc.queryForList("select completed_at is not null from feed_import"
                + " where import_id = ?", Boolean.class, importId);
        if (completed.isEmpty()) {
            return counts;
        }
        String sql = completed.get(0)
                ? "select coalesce(sum(accepted), 0), coalesce(sum(unchanged), 0), coalesce(sum(updated), 0),"
                        + " coalesce(sum(rejected), 0) from feed_file where import_id = ?"
                : "select count(*) filter (where outcome = 'ACCEPTED'), count(*) filter (where outcome = 'UNCHANGED'),"
                        + " count(*) filter (where outcome = 'UPDATED'), count(*) filter (where outcome = 'REJECTED')"
                        + " from feed_line where import_id = ?";
        jdbc.query(sql, rs -> {
            counts.put("accepted", rs.getLong(1));
            counts.put("unchanged", rs.getLong(2));
            counts.put("updated", rs.getLong(3));
            counts.put("rejected", rs.getLong(4));
        }, importId);
        return counts;
    }
}
