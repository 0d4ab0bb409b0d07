package org.sealing.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.RemediationWorld;
import org.sealing.support.TestControlDatabase;

/**
 * A MariaDB target is remediated as a PostgreSQL one is (SPEC section 6): its sealed rows are found inside
 * it, a masked table gets every strategy (null, constant, year-only on a date and on a time stamp, redact,
 * hash) and its sealed flag, rows that hang off it are purged through foreign keys (a photo; charges under a
 * composite key, and their notes through a chain of two), each sealed row's copy is in the vault, and the
 * verification finds nothing left: COMPLIANT. A PostgreSQL twin with the same tables and rows, remediated
 * in the same run, ends with the very same values (masks mean the same on both engines), every row of the
 * rest of the world is as it was, and a second run changes nothing.
 */
class MariaDbRemediationFunctionalTests extends FunctionalTestSupport {

    private static final String CONSTANT = "SEALED UNDER CPL 160.50";
    private static TestMariaDb.Database db;
    private TestControlDatabase.Database twin;
    private RemediationWorld world;

    @BeforeAll
    static void server() throws Exception {
        TestMariaDb.assumeAvailable();
        db = TestMariaDb.create("remediate");
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (db != null) {
            db.drop();
        }
    }

    @BeforeEach
    void worlds() throws Exception {
        resetControlDatabase();
        emptyTargetsDirectory();
        world = importedWorld(60);
        // only the two targets of this test: the world's own four are not needed
        emptyTargetsDirectory();
        twin = TestControlDatabase.create();
        db.execute("drop table if exists charge_note", "drop table if exists charge", "drop table if exists arrest_photo",
                "drop table if exists arrest", """
                create table arrest (arrest_id int primary key, arrest_no varchar(20) not null,
                    defendant_last varchar(64), defendant_first varchar(64), date_of_birth date, booked_at datetime,
                    narrative text, subject varchar(200), is_sealed tinyint(1) not null default 0,
                    arrest_no_normalised varchar(20) as (ucase(regexp_replace(arrest_no, '[^A-Za-z0-9]', ''))) virtual,
                    key (arrest_no_normalised))""", """
                create table arrest_photo (photo_id int primary key, arrest_id int not null, image varbinary(64),
                    foreign key (arrest_id) references arrest (arrest_id))""", """
                create table charge (arrest_id int not null, charge_seq int not null, charge_text varchar(200),
                    primary key (arrest_id, charge_seq), foreign key (arrest_id) references arrest (arrest_id))""", """
                create table charge_note (note_id int primary key, arrest_id int not null, charge_seq int not null,
                    note text, foreign key (arrest_id, charge_seq) references charge (arrest_id, charge_seq))""");
        try (Connection c = twin.connect(); Statement s = c.createStatement()) {
            s.execute("""
                    create table arrest (arrest_id int primary key, arrest_no varchar(20) not null,
                        defendant_last varchar(64), defendant_first varchar(64), date_of_birth date, booked_at timestamp,
                        narrative text, subject varchar(200), is_sealed boolean not null default false);
                    create index on arrest ((upper(regexp_replace(arrest_no, '[^A-Za-z0-9]', '', 'g'))));
                    create table arrest_photo (photo_id int primary key, arrest_id int not null references arrest,
                        image bytea);
                    create index on arrest_photo (arrest_id);
                    create table charge (arrest_id int not null references arrest, charge_seq int not null,
                        charge_text varchar(200), primary key (arrest_id, charge_seq));
                    create table charge_note (note_id int primary key, arrest_id int not null, charge_seq int not null,
                        note text, foreign key (arrest_id, charge_seq) references charge (arrest_id, charge_seq));
                    create index on charge_note (arrest_id, charge_seq);
                    """);
        }
        try (Connection m = TestMariaDb.root(db.name())) {
            fill(m);
        }
        try (Connection p = twin.connect()) {
            fill(p);
        }
        String tables = """
                tables:
                  - table: arrest
                    key: [arrest_id]
                    match: { arrest_number: arrest_no }
                    action: mask
                    mask:
                      defendant_last: null
                      defendant_first: "constant:%s"
                      date_of_birth: year-only
                      booked_at: year-only
                      narrative: redact
                      subject: hash
                    sealed-flag: is_sealed
                  - table: arrest_photo
                    key: [photo_id]
                    match: { via: arrest }
                    action: purge
                  - table: charge
                    key: [arrest_id, charge_seq]
                    match: { via: { table: arrest, on: { arrest_id: arrest_id } } }
                    action: purge
                  - table: charge_note
                    key: [note_id]
                    match: { via: charge }
                    action: purge
                """.formatted(CONSTANT);
        Files.writeString(properties().configDir().resolve("targets/maria.yml"), """
                name: maria
                connection:
                  url: %s
                  username: root
                  password: ""
                """.formatted(db.url()) + tables);
        Files.writeString(properties().configDir().resolve("targets/twin.yml"), """
                name: twin
                connection:
                  url: %s
                  username: %s
                  password: "%s"
                """.formatted(twin.url(), twin.user(), twin.password() == null ? "" : twin.password()) + tables);
    }

