package org.sealing.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealing.support.Feeds;
import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.TestControlDatabase;

/**
 * A target shaped the way the checked-in worlds are not: mixed-case quoted schema, table and column
 * names, a {@code char(10)} key, a composite key with a time stamp purged through a composite-free
 * foreign key listed before its parent, a composite key masked with {@code hash} and a constant, a
 * NYSID compared with the date of a {@code timestamptz}, {@code year-only} on a {@code timestamp}.
 * Every sealed row ends exactly per its rule; the same people's other rows stay as they were.
 */
class TargetShapesFunctionalTests extends FunctionalTestSupport {

    private TestControlDatabase.Database db;

    @BeforeEach
    void world() throws Exception {
        resetControlDatabase();
        db = TestControlDatabase.create();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("""
                    create schema "Records";
                    create table "Records"."ArrestLog" ("RecCode" char(10) primary key, "Docket" varchar(40) not null,
                        "Defendant" varchar(64), "Notes" text, "DOB" timestamp);
                    create index on "Records"."ArrestLog" ((upper(regexp_replace("Docket", '[^A-Za-z0-9]', '', 'g'))));
                    insert into "Records"."ArrestLog" values
                        ('A1', '2019-ny-012345', 'DOE, JOHN', 'kept in file', '1980-05-06 10:00'),
                        ('A2', '2020 KN 000777', 'ROE, JANE', null, '1990-01-02 00:00'),
                        ('A3', '2018QN000001', 'DOE, JOHN', 'an unsealed arrest', '1980-05-06 10:00');
                    create table "Records"."Sighting" (rec_code char(10) not null references "Records"."ArrestLog",
                        seen_at timestamptz not null, place text, primary key (rec_code, seen_at));
                    insert into "Records"."Sighting" values ('A1', '2019-05-01 10:00+00', 'Fulton St'),
                        ('A1', '2019-05-02 11:00+00', 'Court St'), ('A3', '2018-01-01 08:00+00', 'Jay St');
                    create table stop_card (precinct int not null, card_no text not null, nysid text,
                        stopped timestamptz, subject varchar(80), remark text, flagged boolean,
                        primary key (precinct, card_no));
                    create index on stop_card ((upper(regexp_replace(nysid, '[^A-Za-z0-9]', '', 'g'))));
                    insert into stop_card values
                        (84, 'UF-1', '12345678-a', '2019-05-01 15:00+00', 'DOE, JOHN', 'frisked', false),
                        (84, 'UF-2', '12345678A', '2019-06-01 09:00+00', 'DOE, JOHN', 'another day', false),
                        (73, 'UF-1', '87654321 b', '2020-02-10 20:00+00', 'ROE, JANE', 'questioned', null);
                    """);
        }
        Files.writeString(emptyTargetsDirectory().resolve("shapes.yml"), """
                name: shapes
                connection:
                  url: %s
                  username: %s
                  password: "%s"
                tables:
                  - table: Records.Sighting
                    key: [rec_code, seen_at]
                    match: { via: Records.ArrestLog }
                    action: purge
                  - table: Records.ArrestLog
                    key: [RecCode]
                    match: { docket_number: Docket }
                    action: mask
                    mask: { Defendant: redact, Notes: null, DOB: year-only }
                  - table: stop_card
                    key: [precinct, card_no]
                    match: { nysid: nysid, arrest_date: stopped }
                    action: mask
                    mask: { subject: hash, remark: "constant:SEALED: see CPL 160.50" }
                    sealed-flag: flagged
                """.formatted(db.url(), db.user(), db.password() == null ? "" : db.password()));
        Path feed = Feeds.write(Files.createDirectories(workDir.resolve("feeds")), "shapes.csv",
                Feeds.line("SHAPE-1", "SEAL", "2019NY012345", "K12345678", "12345678A", "Doe", "John", "1980-05-06",
                        "2019-05-01", "DISMISSED", "2019-09-01", "160.50", ""),
                Feeds.line("SHAPE-2", "SEAL", "2020KN000777", "M87654321", "87654321B", "Roe", "Jane", "1990-01-02",
                        "2020-02-10", "DISMISSED", "2020-06-01", "160.50", ""));
        assertThat(sealctl("import", feed.toString()).exitCode()).isZero();
    }

    @org.junit.jupiter.api.AfterEach
    void removeTargetFiles() throws Exception {
        // the configuration directory is shared with the other test classes
        emptyTargetsDirectory();
    }

    @Test
    void everySealedRowEndsPerItsRuleAndNothingElseChanges() throws Exception {
        CliResult check = sealctl("targets", "check");
        assertThat(check.exitCode()).as(check.out()).isZero();
        assertThat(check.out()).contains("shapes (").contains("0 errors");

        CliResult run = sealctl("run", "remediate", "--json");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonOutput.of(run.out()).has("verdict", "COMPLIANT", "matched", 6, "purged", 2, "masked", 4, "failed", 0,
                "residual", 0);
        assertThat(db.rows("select \"RecCode\", \"Defendant\", \"Notes\", \"DOB\"::text from \"Records\".\"ArrestLog\""))
                .containsExactly(
                        Map.entry("A1        ", "[SEALED]|null|1980-01-01 00:00:00"),
                        Map.entry("A2        ", "[SEALED]|null|1990-01-01 00:00:00"),
                        Map.entry("A3        ", "DOE, JOHN|an unsealed arrest|1980-05-06 10:00:00"));
        assertThat(db.rows("select rec_code || '@' || to_char(seen_at at time zone 'UTC', 'MM-DD'), place"
                + " from \"Records\".\"Sighting\"")).containsExactly(Map.entry("A3@01-01", "Jay St"));
        assertThat(db.rows("select precinct || '/' || card_no, subject || '|' || remark || '|' || coalesce(flagged::text,"
                + " 'null') from stop_card")).containsExactly(
                        Map.entry("73/UF-1", hmac("ROE, JANE") + "|SEALED: see CPL 160.50|true"),
                        Map.entry("84/UF-1", hmac("DOE, JOHN") + "|SEALED: see CPL 160.50|true"),
                        Map.entry("84/UF-2", "DOE, JOHN|another day|false"));

        CliResult second = sealctl("run", "remediate", "--json");
        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        JsonOutput.of(second.out()).has("verdict", "COMPLIANT", "matched", 0, "residual", 0);
        assertThat(db.rows("select precinct || '/' || card_no, subject from stop_card where card_no = 'UF-1'"
                + " and precinct = 84")).containsEntry("84/UF-1", hmac("DOE, JOHN"));
    }

    @Test
    void aRowPutBackIsFoundAgainAndATableMadeUnfitIsRefusedByTheCheck() throws Exception {
        assertThat(sealctl("run", "remediate").exitCode()).isZero();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // a restore from backup brings back a sealed sighting and an unmasked name
            s.execute("insert into \"Records\".\"Sighting\" values ('A1', '2019-05-03 09:00+00', 'Smith St');"
                    + " update \"Records\".\"ArrestLog\" set \"Defendant\" = 'DOE, JOHN' where \"RecCode\" = 'A1'");
        }
        CliResult verify = sealctl("run", "verify", "--json");
        JsonOutput.of(verify.out()).has("verdict", "NOT_COMPLIANT", "residual", 2);

        CliResult again = sealctl("run", "remediate", "--json");
        JsonOutput.of(again.out()).has("verdict", "COMPLIANT", "matched", 2, "purged", 1, "masked", 1);

        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // someone turns the date of birth into text: year-only cannot be applied to it any more
            s.execute("alter table \"Records\".\"ArrestLog\" alter column \"DOB\" type text");
        }
        CliResult check = sealctl("targets", "check");
        assertThat(check.exitCode()).isEqualTo(2);
        assertThat(check.out()).contains("tables[1].mask.DOB: 'year-only' on text column DOB of Records.ArrestLog");
    }

    @Test
    void targetsCheckTellsKeysUniqueOnlyByDataFromDuplicatesAndFindsWhatWouldBlockAPurge() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("""
                    create table legacy_card (card_no text, docket text);
                    insert into legacy_card values ('C1', 'D1'), ('C2', 'D2');
                    create table legacy_dup (card_no text, docket text);
                    insert into legacy_dup values ('C1', 'D1'), ('C1', 'D2');
                    create table folder (folder_id int primary key, docket text);
                    create table folder_note (note_id int primary key, folder_id int references folder, body text);
                    """);
        }
        Files.writeString(properties().configDir().resolve("targets/odd.yml"), """
                name: odd
                connection:
                  url: %s
                  username: %s
                  password: "%s"
                tables:
                  - { table: legacy_card, key: card_no, match: { docket_number: docket }, action: purge }
                  - { table: legacy_dup, key: card_no, match: { docket_number: docket }, action: purge }
                  - { table: folder, key: folder_id, match: { docket_number: docket }, action: purge }
                  - { table: folder_note, key: note_id, match: { via: folder }, action: mask, mask: { body: redact } }
                """.formatted(db.url(), db.user(), db.password() == null ? "" : db.password()));

        CliResult check = sealctl("targets", "check");

        assertThat(check.exitCode()).isEqualTo(2);
        assertThat(check.out()).contains(
                "WARNING tables[0].key: key [card_no] of legacy_card is unique only by its data today",
                "fix: create unique index on \"public\".\"legacy_card\" (\"card_no\");",
                "ERROR tables[1].key: key [card_no] is not unique in legacy_dup: some rows share a key",
                "WARNING tables[0].match: no index serves the match of legacy_card",
                "fix: create index on \"public\".\"legacy_card\" ((upper(regexp_replace(\"docket\", '[^A-Za-z0-9]', '', 'g'))));",
                "ERROR tables[3].action: masked table folder_note references purged folder",
                "WARNING tables[2].action: no index on [folder_id] of public.folder_note",
                "shapes (");
        assertThat(check.out()).containsPattern("shapes \\(.*\\): OK");
        // nothing of odd was run or changed: the run refuses it before any SQL that writes
        CliResult run = sealctl("run", "remediate", "--target", "odd", "--json");
        assertThat(run.exitCode()).isNotZero();
        assertThat(db.rows("select card_no, docket from legacy_card")).hasSize(2);
    }

    @Test
    void aUserWhoMayNotCreateTemporaryTablesOrUpdateIsToldSoByTheCheckAndTheRunChangesNothing() throws Exception {
        String role = "sealing_clerk_" + ProcessHandle.current().pid();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            String database = c.getCatalog();
            s.execute("drop role if exists " + role);
            s.execute("create role " + role + " login password 'clerk-pw'");
            s.execute("revoke temporary on database " + database + " from public");
            s.execute("grant usage on schema \"Records\" to " + role);
            s.execute("grant select on all tables in schema \"Records\" to " + role);
            s.execute("grant select on stop_card to " + role);
        }
        Path file = properties().configDir().resolve("targets/shapes.yml");
        Files.writeString(file, Files.readString(file).replaceFirst("username: .*", "username: " + role)
                .replaceFirst("password: .*", "password: clerk-pw"));

        CliResult check = sealctl("targets", "check");
        CliResult run = sealctl("run", "remediate", "--json");

        assertThat(check.exitCode()).isEqualTo(2);
        assertThat(check.out()).contains("connection.username: the user may not create temporary tables in database",
                "tables[0].action: the user may not DELETE from Records.Sighting",
                "tables[1].action: the user may not UPDATE Records.ArrestLog");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("its definition does not fit its database");
        assertThat(db.rows("select \"RecCode\", \"Defendant\" from \"Records\".\"ArrestLog\""))
                .containsEntry("A1        ", "DOE, JOHN");
    }

    private static String hmac(String value) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(TEST_HMAC_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }
}
