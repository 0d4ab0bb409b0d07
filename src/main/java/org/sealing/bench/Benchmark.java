package org.sealing.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

import org.sealing.SealingApplication;
import org.sealing.control.ControlDatabase;
import org.sealing.run.RunService;
import org.sealing.support.CopyText;

/**
 * The benchmark of SPEC section 10: one world of N target rows, remediated on identical copies three
 * ways, each checked (nothing left, one audit row per changed row where it audits):
 * <ol>
 * <li><b>naive</b>: a chunked step (chunks of 1,000) whose cursor reads the matches and whose writer
 * runs one UPDATE or DELETE and one audit INSERT per row, unbatched;</li>
 * <li><b>product</b>: the product's own {@code remediate} (plan and apply; its verify and workbook are
 * timed apart);</li>
 * <li><b>limit</b>: the faster of one set-based statement per table and the same statements over
 * arrays of 10,000 keys, with no audit and no restart bookkeeping.</li>
 * </ol>
 * The product runs in an application of its own on a control database of its own ({@code sealing_bench}),
 * so the benchmark's orders never enter the real register.
 */
@Component
public class Benchmark {

    private static final Logger log = LoggerFactory.getLogger(Benchmark.class);
    private static final String CONTROL = "sealing_bench";
    private static final String NORMALISED = "upper(regexp_replace(a.arrest_no, '[^A-Za-z0-9]', '', 'g'))";

    private final ControlDatabase control;

    public Benchmark(ControlDatabase control) {
        this.control = control;
    }

    /** Seconds and rows per second of one contender. */
    public record Timing(double seconds, double rowsPerSecond) {
    }

    /** The benchmark's results. */
    public record Result(long rows, long matched, Timing naive, Timing product, Timing limit, double productVsLimit,
            double productVsNaive, double verifySeconds, double workbookSeconds, String limitKind,
            Map<String, Double> productSteps) {
    }

