package org.sealing.apply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.sealing.support.Feeds;
import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.TestControlDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unsealing restores (SPEC section 7): once the court reverses a sealing order, the next run puts every
 * sealed row of the case back exactly as it was (a purged parent before its purged children, a masked row's
 * columns and flag), drops its vault copies and counts it restored; destroyed rows stay gone; a row changed
 * since it was sealed is left as it is, a conflict for review, its copy kept; and the ledger's restore
 * entries hold under {@code audit verify}.
 */
class RestoreFunctionalTests extends FunctionalTestSupport {

    private static final List<String> TABLES = List.of("arrest", "charge", "note", "photo");

    private TestControlDatabase.Database db;

    @BeforeEach
    void world() throws Exception {
        resetControlDatabase();
        db = TestControlDatabase.create();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("""
                    create table arrest (arrest_id int primary key, arrest_no text not null, name text,
                        born date, weight numeric(5,1), sealed boolean not null default false);
                    insert into arrest values (1, 'K00000001', 'ALPHA OUNCEMAN', '1980-01-02', 81.5, false),
                        (2, 'K00000002', 'BRAVO TWOMEY', '0044-03-15 BC', null, false),
                        (3, 'K00000003', 'CHARLIE THRICE', '1999-12-31', 70.0, false),
                        (4, 'K00000004', 'DELTA FOURSOME', '2001-02-03', 90.25, false);
                    create table booking (booking_id bigint primary key, arrest_id int not null references arrest,
                        booked timestamptz, desk text, name_len int generated always as (length(desk)) stored);
                    create index on booking (arrest_id);
                    insert into booking (booking_id, arrest_id, booked, desk)
                        select a * 100, a, '2019-05-01 10:00:00.123456+00', 'desk ' || a from generate_series(1, 4) a;
                    create table photo (photo_id int generated always as identity primary key,
                        booking_id bigint not null references booking, taken timestamptz, image bytea);
                    create index on photo (booking_id);
                    insert into photo (booking_id, taken, image) select a * 100, '2019-05-01 10:00:00+00'::timestamptz
                        + p * interval '1 h', decode('ffeedd' || a || p, 'hex')
                        from generate_series(1, 4) a, generate_series(1, 2) p;
                    create table charge (arrest_id int not null references arrest, seq smallint not null,
                        charge_text text, primary key (arrest_id, seq));
                    insert into charge select a, s, case when s = 1 then 'burglary' else 'larceny' end
                        from generate_series(1, 4) a, generate_series(1, 2) s;
                    create table note (note_id serial primary key, arrest_id int not null references arrest, body text,
                        fee numeric, extra jsonb);
                    create index on note (arrest_id);
                    insert into note values (31, 1, 'note about alpha', 12.50, '{"b": [1, 2.50], "a": null}'),
                        (33, 3, 'note about charlie', 'NaN', null), (34, 4, 'note about delta', 0, '{}');
                    """);
        }
        Path feed = Feeds.write(Files.createDirectories(workDir.resolve("feeds")), "restore-seal.csv",
                Feeds.line("RST-5050", "SEAL", "", "K00000001", "", "", "", "", "2019-05-01", "DISMISSED",
                        "2019-09-01", "160.50", ""),
                Feeds.line("RST-5055", "SEAL", "", "K00000002", "", "", "", "", "2019-05-02", "VIOLATION",
                        "2019-09-02", "160.55", ""),
                Feeds.line("RST-5057", "SEAL", "", "K00000003", "", "", "", "", "2012-05-03", "CLEAN_SLATE",
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
                  - table: charge
                    key: [arrest_id, seq]
                    match: { via: arrest }
                    action: mask
                    mask: { charge_text: redact }
                  - table: note
                    key: [note_id]
                    match: { via: arrest }
                    action: purge
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

    @AfterEach
    void removeTargets() throws Exception {
        emptyTargetsDirectory();
    }

    @Test
    void anUnsealedCaseComesBackExactlyAndOnlyItsDestroyedRowsStayGone() throws Exception {
        Map<String, Map<String, String>> before = rows();
        CliResult seal = sealctl("run", "remediate", "--json");
        assertThat(seal.exitCode()).as(seal.out() + seal.err()).isZero();
        // sealed: 3 arrests, 6 charges, 2 notes, 3 bookings and the 160.57 case's 2 photographs; destroyed: 4 photos
        JsonOutput.of(seal.out()).has("verdict", "COMPLIANT", "sealed", 16, "destroyed", 4, "restored", 0);

        unseal("RST-5050", "RST-5057");
        CliResult restore = sealctl("run", "remediate", "--json");

        assertThat(restore.exitCode()).as(restore.out() + restore.err()).isZero();
        // 160.50: arrest, 2 charges, note, booking (its photos were destroyed); 160.57: the same and 2 photos
        JsonOutput.of(restore.out()).has("verdict", "COMPLIANT", "restored", 12, "conflicts", 0, "matched", 0,
                "failed", 0, "residual", 0);
        Map<String, Map<String, String>> after = rows();
        for (String table : TABLES) {
            Map<String, String> expected = new LinkedHashMap<>(before.get(table));
            Map<String, String> actual = after.get(table);
            // the case still sealed keeps its rows sealed; the 160.50 case's photographs are gone for good
            for (String key : List.copyOf(expected.keySet())) {
                if (table.equals("photo") && expected.get(key).startsWith("100|")
                        || ownedBy(table, key, expected.get(key), 2)) {
                    expected.remove(key);
                    actual.remove(key);
                }
            }
            assertThat(actual).as(table).isEqualTo(expected);
        }
        assertThat(after.get("photo")).as("destroyed photographs").doesNotContainValue(before.get("photo")
                .values().stream().filter(v -> v.startsWith("100|")).findFirst().orElseThrow());
        // only the sealed case's copies remain: arrest 2, its 2 charges and its booking
        assertThat(jdbc.queryForList("select distinct order_id from vault_copy", String.class))
                .containsExactly("RST-5055");
        assertThat(jdbc.queryForObject("select count(*) from vault_copy", Long.class)).isEqualTo(4);
        CliResult verify = sealctl("audit", "verify", "--json");
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from ledger_entry where kind = 'RESTORE'", Long.class))
                .isPositive();

        // a third run has nothing left to restore and counts nothing again
        CliResult again = sealctl("run", "remediate", "--json");
        JsonOutput.of(again.out()).has("verdict", "COMPLIANT", "restored", 0, "matched", 0);
    }

    @Test
    void aRowChangedSinceItWasSealedIsAConflictAndKeepsItsCopy() throws Exception {
        CliResult seal = sealctl("run", "remediate", "--json");
        assertThat(seal.exitCode()).as(seal.out() + seal.err()).isZero();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // a new note under the purged note's key, and a masked name written over since
            s.execute("insert into note values (31, 4, 'another note', 1, null)");
            s.execute("update arrest set name = 'SOMEONE ELSE' where arrest_id = 3");
        }
        unseal("RST-5050", "RST-5057");

        CliResult restore = sealctl("run", "remediate", "--json");

        assertThat(restore.exitCode()).as(restore.out() + restore.err()).isZero();
        JsonOutput.of(restore.out()).has("restored", 10, "conflicts", 2, "failed", 0);
        Map<String, Map<String, String>> now = rows();
        assertThat(now.get("note").get("31")).startsWith("4|another note");
        assertThat(now.get("arrest").get("3")).contains("SOMEONE ELSE");
        assertThat(jdbc.queryForList("select reason from restore_conflict order by reason", String.class))
                .containsExactly("a row under its key exists and is not the sealed original",
                        "its masked columns changed since it was sealed");
        // the conflicts' copies stay, for the next run to try again once a person has decided
        assertThat(jdbc.queryForObject("select count(*) from vault_copy where order_id <> 'RST-5055'", Long.class))
                .isEqualTo(2);
        CliResult again = sealctl("run", "remediate", "--json");
        JsonOutput.of(again.out()).has("restored", 0, "conflicts", 2);
    }

    @Test
    void restoresAppliedBeforeATableIsRefusedForItsRatioStayRestoredCountedAndInTheChain() throws Exception {
        CliResult seal = sealctl("run", "remediate", "--json");
        assertThat(seal.exitCode()).as(seal.out() + seal.err()).isZero();
        unseal("RST-5050");
        // a new order for the fourth arrest: its plan would change 1 of 4 arrests, over a ratio of 0.2
        Path feed = Feeds.write(workDir.resolve("feeds"), "restore-more.csv",
                Feeds.line("RST-6000", "SEAL", "", "K00000004", "", "", "", "", "2019-05-04", "DISMISSED",
                        "2019-09-04", "160.50", ""));
        assertThat(sealctl("import", feed.toString()).exitCode()).isZero();
        Path targetFile = properties().configDir().resolve("targets/records.yml");
        Files.writeString(targetFile, Files.readString(targetFile).replace("tables:", "max-change-ratio: 0.2\ntables:"));

        CliResult restore = sealctl("run", "remediate", "--json");

        // the arrest table's plan is refused; the 160.50 case's arrest, charges, note and booking were restored
        JsonOutput.of(restore.out()).has("restored", 5, "conflicts", 0);
        assertThat(JsonOutput.of(restore.out()).number("refused")).isPositive();
        assertThat(rows().get("arrest").get("1")).contains("ALPHA OUNCEMAN");
        CliResult verify = sealctl("audit", "verify", "--json");
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from remediation_plan where action = 'RESTORE'"
                + " and state = 'REFUSED'", Long.class)).isZero();
    }

    private void unseal(String... orders) throws Exception {
        String[] lines = new String[orders.length];
        for (int i = 0; i < orders.length; i++) {
            lines[i] = orders[i] + ",UNSEAL,,,,,,,,,,,";
        }
        Path feed = Feeds.write(workDir.resolve("feeds"), "restore-unseal.csv", lines);
        CliResult imported = sealctl("import", feed.toString(), "--json");
        assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();
    }

    /** Whether a row (of the snapshot, as text) belongs to arrest {@code arrest}. */
    private static boolean ownedBy(String table, String key, String row, int arrest) {
        return switch (table) {
            case "arrest" -> key.equals(String.valueOf(arrest));
            case "charge", "note" -> row.startsWith(arrest + "|") || key.startsWith(arrest + "|");
            case "booking" -> key.equals(String.valueOf(arrest * 100));
            default -> row.startsWith(arrest * 100 + "|");
        };
    }

    private Map<String, Map<String, String>> rows() throws Exception {
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        rows.put("arrest", db.rows("select arrest_id, arrest_no, name, born, weight, sealed from arrest"));
        rows.put("charge", db.rows("select arrest_id || '|' || seq, charge_text from charge"));
        rows.put("note", db.rows("select note_id, arrest_id, body, fee, extra from note"));
        rows.put("booking", db.rows("select booking_id, arrest_id, booked, desk, name_len from booking"));
        rows.put("photo", db.rows("select photo_id, booking_id, taken, image from photo"));
        return rows;
    }
}
