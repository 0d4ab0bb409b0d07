package org.sealing.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.sealing.support.Feeds;
import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.TestControlDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealing.report.EvidenceReading.labelled;
import static org.sealing.report.EvidenceReading.number;
import static org.sealing.report.EvidenceReading.rows;

/**
 * What the evidence says of unsealed orders and of the vault: each unsealed order with the rows put back,
 * the rows that could not be (restore conflicts, also on the Exceptions sheet) and the rows destroyed
 * while it was in effect, which cannot return; each opening of the vault on the Access sheet; restored
 * rows in the Audit sheet and the ledger export, each with its RESTORE entry's hash.
 */
class UnsealedEvidenceFunctionalTests extends FunctionalTestSupport {

    private TestControlDatabase.Database db;

    @AfterEach
    void removeTargets() throws Exception {
        emptyTargetsDirectory();
    }

    @Test
    void unsealedOrdersOpeningsAndRestoresAreListedAndReconciled() throws Exception {
        world();
        CliResult seal = sealctl("run", "remediate", "--json");
        assertThat(seal.exitCode()).as(seal.out() + seal.err()).isZero();
        CliResult open = sealctl("vault", "open", "UNS-5055", "--recipient", "accused", "--authority",
                "Index 4711/2026");
        assertThat(open.exitCode()).as(open.err()).isZero();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // a masked row written over since it was sealed: its restore is a conflict
            s.execute("update arrest set name = 'SOMEONE ELSE' where arrest_id = 3");
        }
        unseal("UNS-5050", "UNS-5057");

        CliResult restore = sealctl("run", "remediate", "--json");