    @AfterEach
    void emptyTargets() throws Exception {
        emptyTargetsDirectory();
    }

    /** The same rows in either engine: every arrest of the world, two photos, two charges and a note per charge. */
    private void fill(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement arrest = c.prepareStatement("insert into arrest (arrest_id, arrest_no, defendant_last,"
                + " defendant_first, date_of_birth, booked_at, narrative, subject) values (?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement photo = c.prepareStatement("insert into arrest_photo values (?, ?, ?)");
                PreparedStatement charge = c.prepareStatement("insert into charge values (?, ?, ?)");
                PreparedStatement note = c.prepareStatement("insert into charge_note values (?, ?, ?, ?)")) {
            for (RemediationWorld.Arrest a : world.arrests()) {
                // arrest numbers as people type them: lower case, with a dash
                String number = a.id() % 3 == 0 ? a.arrestNumber().substring(0, 1) + "-"
                        + a.arrestNumber().substring(1).toLowerCase(Locale.ROOT) : a.arrestNumber();
                arrest.setInt(1, a.id());
                arrest.setString(2, number);
                arrest.setString(3, a.lastName());
                arrest.setString(4, a.firstName());
                arrest.setObject(5, a.dateOfBirth());
                arrest.setObject(6, a.date().atTime(10, 11, 12));
                arrest.setString(7, a.id() % 7 == 0 ? null : "arrested for " + a.offense() + ", O'Brien's \"case\"");
                arrest.setString(8, a.id() % 11 == 0 ? null : a.lastName() + ", " + a.firstName());
                arrest.addBatch();
                for (int i = 1; i <= 2; i++) {
                    photo.setInt(1, a.id() * 10 + i);
                    photo.setInt(2, a.id());
                    photo.setBytes(3, new byte[] {(byte) a.id(), (byte) i, 0, (byte) 0xff});
                    photo.addBatch();
                    charge.setInt(1, a.id());
                    charge.setInt(2, i);
                    charge.setString(3, a.offense() + " count " + i);
                    charge.addBatch();
                    note.setInt(1, a.id() * 10 + i);
                    note.setInt(2, a.id());
                    note.setInt(3, i);
                    note.setString(4, "note on count " + i);
                    note.addBatch();
                }
            }
            arrest.executeBatch();
            photo.executeBatch();
            charge.executeBatch();
            note.executeBatch();
            c.commit();
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static final String MARIA_ARRESTS = "select arrest_id, arrest_no, defendant_last, defendant_first,"
            + " cast(date_of_birth as char), cast(booked_at as char), narrative, subject, is_sealed from arrest"
            + " order by arrest_id";
    private static final String TWIN_ARRESTS = "select arrest_id, arrest_no, defendant_last, defendant_first,"
            + " date_of_birth::text, booked_at::text, narrative, subject, is_sealed::int from arrest order by 1";
    private static final String MARIA_CHILDREN = "select concat('photo ', photo_id, ' ', arrest_id, ' ', hex(image))"
            + " from arrest_photo union all select concat('charge ', arrest_id, ' ', charge_seq, ' ', charge_text)"
            + " from charge union all select concat('note ', note_id, ' ', arrest_id, ' ', charge_seq, ' ', note)"
            + " from charge_note order by 1";
    private static final String TWIN_CHILDREN = "select concat('photo ', photo_id, ' ', arrest_id, ' ',"
            + " upper(encode(image, 'hex'))) from arrest_photo union all select concat('charge ', arrest_id, ' ',"
            + " charge_seq, ' ', charge_text) from charge union all select concat('note ', note_id, ' ', arrest_id, ' ',"
            + " charge_seq, ' ', note) from charge_note order by 1";

    @Test
    void aMariaDbTargetIsRemediatedExactlyAsItsPostgreSqlTwinAndVerifiesCompliant() throws Exception {
        Set<Integer> sealed = world.activeSealed();
        List<String> arrestsBefore = db.rows(MARIA_ARRESTS);
        List<String> childrenBefore = db.rows(MARIA_CHILDREN);
        assertThat(twinRows(TWIN_ARRESTS)).isEqualTo(arrestsBefore);
        assertThat(twinRows(TWIN_CHILDREN)).isEqualTo(childrenBefore);
        CliResult check = sealctl("targets", "check");
        assertThat(check.out()).as(check.out() + check.err()).contains("maria (").doesNotContain(" error:");

        CliResult run = sealctl("run", "remediate", "--json");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonOutput.of(run.out()).has("verdict", "COMPLIANT", "targetsFailed", 0, "targetsVerified", 2);
        List<String> arrestsAfter = db.rows(MARIA_ARRESTS);
        List<String> childrenAfter = db.rows(MARIA_CHILDREN);
        // the same values on both engines, the hashes too
        assertThat(arrestsAfter).isEqualTo(twinRows(TWIN_ARRESTS));
        assertThat(childrenAfter).isEqualTo(twinRows(TWIN_CHILDREN));

        List<String> expectedArrests = new ArrayList<>();
        for (String row : arrestsBefore) {
            String[] f = row.split("\\|", -1);
            int id = Integer.parseInt(f[0]);
            if (!sealed.contains(id)) {
                expectedArrests.add(row);
                continue;
            }
            String after = arrestsAfter.get(id - 1);
            String subject = after.split("\\|", -1)[7];
            assertThat(subject.equals("null") || subject.matches("[0-9a-f]{64}")).as(subject).isTrue();
            expectedArrests.add(String.join("|", f[0], f[1], "null", CONSTANT, f[4].substring(0, 4) + "-01-01",
                    f[5].substring(0, 4) + "-01-01 00:00:00", f[6].equals("null") ? "null" : "[SEALED]",
                    f[7].equals("null") ? "null" : subject, "1"));
        }
        assertThat(arrestsAfter).isEqualTo(expectedArrests);
        // every child of a sealed arrest is gone, every other child is as it was, byte for byte
        assertThat(childrenAfter).isEqualTo(childrenBefore.stream()
                .filter(r -> !sealed.contains(Integer.parseInt(r.split(" ")[r.startsWith("charge") ? 1 : 2]))).toList());
        assertThat(childrenAfter).hasSizeLessThan(childrenBefore.size());

        // the evidence's spot checks re-read sampled rows in both targets by their keys: every one passes
        String figures = jdbc.queryForObject("select figures::text from evidence_figures order by execution_id desc"
                + " limit 1", String.class);
        assertThat(figures).contains("\"target\": \"maria\", \"orderId\"").contains("\"passed\": true")
                .doesNotContain("\"passed\": false");
        Long copies = jdbc.queryForObject("select count(*) from vault_copy where target = 'maria'", Long.class);
        assertThat(copies).isPositive().isEqualTo(jdbc.queryForObject("select count(*) from vault_copy where target"
                + " = 'twin'", Long.class));

        CliResult again = sealctl("run", "remediate", "--json");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        JsonOutput.of(again.out()).has("verdict", "COMPLIANT");
        assertThat(db.rows(MARIA_ARRESTS)).isEqualTo(arrestsAfter);
        assertThat(db.rows(MARIA_CHILDREN)).isEqualTo(childrenAfter);
        CliResult verify = sealctl("run", "verify", "--json");
        JsonOutput.of(verify.out()).has("verdict", "COMPLIANT");
    }

    private List<String> twinRows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = twin.connect(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
