package org.sealing.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Properties;

import org.sealing.support.CopyText;

/**
 * The benchmark's world (SPEC section 10): one target database of N rows, half arrests (masked, with
 * a sealed flag, fillfactor 85 so that masked rows can be updated in place) and half their photos
 * (purged through a foreign key), a fifth of them belonging to sealed cases; and the sealing orders
 * of those cases. Copies of it are made with {@code CREATE DATABASE ... TEMPLATE}, so every contender
 * starts from the same bytes.
 */
final class BenchWorld {

    static final String TEMPLATE = "bench_world";
    /** A small photograph: bytea in COPY's text form. */
    private static final String IMAGE = "\\x" + "ffd8ffe0".repeat(64);

    private final String jdbcPrefix;
    private final String user;
    private final String password;

    BenchWorld(String jdbcPrefix, String user, String password) {
        this.jdbcPrefix = jdbcPrefix;
        this.user = user;
        this.password = password;
    }

    Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("reWriteBatchedInserts", "true");
        return DriverManager.getConnection(jdbcPrefix + database, p);
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    String url(String database) {
        return jdbcPrefix + database;
    }

    /** The arrests whose case is sealed: every fifth. */
    static boolean sealed(long arrest) {
        return arrest % 5 == 0;
    }

    static String arrestNumber(long arrest) {
        return "BKMQS".charAt((int) (arrest % 5)) + String.format("%08d", arrest);
    }

    /** Creates the template database with {@code rows} target rows. */
    void create(String adminDatabase, long rows) throws SQLException {
        long arrests = Math.max(1, rows / 2);
        try (Connection admin = connect(adminDatabase); Statement s = admin.createStatement()) {
            s.execute("drop database if exists " + TEMPLATE + " with (force)");
            s.execute("create database " + TEMPLATE);
        }
        try (Connection c = connect(TEMPLATE)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("""
                        create schema bench;
                        create table bench.arrest (arrest_id bigint primary key, arrest_no text not null,
                            arrest_date date not null, precinct smallint, last_name text, first_name text,
                            date_of_birth date, nysid text, top_charge text, narrative text,
                            is_sealed boolean not null default false) with (fillfactor = 85);
                        create table bench.photo (photo_id bigint primary key,
                            arrest_id bigint not null references bench.arrest, taken date, camera text, image bytea);
                        """);
            }
            LocalDate base = LocalDate.of(2015, 1, 1);
            try (CopyText copy = CopyText.start(c, "copy bench.arrest from stdin")) {
                for (long a = 1; a <= arrests; a++) {
                    String number = arrestNumber(a);
                    copy.field(a).field(a % 2 == 0 ? number.charAt(0) + "-" + number.substring(1, 5) + "-"
                            + number.substring(5) : number.toLowerCase()).field(base.plusDays(a % 2000))
                            .field(1 + a % 123).field("Last" + (a % 9973)).field("First" + (a % 997))
                            .field(LocalDate.of(1960 + (int) (a % 40), 1 + (int) (a % 12), 1 + (int) (a % 28)))
                            .field(String.format("%08d%c", a * 7 % 100_000_000, (char) ('A' + a % 26)))
                            .field("PL 155.25 PETIT LARCENY")
                            .field("Defendant observed by the arresting officer at the location of occurrence; arrest "
                                    + a + " processed at the precinct and the property vouchered.")
                            .field(false);
                    copy.endRow();
                }
                copy.finish();
            }
            try (CopyText copy = CopyText.start(c, "copy bench.photo from stdin")) {
                for (long a = 1; a <= rows - arrests; a++) {
                    copy.field(a).field((a - 1) % arrests + 1).field(base.plusDays(a % 2000)).field("CAM-" + a % 40)
                            .field(IMAGE);
                    copy.endRow();
                }
                copy.finish();
            }
            try (Statement s = c.createStatement()) {
                s.execute("create index on bench.arrest ((upper(regexp_replace(arrest_no, '[^A-Za-z0-9]', '', 'g'))))");
                s.execute("create index on bench.photo (arrest_id)");
                // a booking system is searched by name, date of birth, date and NYSID: the updates pay for these
                s.execute("create index on bench.arrest (last_name, first_name)");
                s.execute("create index on bench.arrest (date_of_birth)");
                s.execute("create index on bench.arrest (arrest_date, precinct)");
                s.execute("create index on bench.arrest (nysid)");
                s.execute("create index on bench.photo (taken)");
                s.execute("analyze");
            }
            c.commit();
        }
    }

    /** A fresh copy of the template for one contender. */
    void copy(String adminDatabase, String database) throws SQLException {
        try (Connection admin = connect(adminDatabase); Statement s = admin.createStatement()) {
            s.execute("drop database if exists " + database + " with (force)");
            // a file copy writes no WAL, and the checkpoint after it gives every contender the same clean start
            s.execute("create database " + database + " template " + TEMPLATE + " strategy = file_copy");
            try {
                s.execute("checkpoint");
            } catch (SQLException e) {
                // only a superuser may ask for a checkpoint; the measurement is then a little noisier
            }
        }
    }

    void drop(String adminDatabase, String database) throws SQLException {
        try (Connection admin = connect(adminDatabase); Statement s = admin.createStatement()) {
            s.execute("drop database if exists " + database + " with (force)");
        }
    }

    /** The target file of a copy, as the product reads it. */
    String targetFile(String name, String database) {
        return """
                name: %s
                description: benchmark copy
                connection:
                  url: %s
                  username: %s
                  password: "%s"
                tables:
                  - table: bench.arrest
                    key: [arrest_id]
                    match: { arrest_number: arrest_no }
                    action: mask
                    mask: { last_name: null, first_name: null, date_of_birth: year-only, narrative: redact }
                    sealed-flag: is_sealed
                  - table: bench.photo
                    key: [photo_id]
                    match: { via: bench.arrest }
                    action: purge
                """.formatted(name, url(database), user, password == null ? "" : password);
    }
}