        assertThat(restore.exitCode()).as(restore.out() + restore.err()).isZero();
        JsonOutput run = JsonOutput.of(restore.out());
        long runId = run.number("runId");
        assertThat(run.number("restored")).isPositive();
        assertThat(run.number("conflicts")).isEqualTo(1);
        try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(Path.of(run.text("workbook"))))) {
            Map<String, Cell> summary = labelled(book.getSheet("Summary"));
            assertThat(number(summary, "Rows restored")).isEqualTo(run.number("restored"));
            assertThat(number(summary, "Restore conflicts")).isEqualTo(1);

            // Unsealed: the two orders, against the plan
            Map<String, Map<String, Object>> unsealed = new HashMap<>();
            rows(book.getSheet("Unsealed")).forEach(r -> unsealed.put((String) r.get("Order"), r));
            assertThat(unsealed.keySet()).containsExactlyInAnyOrder("UNS-5050", "UNS-5057");
            for (String order : unsealed.keySet()) {
                Map<String, Object> row = unsealed.get(order);
                assertThat(row.get("Restored by this run")).as(order).isEqualTo(count("select count(*) from"
                        + " remediation_plan_state where action = 'RESTORE' and state = 'DONE' and run_id = " + runId
                        + " and order_id = '" + order + "'"));
                assertThat(row.get("Restore conflicts in this run")).as(order).isEqualTo(count("select count(*) from"
                        + " restore_conflict c join remediation_plan p on p.plan_id = c.plan_id where p.order_id = '"
                        + order + "'"));
                assertThat(row.get("Destroyed earlier: cannot return")).as(order).isEqualTo(count("select count(*)"
                        + " from remediation_plan_state where action <> 'RESTORE' and state = 'DONE'"
                        + " and outcome = 'DESTROY' and order_id = '" + order + "'"));
                assertThat(row.get("Sealed rows not yet restored")).as(order).isEqualTo(row.get(
                        "Restore conflicts in this run"));
            }
            // 160.50 destroyed the photographs of its booking; 160.57 destroys nothing
            assertThat(unsealed.get("UNS-5050").get("Destroyed earlier: cannot return")).isEqualTo(2L);
            assertThat(unsealed.get("UNS-5057").get("Destroyed earlier: cannot return")).isEqualTo(0L);
            assertThat(unsealed.get("UNS-5057").get("Restore conflicts in this run")).isEqualTo(1L);

            // Access: the opening made between the two runs, with its authority and the rows it showed
            List<Map<String, Object>> access = rows(book.getSheet("Access"));
            assertThat(access).hasSize(1);
            assertThat(access.get(0)).containsEntry("Order", "UNS-5055").containsEntry("Recipient kind", "accused")
                    .containsEntry("Authority", "Index 4711/2026")
                    .containsEntry("Opened by (OS user)", System.getProperty("user.name"))
                    .containsEntry("Rows shown", count("select row_count from vault_opening"));

            // Exceptions: the conflict, by target, table, order, reference and reason
            List<Map<String, Object>> conflicts = rows(book.getSheet("Exceptions")).stream()
                    .filter(r -> "restore conflict".equals(r.get("Kind"))).toList();
            assertThat(conflicts).hasSize(1);
            assertThat(conflicts.get(0)).containsEntry("File or target", "records").containsEntry("Line or table", "arrest")
                    .containsEntry("Order", "UNS-5057")
                    .containsEntry("Reason", jdbc.queryForObject("select reason from restore_conflict", String.class))
                    .containsEntry("Row reference", jdbc.queryForObject("select p.row_ref from restore_conflict c"
                            + " join remediation_plan p on p.plan_id = c.plan_id", String.class));

            // the Audit sheet and the ledger export count the restores alike
            long restoredInAudit = rows(book.getSheet("Audit")).stream().filter(r -> "restore".equals(r.get("Action")))
                    .mapToLong(r -> (Long) r.get("Rows")).sum();
            assertThat(restoredInAudit).isEqualTo(run.number("restored"));
            rows(book.getSheet("Reconciliation")).stream().filter(r -> r.get("Check") != null)
                    .forEach(r -> assertThat(r.get("Agrees")).as((String) r.get("Item")).isEqualTo("yes"));
        }
        List<CSVRecord> lines = EvidenceReading.ledgerLines(Path.of(run.text("ledger")));
        List<CSVRecord> restores = lines.stream().filter(l -> l.get(5).equals("restore")).toList();
        assertThat(restores).hasSize((int) run.number("restored"));
        for (CSVRecord line : restores) {
            assertThat(line.get(8)).isEqualTo(jdbc.queryForObject("select hash from ledger_entry where kind = 'RESTORE'"
                    + " and seq = ?", String.class, Long.parseLong(line.get(9))));
        }
    }

    private void world() throws Exception {
        resetControlDatabase();
        db = TestControlDatabase.create();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("""
                    create table arrest (arrest_id int primary key, arrest_no text not null, name text, born date,
                        sealed boolean not null default false);
                    insert into arrest values (1, 'K00000001', 'ALPHA OUNCEMAN', '1980-01-02', false),
                        (2, 'K00000002', 'BRAVO TWOMEY', '1975-03-15', false),
                        (3, 'K00000003', 'CHARLIE THRICE', '1999-12-31', false);
                    create table booking (booking_id bigint primary key, arrest_id int not null references arrest,
                        desk text);
                    insert into booking select a * 100, a, 'desk ' || a from generate_series(1, 3) a;
                    create table photo (photo_id int generated always as identity primary key,
                        booking_id bigint not null references booking, image bytea);
                    insert into photo (booking_id, image) select a * 100, decode('ffee' || a || p, 'hex')
                        from generate_series(1, 3) a, generate_series(1, 2) p;
                    """);
        }
        Path feed = Feeds.write(Files.createDirectories(workDir.resolve("feeds")), "unsealed-seal.csv",
                Feeds.line("UNS-5050", "SEAL", "", "K00000001", "", "", "", "", "2019-05-01", "DISMISSED",
                        "2019-09-01", "160.50", ""),
                Feeds.line("UNS-5055", "SEAL", "", "K00000002", "", "", "", "", "2019-05-02", "VIOLATION",
                        "2019-09-02", "160.55", ""),
                Feeds.line("UNS-5057", "SEAL", "", "K00000003", "", "", "", "", "2012-05-03", "CLEAN_SLATE",
                        "2023-11-16", "160.57", ""));
        assertThat(sealctl("import", feed.toString()).exitCode()).isZero();
        Files.writeString(emptyTargetsDirectory().resolve("records.yml"), """
                name: records
                connection:
                  url: %s
                  username: %s
                  password: "%s"
                tables:
                  - table: arrest
                    key: [arrest_id]
                    match: { arrest_number: arrest_no }
                    action: mask
                    mask: { name: redact, born: year-only }
                    sealed-flag: sealed
                  - table: booking
                    key: [booking_id]
                    match: { via: arrest }
                    action: purge
                  - table: photo
                    key: [photo_id]
                    match: { via: booking }
                    holds: photographs
                    action: purge
                """.formatted(db.url(), db.user(), db.password() == null ? "" : db.password()));
    }

    private void unseal(String... orders) {
        String[] lines = new String[orders.length];
        for (int i = 0; i < orders.length; i++) {
            lines[i] = orders[i] + ",UNSEAL,,,,,,,,,,,";
        }
        Path feed = Feeds.write(workDir.resolve("feeds"), "unsealed-unseal.csv", lines);
        CliResult imported = sealctl("import", feed.toString(), "--json");
        assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();
    }

    private long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }
}
