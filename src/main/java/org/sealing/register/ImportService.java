package org.sealing.register;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import org.sealing.job.JobRunner;

/**
 * Imports feed files into the register: inspects every file first (one unreadable file refuses the
 * whole command before anything is written), records the import, runs the {@code import} job and
 * reports its outcome.
 */
@Service
public class ImportService {

    private final ImportFiles importFiles;
    private final JobRunner jobRunner;
    private final JdbcTemplate jdbc;

    public ImportService(ImportFiles importFiles, JobRunner jobRunner, JdbcTemplate jdbc) {
        this.importFiles = importFiles;
        this.jobRunner = jobRunner;
        this.jdbc = jdbc;
    }

    /** A rejected line as the register keeps it: where, why and which order, nothing else. */
    public record Rejection(String file, long line, String reason, String orderId) {
    }

    /** What an import did. Counts are null while the import has not completed. */
    public record ImportReport(long importId, JobExecution execution, List<ImportFiles.FileCounts> files,
            List<Rejection> rejections, long totalRejections) {

        public long accepted() {
            return files.stream().mapToLong(f -> f.accepted() == null ? 0 : f.accepted()).sum();
        }

        public long unchanged() {
            return files.stream().mapToLong(f -> f.unchanged() == null ? 0 : f.unchanged()).sum();
        }

        public long updated() {
            return files.stream().mapToLong(f -> f.updated() == null ? 0 : f.updated()).sum();
        }

        public long rejected() {
            return files.stream().mapToLong(f -> f.rejected() == null ? 0 : f.rejected()).sum();
        }
    }

    /** Inspects, records and imports the files; throws {@link FeedFileRefusedException} for a bad file. */
    public ImportReport importFiles(List<Path> files, ImportFiles.Origin origin, int rejectionsToList) {
        List<FeedFileInspector.InspectedFeed> inspected = new ArrayList<>();
        for (Path file : files) {
            inspected.add(FeedFileInspector.inspect(file));
        }
        long importId = importFiles.create(origin, inspected);
        JobParameters parameters = new JobParametersBuilder()
                .addLong(ImportJobConfiguration.IMPORT_ID, importId)
                .toJobParameters();
        JobExecution execution = jobRunner.start(ImportJobConfiguration.JOB_NAME, parameters);
        return report(importId, execution, rejectionsToList);
    }

    /** The report of an import run by this execution (or by an earlier execution of its instance). */
    public ImportReport report(long importId, JobExecution execution, int rejectionsToList) {
        List<Rejection> rejections = jdbc.query("""
                select f.file_name, l.line_no, l.reason, l.order_id
                from feed_line l join feed_file f on f.import_id = l.import_id and f.file_seq = l.file_seq
                where l.import_id = ? and l.outcome = 'REJECTED'
                order by l.file_seq, l.line_no limit ?
                """, (rs, i) -> new Rejection(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)),
                importId, rejectionsToList);
        Long total = jdbc.queryForObject("select count(*) from feed_line where import_id = ? and outcome = 'REJECTED'",
                Long.class, importId);
        return new ImportReport(importId, execution, importFiles.counts(importId), rejections, total == null ? 0 : total);
    }

    /** The import id of an execution of the import job, or null for another job. */
    public static Long importIdOf(JobExecution execution) {
        return execution.getJobParameters().getLong(ImportJobConfiguration.IMPORT_ID);
    }
}
