package org.sealing.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealing.support.Feeds;
import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;

/**
 * A MariaDB target's values are named and put back exactly (binary and uuid keys, bit, float and spatial
 * values), and what it cannot do exactly is refused, never done approximately.
 */
class MariaDbExactnessFunctionalTests extends FunctionalTestSupport {

    private static final String SEALED_ARREST = "Q19000001";
    private static TestMariaDb.Database db;

    @BeforeAll
    static void server() throws Exception {
        TestMariaDb.assumeAvailable();
        db = TestMariaDb.create("exact");
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (db != null) {
            db.drop();
        }
    }

    @BeforeEach
    void sealedOrder() throws Exception {
        resetControlDatabase();
        emptyTargetsDirectory();
        db.execute("drop table if exists photo", "drop table if exists case_file", "drop table if exists arrest");
        Path feed = Feeds.write(Files.createDirectories(workDir.resolve("feeds")), "exact.csv",
                Feeds.valid("ORD-EXACT-1", SEALED_ARREST));
        CliResult imported = sealctl("import", feed.toString());
        assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();
    }

    @AfterEach
    void removeTargets() throws Exception {
        emptyTargetsDirectory();
    }

    private void writeTarget(String tables) throws Exception {
        Files.writeString(properties().configDir().resolve("targets/maria.yml"), """
                name: maria
                connection:
                  url: %s
                  username: root
                  password: ""
                tables:
                """.formatted(db.url()) + tables);
    }

    /**
     * Binary and uuid keys name their rows exactly. A binary(4) key whose bytes are not UTF-8 (0xC3FF0102: as text
     * it would read 0x3F3F0102, the key of a row that is not sealed), its photos under varbinary keys (one of them
     * a single zero byte) that hang from it through the binary foreign key, and a case file keyed by a uuid, masked
     * (redact, hash and the sealed flag). The sealed rows are purged and masked, each look-alike stays byte for
     * byte, the evidence's spot checks re-read the rows by their keys, a second run finds nothing; when the order
     * is reversed, every row comes back as it was, parents before their photos.
     */
    @Test
    void binaryAndUuidKeysNameTheirRowsExactlyThroughSealingAndRestore() throws Exception {
        db.execute("create table arrest (arrest_key binary(4) primary key, arrest_no varchar(20) not null,"
                + " defendant varchar(40), index (arrest_no))", "insert into arrest values (x'C3FF0102', '"
                + SEALED_ARREST + "', 'DOE'), (x'3F3F0102', 'Q20999999', 'ROE')",
                "create table photo (photo_key varbinary(8) primary key, arrest_key binary(4) not null, image blob,"
                + " foreign key (arrest_key) references arrest (arrest_key))",
                "insert into photo values (x'00FF', x'C3FF0102', x'89504E47'), (x'00', x'C3FF0102', x'FFD8FF00'),"
                + " (x'3F3F', x'3F3F0102', x'0102')",
                "create table case_file (case_id uuid primary key, arrest_no varchar(20) not null, defendant"
                + " varchar(40), subject varchar(80), is_sealed tinyint(1) not null default 0, index (arrest_no))",
                "insert into case_file values ('c3ff0102-e89b-42d3-a456-426614174000', '" + SEALED_ARREST + "',"
                + " 'DOE', 'DOE JOHN', 0), ('3f3f0102-e89b-42d3-a456-426614174000', 'Q20999999', 'ROE', 'ROE R', 0)");
        writeTarget("""
                  - table: arrest
                    key: [arrest_key]
                    match: { arrest_number: arrest_no }
                    action: purge
                  - table: photo
                    key: [photo_key]
                    match: { via: arrest }
                    action: purge
                  - table: case_file
                    key: [case_id]
                    match: { arrest_number: arrest_no }
                    action: mask
                    mask:
                      defendant: redact
                      subject: hash
                    sealed-flag: is_sealed
                """);
        String rows = "select concat_ws(' ', 'arrest', hex(arrest_key), arrest_no, defendant) from arrest union all"
                + " select concat_ws(' ', 'photo', hex(photo_key), hex(arrest_key), hex(image)) from photo union all"
                + " select concat_ws(' ', 'case', cast(case_id as char), arrest_no, defendant, subject, is_sealed)"
                + " from case_file order by 1";
        List<String> before = db.rows(rows);
        CliResult check = sealctl("targets", "check");
        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).doesNotContain(" error:");

