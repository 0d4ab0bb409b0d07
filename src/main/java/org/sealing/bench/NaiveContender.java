package org.sealing.bench;

import static org.sealing.bench.BenchSql.SEALED_ARRESTS;
import static org.sealing.bench.BenchSql.SEALED_PHOTOS;

import java.sql.Connection;

import javax.sql.DataSource;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The naive contender: what a first Spring Batch job would do. A chunked step (chunks of 1,000) whose
 * cursor reads the matches and whose writer runs one UPDATE or DELETE and one audit INSERT per row,
 * unbatched, on the copy {@code bench_naive}.
 */
final class NaiveContender {

    static final String DATABASE = "bench_naive";

    private NaiveContender() {
    }

    /** Times the naive job, borrowing the product's job repository, job operator and control database. */
    static Timing run(ConfigurableApplicationContext product, BenchWorld world, long arrests, long matched)
            throws Exception {
        try (Connection c = world.connect(DATABASE)) {
            c.setAutoCommit(false);
            BenchCases.ship(c, arrests);
            c.commit();
        }
        JdbcTemplate control = product.getBean(JdbcTemplate.class);
        control.execute("create table if not exists naive_audit (id bigserial primary key, target text, table_name text,"
                + " row_key text, order_id text, action text, changed_at timestamptz default now())");
        // the writer works on one connection in the chunk's transaction; the cursor reads on its own
        SingleConnectionDataSource target = new SingleConnectionDataSource(world.url(DATABASE), world.user(),
                world.password(), true);
        target.setAutoCommit(false);
        DataSource cursor = new DriverManagerDataSource(world.url(DATABASE), world.user(), world.password());
        try {
            DataSourceTransactionManager tm = new DataSourceTransactionManager(target);
            JdbcTemplate targetJdbc = new JdbcTemplate(target);
            JobRepository repository = product.getBean(JobRepository.class);
            Step photos = step(repository, tm, cursor, targetJdbc, control, "naive.photos",
                    "select p.photo_id, c.order_id from " + SEALED_PHOTOS + " order by p.photo_id",
                    "delete from bench.photo where photo_id = ?", "PURGE", "bench.photo");
            Step arrestSteps = step(repository, tm, cursor, targetJdbc, control, "naive.arrests",
                    "select a.arrest_id, c.order_id from " + SEALED_ARRESTS + " order by a.arrest_id",
                    "update bench.arrest set " + BenchSql.MASK + " where arrest_id = ?", "MASK", "bench.arrest");
            Job job = new JobBuilder("naive", repository).start(photos).next(arrestSteps).build();
            long started = System.nanoTime();
            JobExecution execution = product.getBean(JobOperator.class).start(job, new JobParametersBuilder()
                    .addLong("at", System.currentTimeMillis()).toJobParameters());
            double seconds = (System.nanoTime() - started) / 1e9;
            if (execution.getStatus() != BatchStatus.COMPLETED) {
                throw new IllegalStateException("the naive run failed: " + execution.getAllFailureExceptions());
            }
            BenchCheck.check("naive", matched, BenchCheck.count(control, "select count(*) from naive_audit"),
                    BenchCheck.count(targetJdbc, BenchSql.LEFT), true);
            return Timing.of(seconds, matched);
        } finally {
            target.destroy();
        }
    }

    private static Step step(JobRepository repository, DataSourceTransactionManager tm, DataSource target,
            JdbcTemplate targetJdbc, JdbcTemplate control, String name, String select, String change, String action,
            String table) {
        JdbcCursorItemReader<String[]> reader = new JdbcCursorItemReader<>(target, select,
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2)});
        reader.setName(name);
        reader.setFetchSize(1_000);
        reader.setUseSharedExtendedConnection(false);
        reader.setConnectionAutoCommit(false);
        ItemWriter<String[]> writer = chunk -> {
            for (String[] row : chunk) {
                targetJdbc.update(change, Long.parseLong(row[0]));
                control.update("insert into naive_audit (target, table_name, row_key, order_id, action)"
                        + " values ('bench', ?, ?, ?, ?)", table, row[0], row[1], action);
            }
        };
        return new StepBuilder(name, repository).<String[], String[]>chunk(1_000).transactionManager(tm)
                .reader(reader).writer(writer).build();
    }
}
