package org.sealing.mariadb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.sealing.support.RemediationWorld;

/**
 * The tables of a booking system on MariaDB (or on its PostgreSQL twin), filled from the arrests of a
 * {@link RemediationWorld}: arrests masked with every strategy and a sealed flag, their photos purged
 * through a foreign key, their charges (composite key) purged through the arrest, and the charges' notes
 * purged through the charge (a chain of two). It knows what each row must look like after remediation.
 */
final class MariaDbWorld {

    static final String CONSTANT = "SEALED UNDER CPL 160.50";

    /** The target file's tables, the same for both engines. */
    static final String TABLES = """
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

    /** The arrests, each column as text, in the same form on both engines. */
    static final String MARIA_ARRESTS = "select arrest_id, arrest_no, defendant_last, defendant_first,"
            + " cast(date_of_birth as char), cast(booked_at as char), narrative, subject, is_sealed from arrest"
            + " order by arrest_id";
    static final String TWIN_ARRESTS = "select arrest_id, arrest_no, defendant_last, defendant_first,"
            + " date_of_birth::text, booked_at::text, narrative, subject, is_sealed::int from arrest order by 1";
    /** Every row of the three purged tables, as text, in the same form on both engines. */
    static final String MARIA_CHILDREN = "select concat('photo ', photo_id, ' ', arrest_id, ' ', hex(image))"
            + " from arrest_photo union all select concat('charge ', arrest_id, ' ', charge_seq, ' ', charge_text)"
            + " from charge union all select concat('note ', note_id, ' ', arrest_id, ' ', charge_seq, ' ', note)"
            + " from charge_note order by 1";
    static final String TWIN_CHILDREN = "select concat('photo ', photo_id, ' ', arrest_id, ' ',"
            + " upper(encode(image, 'hex'))) from arrest_photo union all select concat('charge ', arrest_id, ' ',"
            + " charge_seq, ' ', charge_text) from charge union all select concat('note ', note_id, ' ', arrest_id, ' ',"
            + " charge_seq, ' ', note) from charge_note order by 1";

    private MariaDbWorld() {
    }

    /** Creates the tables in a MariaDB database (dropping any left from a test before). */
    static void createTables(TestMariaDb.Database db) throws SQLException {
        db.execute("drop table if exists charge_note", "drop table if exists charge", "drop table if exists arrest_photo",
                "drop table if exists arrest", """
                create table arrest (arrest_id int primary key, arrest_no varchar(20) not null,
                    defendant_last varchar(64), defendant_first varchar(64), date_of_birth date, booked_at datetime,
                    narrative text, subject varchar(200), is_sealed tinyint(1) not null default 0,
                    arrest_no_normalised varchar(20) as (ucase(regexp_replace(arrest_no, '(?-i)[^A-Za-z0-9]', ''))) virtual,
                    key (arrest_no_normalised))""", """
                create table arrest_photo (photo_id int primary key, arrest_id int not null, image varbinary(64),
                    foreign key (arrest_id) references arrest (arrest_id))""", """
                create table charge (arrest_id int not null, charge_seq int not null, charge_text varchar(200),
                    primary key (arrest_id, charge_seq), foreign key (arrest_id) references arrest (arrest_id))""", """
                create table charge_note (note_id int primary key, arrest_id int not null, charge_seq int not null,
                    note text, foreign key (arrest_id, charge_seq) references charge (arrest_id, charge_seq))""");
    }

    /** Creates the same tables in a PostgreSQL database. */
    static void createTwinTables(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
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
    }

    /**
     * The world's tables created afresh in {@code db}, filled with its rows, and the target file {@code maria} that
     * names them written as {@code targetFile}.
     */
    static void install(TestMariaDb.Database db, RemediationWorld world, java.nio.file.Path targetFile)
            throws SQLException, java.io.IOException {
        createTables(db);
        try (Connection m = TestMariaDb.root(db.name())) {
            fill(m, world);
        }
        java.nio.file.Files.writeString(targetFile, """
                name: maria
                connection:
                  url: %s
                  username: root
                  password: ""
                """.formatted(db.url()) + TABLES);
    }

    /** The same rows in either engine: every arrest of the world, two photos, two charges and a note per charge. */
    static void fill(Connection c, RemediationWorld world) throws SQLException {
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

    /**
     * The arrests as {@link #MARIA_ARRESTS} must read after remediation, from what they read before and
     * what they read after (only a hash cannot be told in advance: 64 hex digits where there was a value).
     */
    static List<String> expectedArrests(List<String> before, List<String> after, Set<Integer> sealed) {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            String[] f = before.get(i).split("\\|", -1);
            if (!sealed.contains(Integer.parseInt(f[0]))) {
                expected.add(before.get(i));
                continue;
            }
            String subject = after.get(i).split("\\|", -1)[7];
            boolean hashed = subject.matches("[0-9a-f]{64}");
            expected.add(String.join("|", f[0], f[1], "null", CONSTANT, f[4].substring(0, 4) + "-01-01",
                    f[5].substring(0, 4) + "-01-01 00:00:00", f[6].equals("null") ? "null" : "[SEALED]",
                    f[7].equals("null") ? "null" : hashed ? subject : "(a hash)", "1"));
        }
        return expected;
    }

    /** The rows of the purged tables that must remain: those of arrests not sealed, as they were. */
    static List<String> expectedChildren(List<String> before, Set<Integer> sealed) {
        return before.stream()
                .filter(r -> !sealed.contains(Integer.parseInt(r.split(" ")[r.startsWith("charge") ? 1 : 2]))).toList();
    }

    /** How many rows remediation changes: each sealed arrest masked, its two photos, two charges and two notes purged. */
    static int[] changed(Set<Integer> sealed) {
        return new int[] {sealed.size() * 6, sealed.size()};
    }
}
