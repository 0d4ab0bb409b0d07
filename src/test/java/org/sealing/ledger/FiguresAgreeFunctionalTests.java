package org.sealing.ledger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.sealing.schedule.MetricsServer;
import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.RemediationWorld;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run's figures are the same wherever they are read: {@code status --json}, the workbook's Summary,
 * Targets and Tables sheets, the metrics and the control database itself agree, target by target and
 * table by table, for a run that purged, masked, failed a row and refused a table.
 */
class FiguresAgreeFunctionalTests extends FunctionalTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The figures compared, in this order, wherever a source has them. */
    private static final List<String> FIGURES = List.of("matched", "purged", "masked", "review", "failed", "refused",
            "residual");

    @Test
    void statusWorkbookMetricsAndTheControlDatabaseShowTheSameFigures() throws Exception {
        // given a world where one booking row cannot be changed and prints' tables go over their change ratio
        resetControlDatabase();
        emptyTargetsDirectory();
        RemediationWorld world = importedWorld(880);
        Path prints = properties().configDir().resolve("targets/prints.yml");
        Files.writeString(prints, Files.readString(prints).replace("description: Fingerprint store",
                "description: Fingerprint store\nmax-change-ratio: 0.05"));
        int stuck = world.activeSealed().stream().skip(3).findFirst().orElseThrow();
        try (Connection c = world.connect("booking"); Statement s = c.createStatement()) {
            s.execute("""
                    create function stuck() returns trigger language plpgsql as $$
                    begin
                        if new.arrest_id = %d then
                            raise exception 'this row cannot be changed' using errcode = '23514';
                        end if;
                        return new;
                    end $$;
                    create trigger stuck before update on booking.arrest for each row execute function stuck();
                    """.formatted(stuck));
        }

        // when it is remediated
        CliResult run = sealctl("run", "remediate", "--json");
        JsonNode outcome = JSON.readTree(run.out());
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
        assertThat(outcome.get("verdict").asString()).isEqualTo("NOT_COMPLIANT");
        long executionId = outcome.get("executionId").asLong();

        // then the control database has figures worth comparing: none of them all zero
        Map<String, Map<String, Long>> tables = tablesFromSql();
        Map<String, Map<String, Long>> targets = targetsFromSql();
        Map<String, Long> totals = sum(targets.values());
        for (String figure : List.of("matched", "purged", "masked", "failed", "refused", "residual")) {
            assertThat(totals.get(figure)).as(figure).isPositive();
        }
        assertThat(totals.get("review")).isZero();
        assertThat(totals.get("failed")).isEqualTo(1);
        assertThat(targets.keySet()).containsExactly("booking", "cases", "prints", "stops");
        // the vault keeps one copy per sealed row changed, none of the failed row, which stays as it was
        assertThat(jdbc.queryForObject("select count(*) from vault_copy c join apply_failure f on f.plan_id = c.plan_id",
                Long.class)).as("vault copies of failed rows").isZero();
        assertThat(jdbc.queryForObject("select count(*) from vault_copy", Long.class)).as("vault copies")
                .isEqualTo(jdbc.queryForObject("select count(*) from remediation_plan_state where run_id = "
                        + outcome.get("runId").asLong() + " and state = 'DONE' and outcome = 'SEAL'", Long.class));

        // status --json of the execution: its run's totals, and each target's tables
        JsonNode status = JSON.readTree(sealctl("status", String.valueOf(executionId), "--json").out());
        Map<String, Long> statusTotals = new HashMap<>();
        for (String figure : FIGURES) {
            statusTotals.put(figure, status.get(figure).asLong());
        }
        assertThat(statusTotals).isEqualTo(totals);
        Map<String, List<Long>> statusTables = new TreeMap<>();
        Map<String, Long> statusResiduals = new TreeMap<>();
        for (JsonNode target : status.get("targets")) {
            statusResiduals.put(target.get("target").asString(), target.get("residual").asLong());
            for (JsonNode table : target.get("tables")) {
                statusTables.put(target.get("target").asString() + "/" + table.get("table").asString(), List.of(
                        table.get("planned").asLong(), table.get("applied").asLong(), table.get("failed").asLong(),
                        table.get("refused").asLong(), table.get("residual").asLong()));
            }
        }
        assertThat(statusTables).isEqualTo(progress(tables));
        assertThat(statusResiduals).isEqualTo(only(targets, "residual"));

        // the workbook: Summary's totals, a Targets row per target, a Tables row per table
        try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(Path.of(outcome.get("workbook").asString())))) {
            Sheet summary = book.getSheet("Summary");
            Map<String, Long> summaryTotals = new HashMap<>();
            for (String figure : FIGURES) {
                String label = figure.equals("review") ? "Rows pending review" : figure.equals("residual")
                        ? "Residual after verification" : "Rows " + figure;
                summaryTotals.put(figure, (long) valueOf(summary, label).getNumericCellValue());
            }
            assertThat(summaryTotals).isEqualTo(totals);
            assertThat(valueOf(summary, "Verdict").getStringCellValue()).isEqualTo("NOT_COMPLIANT");
            assertThat(sheetFigures(book.getSheet("Targets"), "Target")).isEqualTo(targets);
            assertThat(sheetFigures(book.getSheet("Tables"), "Target", "Table")).isEqualTo(tables);
        }

        // the metrics: per target, what was planned and changed and what is left
        String metrics = application.getBean(MetricsServer.class).scrape();
        Map<String, List<Long>> metricTargets = new TreeMap<>();
        Matcher gauge = Pattern.compile("(?m)^sealing_(rows_planned|rows_changed|residual_rows)\\{target=\"([^\"]+)\"}"
                + " (\\S+)$").matcher(metrics);
        while (gauge.find()) {
            List<Long> values = metricTargets.computeIfAbsent(gauge.group(2), t -> new ArrayList<>(List.of(0L, 0L, 0L)));
            int index = List.of("rows_planned", "rows_changed", "residual_rows").indexOf(gauge.group(1));
            values.set(index, (long) Double.parseDouble(gauge.group(3)));
        }
        Map<String, List<Long>> expected = new TreeMap<>();
        targets.forEach((target, f) -> expected.put(target, List.of(f.get("matched"), f.get("purged") + f.get("masked"),
                f.get("residual"))));
        assertThat(metricTargets).as(metrics).isEqualTo(expected);
        assertThat(metrics).contains("sealing_last_verdict{verdict=\"NOT_COMPLIANT\"} 1.0");
    }

    /** Each table's figures, by "target/table", counted straight from the plan and the run's records. */
    private Map<String, Map<String, Long>> tablesFromSql() {
        Map<String, Map<String, Long>> tables = new TreeMap<>();
        jdbc.query("""
                select b.target || '/' || b.table_name, count(p.plan_id),
                       count(p.plan_id) filter (where p.state = 'DONE' and p.action = 'PURGE'),
                       count(p.plan_id) filter (where p.state = 'DONE' and p.action = 'MASK'),
                       count(p.plan_id) filter (where p.state = 'FAILED'),
                       count(p.plan_id) filter (where p.state = 'REFUSED'), coalesce(b.residual, 0)
                from run_table b left join remediation_plan_state p
                     on p.run_id = b.run_id and p.target = b.target and p.table_name = b.table_name
                group by b.target, b.table_name, b.residual
                """, rs -> {
                    tables.put(rs.getString(1), figures(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7)));
                });
        return tables;
    }

    /** Each target's figures, counted straight from the plan and the run's records. */
    private Map<String, Map<String, Long>> targetsFromSql() {
        Map<String, Map<String, Long>> targets = new TreeMap<>();
        jdbc.query("""
                select t.target, count(p.plan_id),
                       count(p.plan_id) filter (where p.state = 'DONE' and p.action = 'PURGE'),
                       count(p.plan_id) filter (where p.state = 'DONE' and p.action = 'MASK'),
                       count(p.plan_id) filter (where p.state = 'FAILED'),
                       count(p.plan_id) filter (where p.state = 'REFUSED'), coalesce(t.residual, 0)
                from run_target t left join remediation_plan_state p on p.run_id = t.run_id and p.target = t.target
                group by t.target, t.residual
                """, rs -> {
                    targets.put(rs.getString(1), figures(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7)));
                });
        return targets;
    }

    private static Map<String, Long> figures(long matched, long purged, long masked, long failed, long refused,
            long residual) {
        return Map.of("matched", matched, "purged", purged, "masked", masked, "review", 0L, "failed", failed,
                "refused", refused, "residual", residual);
    }

    private static Map<String, Long> sum(Iterable<Map<String, Long>> all) {
        Map<String, Long> total = new HashMap<>();
        for (Map<String, Long> figures : all) {
            figures.forEach((k, v) -> total.merge(k, v, Long::sum));
        }
        return total;
    }

    private static Map<String, Long> only(Map<String, Map<String, Long>> byKey, String figure) {
        Map<String, Long> values = new TreeMap<>();
        byKey.forEach((key, f) -> values.put(key, f.get(figure)));
        return values;
    }

    /** What status shows of each table: planned, applied, failed, refused, residual. */
    private static Map<String, List<Long>> progress(Map<String, Map<String, Long>> tables) {
        Map<String, List<Long>> progress = new TreeMap<>();
        tables.forEach((table, f) -> progress.put(table, List.of(f.get("matched"), f.get("purged") + f.get("masked"),
                f.get("failed"), f.get("refused"), f.get("residual"))));
        return progress;
    }

    /** The figures of each row of a sheet, keyed by its first columns joined with "/". */
    private static Map<String, Map<String, Long>> sheetFigures(Sheet sheet, String... keys) {
        Map<String, Integer> header = new HashMap<>();
        for (Cell cell : sheet.getRow(0)) {
            header.put(cell.getStringCellValue().toLowerCase(), cell.getColumnIndex());
        }
        Map<String, Map<String, Long>> rows = new TreeMap<>();
        for (Row row : sheet) {
            if (row.getRowNum() == 0) {
                continue;
            }
            List<String> key = new ArrayList<>();
            for (String k : keys) {
                key.add(row.getCell(header.get(k.toLowerCase())).getStringCellValue());
            }
            Map<String, Long> figures = new HashMap<>();
            for (String figure : FIGURES) {
                Cell cell = row.getCell(header.get(figure));
                assertThat(cell.getCellType()).as(figure + " is a number").isEqualTo(CellType.NUMERIC);
                figures.put(figure, (long) cell.getNumericCellValue());
            }
            rows.put(String.join("/", key), figures);
        }
        return rows;
    }

    /** The value beside a label of the Summary sheet. */
    private static Cell valueOf(Sheet summary, String label) {
        return StreamSupport.stream(summary.spliterator(), false)
                .filter(row -> row.getCell(0) != null && row.getCell(0).toString().equals(label))
                .map(row -> row.getCell(1)).findFirst().orElseThrow(() -> new AssertionError("no " + label));
    }
}