    public Result run(long rows, Path workDir) throws Exception {
        BenchWorld world = new BenchWorld(control.serverUrlPrefix(), control.user(), control.password());
        String admin = control.databaseName();
        log.info("bench: creating a world of {} rows", rows);
        world.create(admin, rows);
        long arrests = Math.max(1, rows / 2);
        long sealedArrests = arrests / 5;
        long photos = rows - arrests;
        long matched = sealedArrests + countSealedPhotos(photos, arrests);
        Files.createDirectories(workDir);
        try (Connection c = world.connect(admin); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + CONTROL + " with (force)");
            s.execute("create database " + CONTROL);
        }
        Path config = Files.createDirectories(workDir.resolve("jobs/targets"));
        String key = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
        try (ConfigurableApplicationContext product = new SpringApplicationBuilder(SealingApplication.class)
                .run("--sealing.control.url=" + world.url(CONTROL), "--sealing.control.user=" + control.user(),
                        "--sealing.control.password=" + (control.password() == null ? "" : control.password()),
                        "--sealing.hmac-key=" + key, "--sealing.config-dir=" + workDir.resolve("jobs"),
                        "--sealing.reports=" + workDir.resolve("reports"), "--sealing.inbox=" + workDir.resolve("inbox"))) {
            JdbcTemplate benchControl = product.getBean(JdbcTemplate.class);
            insertOrders(benchControl, arrests);

            world.copy(admin, "bench_naive");
            Timing naive = naive(product, world, arrests, matched);
            world.drop(admin, "bench_naive");

            world.copy(admin, "bench_product");
            Files.writeString(config.resolve("bench.yml"), world.targetFile("bench", "bench_product"));
            JobExecution execution = product.getBean(RunService.class).run("remediate", false, List.of("bench"),
                    workDir.resolve("jobs"));
            if (execution.getStatus() != BatchStatus.COMPLETED) {
                throw new IllegalStateException("the product's run did not complete: " + execution.getExitStatus());
            }
            Map<String, Double> steps = stepSeconds(benchControl, execution.getId());
            double productSeconds = seconds(benchControl, "select extract(epoch from (max(s.end_time) - j.start_time))"
                    + " from batch_step_execution s join batch_job_execution j on j.job_execution_id = s.job_execution_id"
                    + " where s.job_execution_id = ? and s.step_name like 'apply.%' group by j.start_time", execution.getId());
            long productChanged = count(benchControl, "select count(*) from audit_ledger where run_id = ?",
                    execution.getJobInstance().getInstanceId());
            Long residual = benchControl.queryForObject("select residual from run_target where run_id = ?", Long.class,
                    execution.getJobInstance().getInstanceId());
            check("product", matched, productChanged, residual == null ? -1 : residual, true);
            world.drop(admin, "bench_product");

            Timing limit = limit(world, admin, arrests, matched);
            Timing productTiming = new Timing(productSeconds, matched / productSeconds);
            return new Result(rows, matched, naive, productTiming, limit, productTiming.rowsPerSecond()
                    / limit.rowsPerSecond(), productTiming.rowsPerSecond() / naive.rowsPerSecond(),
                    steps.getOrDefault("verify", 0.0), steps.getOrDefault("report", 0.0), limitKind, steps);
        } finally {
            try (Connection c = world.connect(admin); Statement s = c.createStatement()) {
                s.execute("drop database if exists " + CONTROL + " with (force)");
                s.execute("drop database if exists " + BenchWorld.TEMPLATE + " with (force)");
            }
        }
    }

    private String limitKind = "";

    private static long countSealedPhotos(long photos, long arrests) {
        long sealed = 0;
        for (long p = 1; p <= photos; p++) {
            if (BenchWorld.sealed((p - 1) % arrests + 1)) {
                sealed++;
            }
        }
        return sealed;
    }

    private static void insertOrders(JdbcTemplate control, long arrests) {
        control.execute((java.sql.Connection c) -> {
            try (CopyText copy = CopyText.start(c, "copy sealing_order (order_id, order_type, arrest_number, arrest_date,"
                    + " disposition, disposition_date, statute, first_import_id, last_import_id) from stdin")) {
                LocalDate base = LocalDate.of(2015, 1, 1);
                for (long a = 5; a <= arrests; a += 5) {
                    copy.field("BENCH-" + a).field("SEAL").field(BenchWorld.arrestNumber(a)).field(base.plusDays(a % 2000))
                            .field("DISMISSED").field(base.plusDays(a % 2000 + 30)).field("160.50").field(0).field(0);
                    copy.endRow();
                }
                copy.finish();
            }
            return null;
        });
    }

    /** The naive contender: cursor reader, chunks of 1,000, one statement and one audit insert per row. */
    private Timing naive(ConfigurableApplicationContext context, BenchWorld world, long arrests, long matched)
            throws Exception {
        try (Connection c = world.connect("bench_naive")) {
            c.setAutoCommit(false);
            shipCases(c, arrests);
            c.commit();
        }
        JdbcTemplate control = context.getBean(JdbcTemplate.class);
        control.execute("create table if not exists naive_audit (id bigserial primary key, target text, table_name text,"
                + " row_key text, order_id text, action text, changed_at timestamptz default now())");
        // the writer works on one connection in the chunk's transaction; the cursor reads on its own
        SingleConnectionDataSource target = new SingleConnectionDataSource(world.url("bench_naive"), this.control.user(),
                this.control.password(), true);
        target.setAutoCommit(false);
        DataSource cursor = new DriverManagerDataSource(world.url("bench_naive"), this.control.user(),
                this.control.password());
        try {
            DataSourceTransactionManager tm = new DataSourceTransactionManager(target);
            JdbcTemplate targetJdbc = new JdbcTemplate(target);
            JobRepository repository = context.getBean(JobRepository.class);
            Step photos = naiveStep(repository, tm, cursor, targetJdbc, control, "naive.photos",
                    "select p.photo_id, c.order_id from bench.photo p join bench.arrest a on a.arrest_id = p.arrest_id"
                            + " join bench_case c on " + NORMALISED + " = c.arrest_number order by p.photo_id",
                    "delete from bench.photo where photo_id = ?", "PURGE", "bench.photo");
            Step arrestSteps = naiveStep(repository, tm, cursor, targetJdbc, control, "naive.arrests",
                    "select a.arrest_id, c.order_id from bench.arrest a join bench_case c on " + NORMALISED
                            + " = c.arrest_number where not a.is_sealed order by a.arrest_id",
                    "update bench.arrest set last_name = null, first_name = null, date_of_birth = make_date(cast(extract(year"
                            + " from date_of_birth) as int), 1, 1), narrative = '[SEALED]', is_sealed = true where arrest_id = ?",
                    "MASK", "bench.arrest");
            Job job = new JobBuilder("naive", repository).start(photos).next(arrestSteps).build();
            long started = System.nanoTime();
            JobExecution execution = context.getBean(JobOperator.class).start(job, new JobParametersBuilder()
                    .addLong("at", System.currentTimeMillis()).toJobParameters());
            double seconds = (System.nanoTime() - started) / 1e9;
            if (execution.getStatus() != BatchStatus.COMPLETED) {
                throw new IllegalStateException("the naive run failed: " + execution.getAllFailureExceptions());
            }
            long left = count(targetJdbc, "select count(*) from bench.arrest a join bench_case c on " + NORMALISED
                    + " = c.arrest_number where not a.is_sealed") + count(targetJdbc, "select count(*) from bench.photo p"
                    + " join bench.arrest a on a.arrest_id = p.arrest_id join bench_case c on " + NORMALISED
                    + " = c.arrest_number");
            check("naive", matched, count(control, "select count(*) from naive_audit"), left, true);
            return new Timing(seconds, matched / seconds);
        } finally {
            target.destroy();
        }
    }

    private static Step naiveStep(JobRepository repository, DataSourceTransactionManager tm, DataSource target,
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

    /** The limit: set-based statements, or the same over arrays of 10,000 keys, whichever is faster. */
    private Timing limit(BenchWorld world, String admin, long arrests, long matched) throws SQLException {
        double best = Double.MAX_VALUE;
        for (String kind : List.of("set-based", "arrays of 10,000 keys")) {
            world.copy(admin, "bench_limit");
            try (Connection c = world.connect("bench_limit")) {
                c.setAutoCommit(false);
                // the limit ships the sealed cases into the target too: the product's time includes that
                long started = System.nanoTime();
                shipCases(c, arrests);
                c.commit();
                if (kind.equals("set-based")) {
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate("delete from bench.photo p using bench.arrest a, bench_case c where p.arrest_id"
                                + " = a.arrest_id and " + NORMALISED + " = c.arrest_number");
                        s.executeUpdate("update bench.arrest a set last_name = null, first_name = null, date_of_birth ="
                                + " make_date(cast(extract(year from a.date_of_birth) as int), 1, 1), narrative = '[SEALED]',"
                                + " is_sealed = true from bench_case c where " + NORMALISED + " = c.arrest_number"
                                + " and not a.is_sealed");
                    }
                    c.commit();
                } else {
                    List<Long> photoKeys = keys(c, "select p.photo_id from bench.photo p join bench.arrest a on"
                            + " a.arrest_id = p.arrest_id join bench_case c on " + NORMALISED + " = c.arrest_number");
                    List<Long> arrestKeys = keys(c, "select a.arrest_id from bench.arrest a join bench_case c on "
                            + NORMALISED + " = c.arrest_number where not a.is_sealed");
                    byArrays(c, photoKeys, "delete from bench.photo where photo_id = any(?)");
                    byArrays(c, arrestKeys, "update bench.arrest set last_name = null, first_name = null, date_of_birth"
                            + " = make_date(cast(extract(year from date_of_birth) as int), 1, 1), narrative = '[SEALED]',"
                            + " is_sealed = true where arrest_id = any(?)");
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select (select count(*) from"
                        + " bench.arrest a join bench_case c on " + NORMALISED + " = c.arrest_number where not a.is_sealed)"
                        + " + (select count(*) from bench.photo p join bench.arrest a on a.arrest_id = p.arrest_id join"
                        + " bench_case c on " + NORMALISED + " = c.arrest_number)")) {
                    rs.next();
                    check("limit (" + kind + ")", matched, matched, rs.getLong(1), false);
                }
                if (seconds < best) {
                    best = seconds;
                    limitKind = kind;
                }
            }
            world.drop(admin, "bench_limit");
        }
        return new Timing(best, matched / best);
    }

    private static void byArrays(Connection c, List<Long> keys, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int from = 0; from < keys.size(); from += 10_000) {
                List<Long> part = keys.subList(from, Math.min(keys.size(), from + 10_000));
                Array array = c.createArrayOf("bigint", part.toArray());
                ps.setArray(1, array);
                ps.executeUpdate();
                c.commit();
            }
        }
    }

    private static List<Long> keys(Connection c, String sql) throws SQLException {
        List<Long> keys = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                keys.add(rs.getLong(1));
            }
        }
        return keys;
    }

    /** The sealed cases as a table of the target, for the contenders that do not ship their own. */
    private static void shipCases(Connection c, long arrests) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("create table bench_case (order_id text, statute text, arrest_number text)");
        }
        try (CopyText copy = CopyText.start(c, "copy bench_case from stdin")) {
            for (long a = 5; a <= arrests; a += 5) {
                copy.field("BENCH-" + a).field("160.50").field(BenchWorld.arrestNumber(a));
                copy.endRow();
            }
            copy.finish();
        }
        try (Statement s = c.createStatement()) {
            s.execute("create index on bench_case (arrest_number)");
            s.execute("analyze bench_case");
        }
    }

    private static Map<String, Double> stepSeconds(JdbcTemplate control, long executionId) {
        Map<String, Double> steps = new java.util.LinkedHashMap<>();
        control.query("select step_name, start_time, end_time from batch_step_execution where job_execution_id = ?"
                + " order by step_execution_id", rs -> {
                    String name = rs.getString(1);
                    String kind = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
                    Timestamp start = rs.getTimestamp(2);
                    Timestamp end = rs.getTimestamp(3);
                    steps.merge(kind, Duration.between(start.toInstant(), end.toInstant()).toMillis() / 1000.0, Double::sum);
                }, executionId);
        return steps;
    }

    private static double seconds(JdbcTemplate jdbc, String sql, Object... args) {
        Double seconds = jdbc.queryForObject(sql, Double.class, args);
        return seconds == null ? 0 : seconds;
    }

    private static long count(JdbcTemplate jdbc, String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    private static void check(String contender, long matched, long audited, long left, boolean audits) {
        if (left != 0) {
            throw new IllegalStateException("bench: " + contender + " left " + left + " matches behind");
        }
        if (audits && audited != matched) {
            throw new IllegalStateException("bench: " + contender + " audited " + audited + " rows for " + matched
                    + " changed");
        }
        log.info("bench: {} checked: {} rows changed, none left{}", contender, matched, audits ? ", each audited" : "");
    }
}