        CliResult sealed = sealctl("run", "remediate", "--json");

        assertThat(sealed.exitCode()).as(sealed.out() + sealed.err()).isZero();
        JsonOutput.of(sealed.out()).has("verdict", "COMPLIANT", "purged", 3, "masked", 1, "failed", 0, "residual", 0);
        List<String> after = db.rows(rows);
        assertThat(after).hasSize(4).contains("arrest 3F3F0102 Q20999999 ROE", "photo 3F3F 3F3F0102 0102",
                "case 3f3f0102-e89b-42d3-a456-426614174000 Q20999999 ROE ROE R 0");
        assertThat(after).anySatisfy(row -> assertThat(row).matches(
                "case c3ff0102-e89b-42d3-a456-426614174000 " + SEALED_ARREST + " \\[SEALED\\] [0-9a-f]{64} 1"));
        String figures = jdbc.queryForObject("select figures::text from evidence_figures order by execution_id desc"
                + " limit 1", String.class);
        assertThat(figures).contains("\"passed\": true").doesNotContain("\"passed\": false");
        CliResult again = sealctl("run", "remediate", "--json");
        JsonOutput.of(again.out()).has("verdict", "COMPLIANT", "purged", 0, "masked", 0);
        assertThat(db.rows(rows)).isEqualTo(after);

        Path unseal = Feeds.write(workDir.resolve("feeds"), "exact-unseal.csv", "ORD-EXACT-1,UNSEAL,,,,,,,,,,,");
        assertThat(sealctl("import", unseal.toString()).exitCode()).isZero();
        CliResult restored = sealctl("run", "remediate", "--json");

