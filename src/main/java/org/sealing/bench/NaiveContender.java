package org.sealing.bench;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.builder.SimpleJobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import org.sealing.targetdb.ResolvedTarget;

/**
 * The naive contender: what a first Spring Batch job would do. A chunked step per table (chunks of
 * 1,000) whose cursor reads the table's matches and whose writer runs one UPDATE or DELETE and one
 * audit INSERT per row, unbatched, target after target.
 */
final class NaiveContender {

    static final String CONTENDER = "naive";

    private NaiveContender() {
    }

    /** Times the naive job, borrowing the benchmark application's job repository, job operator and control database. */
    static Timing run(BenchRun run, long matched) throws Exception {
        run.copies(CONTENDER);
        JdbcTemplate control = run.control();
        control.execute("create table if not exists naive_audit (id bigserial primary key, target text, table_name text,"
                + " row_key text, order_id text, action text, changed_at timestamptz default now())");
        List<SingleConnectionDataSource> writers = new ArrayList<>();
        try {
            JobRepository repository = run.bench().getBean(JobRepository.class);
            SimpleJobBuilder job = null;
            for (String target : run.world().targets()) {
                String database = World.copy(CONTENDER, target);
                try (Connection c = run.server().connect(database)) {
                    c.setAutoCommit(false);
                    run.shipCases(c);
                    c.commit();
                }
                // the writer works on one connection in the chunk's transaction; the cursor reads on its own
                SingleConnectionDataSource writer = new SingleConnectionDataSource(run.server().url(database),
                        run.server().user(), run.server().password(), true);
                writer.setAutoCommit(false);
                writers.add(writer);
                DataSource cursor = new DriverManagerDataSource(run.server().url(database), run.server().user(),
                        run.server().password());
                DataSourceTransactionManager tm = new DataSourceTransactionManager(writer);
                for (ResolvedTarget.ResolvedTable table : ReferenceSql.order(run.targets().get(target))) {
                    Step step = step(repository, tm, cursor, new JdbcTemplate(writer), control, target,
                            new ReferenceSql(table, run.policy()));
                    job = job == null ? new JobBuilder("naive", repository).start(step) : job.next(step);
                }
            }
            long started = System.nanoTime();
            JobExecution execution = run.bench().getBean(JobOperator.class).start(job.build(), new JobParametersBuilder()
                    .addLong("at", System.currentTimeMillis()).toJobParameters());
            double seconds = (System.nanoTime() - started) / 1e9;
            if (execution.getStatus() != BatchStatus.COMPLETED) {
                throw new IllegalStateException("the naive run failed: " + execution.getAllFailureExceptions());
            }
            BenchCheck.check("naive", matched, BenchCheck.count(control, "select count(*) from naive_audit"),
                    run.residual(CONTENDER), true);
            return Timing.of(seconds, matched);
        } finally {
            writers.forEach(SingleConnectionDataSource::destroy);
            run.dropCopies(CONTENDER);
        }
    }

    private static Step step(JobRepository repository, DataSourceTransactionManager tm, DataSource cursor,
            JdbcTemplate target, JdbcTemplate control, String targetName, ReferenceSql sql) {
        String name = "naive." + targetName + "." + sql.table();
        int keys = sql.keyCount();
        JdbcCursorItemReader<String[]> reader = new JdbcCursorItemReader<>(cursor, sql.selectKeys(), (rs, i) -> {
            String[] row = new String[keys + 1];
            for (int k = 0; k <= keys; k++) {
                row[k] = rs.getString(k + 1);
            }
            return row;
        });
        reader.setName(name);
        reader.setFetchSize(1_000);
        reader.setUseSharedExtendedConnection(false);
        reader.setConnectionAutoCommit(false);
        String change = sql.byKey();
        String action = sql.action().name();
        ItemWriter<String[]> writer = chunk -> {
            for (String[] row : chunk) {
                target.update(change, (Object[]) java.util.Arrays.copyOf(row, keys));
                control.update("insert into naive_audit (target, table_name, row_key, order_id, action)"
                        + " values (?, ?, ?, ?, ?)", targetName, sql.table(), String.join("|",
                                java.util.Arrays.copyOf(row, keys)), row[keys], action);
            }
        };
        return new StepBuilder(name, repository).<String[], String[]>chunk(1_000).transactionManager(tm)
                .reader(reader).writer(writer).build();
    }
}
