package org.sealing.run;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.sealing.ledger.RunFigures;
import org.sealing.support.Feeds;
import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.RemediationWorld;
import org.sealing.support.SealctlProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's promise (SPEC section 7): a nightly run interrupted at any moment, by SIGKILL or by
 * SIGTERM, in any phase (import, plan, apply, verify, report), and restarted, once or several times,
 * leaves and reports exactly what an uninterrupted run does: the same rows in every target table, the
 * same figures, the same ledger, the same workbook figures.
 *
 * <p>The moments are random (the seed is printed and every assertion names it; set
 * {@code -Dsealing.interruption.seed=N} to replay one): each scenario runs {@code nightly} as a real
 * process, waits until the run is in a chosen phase, waits a random while more, sends the signal,
 * then resumes the way an operator would ({@code restart} the latest execution, or {@code run nightly}
 * again when no execution had begun), and may interrupt the resumed process too.
 */
class InterruptionFunctionalTests extends FunctionalTestSupport {

    private static final List<String> PHASES = List.of("import", "plan", "apply", "verify", "report");
    private static final int ARRESTS = 880;

    private final List<String> log = new ArrayList<>();

    @AfterEach
    void children() {
        SealctlProcess.killAll();
    }

    @Test
    void aNightlyRunInterruptedAtRandomMomentsOfEveryPhaseEndsExactlyAsAnUninterruptedOne() throws Exception {
        long seed = Long.getLong("sealing.interruption.seed", System.nanoTime());
        System.out.println("InterruptionFunctionalTests seed " + seed);
        Random random = new Random(seed);

        Outcome uninterrupted = uninterrupted();

        // every phase at least twice, each interruption by SIGKILL or SIGTERM, spread over three runs (four
        // interruptions each: as many interruptions as four runs of three, one fresh world fewer)
        List<String> plan = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            plan.addAll(PHASES);
        }
        plan.add(PHASES.get(1 + random.nextInt(3)));
        plan.add(PHASES.get(1 + random.nextInt(3)));
        Collections.shuffle(plan, random);
        int delivered = 0;
        TreeSet<String> phasesHit = new TreeSet<>();
        TreeSet<String> signalsUsed = new TreeSet<>();
        for (int scenario = 0; scenario < 3; scenario++) {
            List<String> phases = new ArrayList<>(plan.subList(scenario * 4, scenario * 4 + 4));
            phases.sort((a, b) -> PHASES.indexOf(a) - PHASES.indexOf(b));
            List<Interruption> interruptions = new ArrayList<>();
            for (String phase : phases) {
                interruptions.add(new Interruption(phase, random.nextBoolean(), random.nextDouble()));
            }
            Outcome recovered = interrupted(interruptions);
            String context = "seed " + seed + ", scenario " + scenario + " " + interruptions + "\n  "
                    + String.join("\n  ", log);
            assertThat(recovered.figures).as("figures, %s", context).isEqualTo(uninterrupted.figures);
            assertThat(recovered.workbook).as("workbook figures, %s", context).isEqualTo(uninterrupted.workbook);
            assertThat(recovered.ledger).as("ledger, %s", context).isEqualTo(uninterrupted.ledger);
            assertThat(recovered.ledgerRows).as("ledger rows, %s", context).isEqualTo(uninterrupted.ledgerRows);
            assertThat(recovered.planRows).as("plan rows (each planned row once), %s", context)
                    .isEqualTo(uninterrupted.planRows);
            assertThat(recovered.register).as("register, %s", context).isEqualTo(uninterrupted.register);
            for (String target : uninterrupted.rows.keySet()) {
                assertThat(recovered.rows.get(target)).as("rows of target %s, %s", target, context)
                        .isEqualTo(uninterrupted.rows.get(target));
            }
            System.out.println("InterruptionFunctionalTests seed " + seed + " scenario " + scenario + ": "
                    + interruptions);
            for (Interruption i : interruptions) {
                if (i.landedIn != null) {
                    delivered++;
                    phasesHit.add(i.landedIn);
                    signalsUsed.add(i.kill ? "KILL" : "TERM");
                }
            }
            log.clear();
        }
        System.out.println("InterruptionFunctionalTests seed " + seed + ": " + delivered + " interruptions, phases "
                + phasesHit + ", signals " + signalsUsed);
        assertThat(delivered).as("seed %d: interruptions that reached a running process", seed)
                .isGreaterThanOrEqualTo(10);
        assertThat(phasesHit).as("seed %d: phases interrupted", seed).containsAll(PHASES);
        assertThat(signalsUsed).as("seed %d", seed).containsExactly("KILL", "TERM");
    }

    /** One planned interruption: in which phase, which signal, and how far into the phase (0 to 1). */
    private static final class Interruption {
        final String phase;
        final boolean kill;
        final double at;
        String landedIn;

        Interruption(String phase, boolean kill, double at) {
            this.phase = phase;
            this.kill = kill;
            this.at = at;
        }

        @Override
        public String toString() {
            return (kill ? "KILL" : "TERM") + "@" + phase + String.format("+%.2f", at)
                    + (landedIn == null ? "" : "=" + landedIn);
        }
    }

    /** What a run left and reported, with nothing that differs between two equal runs (ids, times, names of databases). */
    private record Outcome(Map<String, Object> figures, Map<String, Object> workbook, List<String> ledger,
            long ledgerRows, long planRows, List<String> register, Map<String, Map<String, Integer>> rows) {
    }

    private Outcome uninterrupted() throws Exception {
        RemediationWorld world = freshWorld();
        SealctlProcess run = SealctlProcess.start(workDir, env(), "run", "nightly", "--json");
        assertThat(run.waitFor(300)).as(run.err()).isZero();
        return outcome(world);
    }

    private Outcome interrupted(List<Interruption> interruptions) throws Exception {
        RemediationWorld world = freshWorld();
        long before = latestExecution();
        SealctlProcess process = SealctlProcess.start(workDir, env(), "run", "nightly", "--json");
        for (Interruption interruption : interruptions) {
            if (!awaitPhase(process, interruption)) {
                log.add(interruption + ": the run was past that phase");
                continue;
            }
            if (interruption.kill) {
                process.kill();
            } else {
                process.terminate();
                process.waitFor(120);
            }
            log.add(interruption + ": " + executionState(before));
            process = resume(before);
            if (process == null) {
                break;
            }
        }
        if (process != null) {
            int code = process.waitFor(300);
            log.add("last process exit " + code);
            assertThat(code).as("the last resumption after %s: %s\n%s", log, process.out(), process.err()).isZero();
        }
        assertThat(executionState(before)).as("the run's latest execution").endsWith("COMPLETED");
        // a process killed while writing the workbook left no temporary file behind once the run was resumed
        try (var reports = Files.list(properties().reports())) {
            assertThat(reports.map(p -> p.getFileName().toString())).as("reports/ after %s", log)
                    .noneMatch(n -> n.endsWith(".tmp"));
        }
        return outcome(world);
    }

    /**
     * Waits until the run's current execution is in the phase, then a random while into it; false when
     * the process finished (or passed the phase) first.
     */
    private boolean awaitPhase(SealctlProcess process, Interruption interruption) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            String phase = currentPhase();
            if (phase != null && PHASES.indexOf(phase) > PHASES.indexOf(interruption.phase)
                    && !"plan".equals(interruption.phase) && !"apply".equals(interruption.phase)
                    && !"verify".equals(interruption.phase)) {
                // import and report happen once per execution: once past them, interrupt now
                interruption.landedIn = phase;
                return true;
            }
            if (interruption.phase.equals(phase)) {
                // a random moment in the phase: up to a phase's typical length on this world
                long within = Math.round(interruption.at * switch (phase) {
                    case "apply" -> 400;
                    case "report" -> 150;
                    default -> 40;
                });
                Thread.sleep(within);
                if (!process.isAlive()) {
                    return false;
                }
                String now = currentPhase();
                interruption.landedIn = now == null ? phase + "(between steps)" : now;
                return true;
            }
            // often enough for a phase of 40 ms, and less load beside the run it watches than a query every 3 ms
            Thread.sleep(10);
        }
        throw new AssertionError("the run never reached " + interruption.phase + ": " + process.err());
    }

    /** The phase of the target step the latest execution is running, or null between steps. */
    private String currentPhase() {
        List<String> steps = jdbc.queryForList("""
                select step_name from batch_step_execution
                where job_execution_id = (select max(job_execution_id) from batch_job_execution)
                  and status in ('STARTED', 'STOPPING') order by step_execution_id desc
                """, String.class);
        for (String step : steps) {
            // the partitioned steps and their partitions span their targets' steps: the phase is the step within
            if (step.equals("targets") || step.equals("apply") || step.equals("verify") || step.contains(":")) {
                continue;
            }
            if (step.startsWith("import")) {
                return "import";
            }
            if (step.startsWith("apply.") && step.endsWith(".restore")) {
                // the restores of unsealed orders, before the plan: not the apply phase
                return "restore";
            }
            int dot = step.indexOf('.');
            return dot < 0 ? step : step.substring(0, dot);
        }
        return null;
    }

    /** Resumes as an operator would: restart the latest execution, or run again if none began; null when done. */
    private SealctlProcess resume(long before) {
        Long latest = jdbc.queryForObject("select max(job_execution_id) from batch_job_execution"
                + " where job_execution_id > ?", Long.class, before);
        if (latest == null) {
            return SealctlProcess.start(workDir, env(), "run", "nightly", "--json");
        }
        String status = jdbc.queryForObject("select status from batch_job_execution where job_execution_id = ?",
                String.class, latest);
        if ("COMPLETED".equals(status)) {
            return null;
        }
        return SealctlProcess.start(workDir, env(), "restart", String.valueOf(latest), "--json");
    }

    private String executionState(long before) {
        List<String> states = jdbc.queryForList("select job_execution_id || ' ' || status from batch_job_execution"
                + " where job_execution_id > ? order by job_execution_id", String.class, before);
        return states.isEmpty() ? "no execution" : String.join(", ", states);
    }

    private long latestExecution() {
        Long id = jdbc.queryForObject("select max(job_execution_id) from batch_job_execution", Long.class);
        return id == null ? 0 : id;
    }

    /** A new world, an empty register and an inbox holding the court's feeds (one with broken lines). */
    private RemediationWorld freshWorld() throws Exception {
        resetControlDatabase();
        RemediationWorld world = RemediationWorld.create(ARRESTS);
        world.writeTargets(properties().configDir());
        Path inbox = properties().inbox();
        if (Files.isDirectory(inbox)) {
            try (var files = Files.walk(inbox)) {
                for (Path f : files.sorted(Collections.reverseOrder()).toList()) {
                    if (!f.equals(inbox)) {
                        Files.delete(f);
                    }
                }
            }
        }
        Files.createDirectories(inbox);
        world.writeFeed(inbox.resolve("a-seal.csv"));
        world.writeUnsealFeed(inbox.resolve("b-unseal.csv"));
        Feeds.write(inbox, "c-broken.csv", "O-BROKEN-1,SEAL,,K12345678,,,,,2017-01-01,DISMISSED,2016-01-01,160.50,",
                "O-BROKEN-2,SEAL,,not-an-arrest,,,,,2017-01-01,DISMISSED,2017-02-01,160.50,");
        return world;
    }

    private Map<String, String> env() {
        Map<String, String> env = childEnv();
        // small chunks and one target at a time give every phase moments to be interrupted in
        env.put("SEALING_REMEDIATION_CHUNKSIZE", "10");
        env.put("SEALING_IMPORTING_CHUNKSIZE", "5");
        env.put("SEALING_REMEDIATION_PARALLELTARGETS", "1");
        return env;
    }

    private Outcome outcome(RemediationWorld world) throws Exception {
        long runId = jdbc.queryForObject("select max(run_id) from remediation_run", Long.class);
        Map<String, Object> figures = new LinkedHashMap<>(jdbc.queryForMap("""
                select r.verdict, count(p.plan_id) as planned
                from remediation_run r left join remediation_plan_state p on p.run_id = r.run_id
                where r.run_id = ? group by r.verdict
                """, runId));
        RunFigures.Figures f = application.getBean(RunFigures.class).of(runId);
        figures.put("matched", f.matched());
        figures.put("purged", f.purged());
        figures.put("masked", f.masked());
        figures.put("review", f.review());
        figures.put("failed", f.failed());
        figures.put("refused", f.refused());
        figures.put("residual", f.residual());
        figures.put("targetsVerified", f.targetsVerified());
        long[] imported = application.getBean(RunFigures.class).imported(runId);
        figures.put("imported", imported[0]);
        figures.put("rejected", imported[1]);
        List<String> ledger = jdbc.queryForList("""
                select target || ' ' || table_name || ' ' || row_ref || ' ' || order_id || ' ' || statute || ' ' || action
                from audit_ledger where run_id = ? order by 1
                """, String.class, runId);
        long ledgerRows = jdbc.queryForObject("select count(*) from audit_ledger where run_id = ?", Long.class, runId);
        long planRows = jdbc.queryForObject("select count(*) from remediation_plan where run_id = ?", Long.class, runId);
        List<String> register = jdbc.queryForList("""
                select concat_ws('|', order_id, order_type, arrest_number, nysid, arrest_date, disposition,
                                 disposition_date, statute, effective_date)
                from sealing_order order by order_id
                """, String.class);
        Map<String, Map<String, Integer>> rows = new TreeMap<>();
        for (String target : List.of("booking", "prints", "stops", "cases")) {
            rows.put(target, world.snapshot(target));
        }
        String workbook = jdbc.queryForObject("select workbook from remediation_run where run_id = ?", String.class,
                runId);
        return new Outcome(figures, workbookFigures(Path.of(workbook)), ledger, ledgerRows, planRows, register, rows);
    }

    /** The Summary's figures and the Audit sheet's rows of a workbook: what a court monitor reads. */
    private static Map<String, Object> workbookFigures(Path file) throws Exception {
        Map<String, Object> figures = new TreeMap<>();
        try (InputStream in = Files.newInputStream(file); XSSFWorkbook book = new XSSFWorkbook(in)) {
            Sheet summary = book.getSheet("Summary");
            for (Row row : summary) {
                Cell label = row.getCell(0);
                Cell value = row.getCell(1);
                if (label == null || value == null || label.getCellType() != CellType.STRING
                        || value.getCellType() != CellType.NUMERIC || org.apache.poi.ss.usermodel.DateUtil
                                .isCellDateFormatted(value)) {
                    continue;
                }
                String name = label.getStringCellValue();
                if (!name.equals("Execution") && !name.startsWith("Run")) {
                    figures.put(name, value.getNumericCellValue());
                }
            }
            long audit = 0;
            for (Sheet sheet : book) {
                if (sheet.getSheetName().startsWith("Audit")) {
                    audit += sheet.getLastRowNum();
                }
            }
            figures.put("audit sheet rows", audit);
        }
        return figures;
    }
}