        assertThat(restored.exitCode()).as(restored.out() + restored.err()).isZero();
        JsonOutput.of(restored.out()).has("restored", 4, "failed", 0);
        assertThat(db.rows(rows)).isEqualTo(before);
    }

    /**
     * A child whose binary(16) column names its parent's uuid: MariaDB finds the parent (the bytes are the uuid's),
     * but a restore could never find it again from the child's copy, which holds the bytes, not the uuid's text.
     * The check refuses the join.
     */
    @Test
    void aUuidJoinedToABinaryColumnIsACheckError() throws Exception {
        db.execute("create table case_file (case_id uuid primary key, arrest_no varchar(20) not null, index (arrest_no))",
                "create table arrest (arrest_key int primary key, case_ref binary(16) not null, arrest_no varchar(20)"
                + " not null, index (case_ref))");
        writeTarget("""
                  - table: arrest
                    key: [arrest_key]
                    match: { via: { table: case_file, on: { case_ref: case_id } } }
                    action: purge
                  - table: case_file
                    key: [case_id]
                    match: { arrest_number: arrest_no }
                    action: mask
                    mask: { arrest_no: redact }
                """);

        CliResult check = sealctl("targets", "check");

        assertThat(check.exitCode()).as(check.out() + check.err()).isNotZero();
        assertThat(check.out()).contains("tables[0].match.via.on.case_ref: column case_ref of arrest (binary(16)) cannot"
                + " be compared with case_id of case_file (uuid)");
    }

    /**
     * A float key: its text is rounded (0.1 reads 0.1 whatever its last bits), so a key read back from text could
     * name another row. The check refuses the key, the run refuses the target: no row changes.
     */
    @Test
    void aFloatKeyIsRefusedAndNoRowChanges() throws Exception {
        db.execute("create table arrest (arrest_key double primary key, arrest_no varchar(20) not null,"
                + " defendant varchar(40))", "insert into arrest values (0.1, '" + SEALED_ARREST + "', 'DOE'),"
                + " (0.30000000000000004, 'Q20999999', 'ROE')");
        writeTarget("""
                  - table: arrest
                    key: [arrest_key]
                    match: { arrest_number: arrest_no }
                    action: purge
                """);
        List<String> before = db.rows("select concat(arrest_key, ' ', arrest_no, ' ', defendant) from arrest"
                + " order by arrest_key");

        CliResult check = sealctl("targets", "check");

        assertThat(check.exitCode()).as(check.out() + check.err()).isNotZero();
        assertThat(check.out()).contains("tables[0].key: key column arrest_key of arrest is double: a MariaDB"
                + " target's key must be integer, decimal, text, date, datetime, time, year, uuid, binary or varbinary"
                + " columns");

        CliResult run = sealctl("run", "remediate", "--json");

        assertThat(run.exitCode()).isNotZero();
        JsonOutput.of(run.out()).has("targetsFailed", 1, "purged", 0, "masked", 0);
        assertThat(run.out()).contains("key column arrest_key of arrest is double");
        assertThat(db.rows("select concat(arrest_key, ' ', arrest_no, ' ', defendant) from arrest"
                + " order by arrest_key")).isEqualTo(before).hasSize(2);
    }

    /**
     * A purged row of BIT, FLOAT and spatial values comes back from its vault copy exactly when its order is
     * reversed: the bit pattern, the float's last bit, the point's and polygon's bytes.
     */
    @Test
    void aPurgedRowOfBitFloatAndSpatialValuesIsPutBackExactly() throws Exception {
        db.execute("create table arrest (arrest_id int primary key, arrest_no varchar(20) not null, flags bit(8),"
                + " weight float, spot point, area geometry)", "insert into arrest values (1, '" + SEALED_ARREST + "',"
                + " b'10100101', 1.17549435e-38, ST_PointFromText('POINT(1.5 2.25)'),"
                + " ST_GeomFromText('POLYGON((0 0,0 1.125,1 1,0 0))')), (2, 'Q20999999', b'00000001', 0.1,"
                + " ST_PointFromText('POINT(3 4)'), null)");
        writeTarget("""
                  - table: arrest
                    key: [arrest_id]
                    match: { arrest_number: arrest_no }
                    action: purge
                """);
        String rows = "select concat_ws(' ', arrest_id, arrest_no, hex(flags), cast(weight as double), hex(spot),"
                + " hex(area)) from arrest order by arrest_id";
        List<String> before = db.rows(rows);
        CliResult check = sealctl("targets", "check");
        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();

        CliResult sealed = sealctl("run", "remediate", "--json");
        assertThat(sealed.exitCode()).as(sealed.out() + sealed.err()).isZero();
        JsonOutput.of(sealed.out()).has("purged", 1, "failed", 0);
        assertThat(db.rows(rows)).containsExactly(before.get(1));

        Path unseal = Feeds.write(workDir.resolve("feeds"), "exact-unseal.csv", "ORD-EXACT-1,UNSEAL,,,,,,,,,,,");
        assertThat(sealctl("import", unseal.toString()).exitCode()).isZero();
        CliResult restored = sealctl("run", "remediate", "--json");

        assertThat(restored.exitCode()).as(restored.out() + restored.err()).isZero();
        JsonOutput.of(restored.out()).has("restored", 1, "failed", 0);
        assertThat(db.rows(rows)).isEqualTo(before);
    }

    /**
     * A TIMESTAMP is copied in the court's local time, which names two instants in the hour clocks go back: a
     * purged table with one, or a masked TIMESTAMP, is refused, a DATETIME is not.
     */
    @Test
    void aTimestampWrittenBackInAZoneWithDaylightSavingIsRefused() throws Exception {
        db.execute("create table arrest (arrest_id int primary key, arrest_no varchar(20) not null,"
                + " seen_at timestamp null, booked_at datetime)");
        writeTarget("""
                  - table: arrest
                    key: [arrest_id]
                    match: { arrest_number: arrest_no }
                    action: purge
                """);

        CliResult check = sealctl("targets", "check");

        assertThat(check.exitCode()).as(check.out() + check.err()).isNotZero();
        assertThat(check.out()).contains("tables[0].action: column seen_at of arrest is timestamp: a MariaDB"
                + " TIMESTAMP is copied and put back in the court's local time (America/New_York)")
                .doesNotContain("booked_at");

        writeTarget("""
                  - table: arrest
                    key: [arrest_id]
                    match: { arrest_number: arrest_no }
                    action: mask
                    mask: { seen_at: year-only, booked_at: year-only }
                """);
        CliResult masked = sealctl("targets", "check");
        assertThat(masked.exitCode()).as(masked.out() + masked.err()).isNotZero();
        assertThat(masked.out()).contains("tables[0].mask.seen_at: column seen_at of arrest is timestamp")
                .doesNotContain("mask.booked_at");
    }

    /**
     * An indexed generated column of the normalised identifier shorter than the identifier cuts it short: a row
     * whose identifier only starts with the sealed one would match. Such a column is not used (a warning), and
     * only the sealed row is purged.
     */
    @Test
    void aGeneratedColumnTooShortForTheIdentifierIsNotUsedAndOnlyTheSealedRowIsPurged() throws Exception {
        db.execute("set session sql_mode = ''", "create table arrest (arrest_id int primary key,"
                + " arrest_no varchar(20) not null, arrest_no_normalised varchar(9) as"
                + " (ucase(regexp_replace(arrest_no, '(?-i)[^A-Za-z0-9]', ''))) virtual, key (arrest_no_normalised))",
                "insert into arrest (arrest_id, arrest_no) values (1, '" + SEALED_ARREST + "'), (2, 'Q19000001-7')");
        writeTarget("""
                  - table: arrest
                    key: [arrest_id]
                    match: { arrest_number: arrest_no }
                    action: purge
                """);

        CliResult check = sealctl("targets", "check");

        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("WARNING tables[0].match.arrest_number: generated column arrest_no_normalised"
                + " of arrest (9 characters) may not hold arrest_no normalised whole");
        CliResult run = sealctl("run", "remediate", "--json");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonOutput.of(run.out()).has("purged", 1, "failed", 0);
        assertThat(db.rows("select concat(arrest_id, ' ', arrest_no) from arrest")).containsExactly("2 Q19000001-7");
    }

    /**
     * A constant with a character the column's character set lacks would fail every row's mask (1366): the
     * check says so; a constant the set holds (é in latin1) passes.
     */
    @Test
    void aConstantTheColumnsCharacterSetCannotHoldIsACheckError() throws Exception {
        db.execute("create table arrest (arrest_id int primary key, arrest_no varchar(20) not null,"
                + " note_latin varchar(40) character set latin1, note_bmp varchar(40) character set utf8mb3,"
                + " note_any varchar(40) character set utf8mb4, note_e varchar(40) character set latin1)");
        writeTarget("""
                  - table: arrest
                    key: [arrest_id]
                    match: { arrest_number: arrest_no }
                    action: mask
                    mask:
                      note_latin: "constant:ZAPIECZ\u0118TOWANE"
                      note_bmp: "constant:SEALED \\U0001F512"
                      note_any: "constant:SEALED \\U0001F512"
                      note_e: "constant:SCELL\u00c9"
                """);

        CliResult check = sealctl("targets", "check");

        assertThat(check.exitCode()).as(check.out() + check.err()).isNotZero();
        assertThat(check.out()).contains("ERROR tables[0].mask.note_latin: 'constant:ZAPIECZ\u0118TOWANE' on column"
                + " note_latin of arrest: its character set latin1 cannot hold every character of the text",
                "ERROR tables[0].mask.note_bmp: 'constant:SEALED \uD83D\uDD12' on column note_bmp of arrest: its"
                        + " character set utf8mb3 cannot hold every character of the text", "2 errors")
                .doesNotContain("mask.note_any", "mask.note_e");
    }
}
