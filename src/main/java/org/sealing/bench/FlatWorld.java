package org.sealing.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import org.sealing.support.CopyText;

/**
 * The flat world (the benchmark's first): one target database of N rows, half arrests (masked through
 * five indexed columns and a sealed flag, fillfactor 85 so that masked rows can be updated in place)
 * and half their photos (purged through a foreign key), a fifth of them belonging to sealed cases, all
 * under CPL 160.50 orders of records.
 */
final class FlatWorld implements World {

    static final String TARGET = "bench";
    private static final LocalDate BASE = LocalDate.of(2015, 1, 1);
    /** A small photograph: bytea in COPY's text form. */
    private static final String IMAGE = "\\x" + "ffd8ffe0".repeat(64);

    private final long rows;

    FlatWorld(long rows) {
        this.rows = rows;
    }

    @Override
    public String name() {
        return "flat";
    }

    @Override
    public List<String> targets() {
        return List.of(TARGET);
    }

    /** Half the world's rows are arrests, the rest their photos. */
    private long arrests() {
        return Math.max(1, rows / 2);
    }

    /** The arrests whose case is sealed: every fifth. */
    private static boolean sealed(long arrest) {
        return arrest % 5 == 0;
    }

    private static String arrestNumber(long arrest) {
        return "BKMQS".charAt((int) (arrest % 5)) + String.format("%08d", arrest);
    }

    /** The target rows that belong to sealed cases, counted from the world's rule: arrests and their photos. */
    @Override
    public long expected() {
        long arrests = arrests();
        long sealed = arrests / 5;
        for (long p = 1; p <= rows - arrests; p++) {
            if (sealed((p - 1) % arrests + 1)) {
                sealed++;
            }
        }
        return sealed;
    }

    @Override
    public long create(BenchServer server) throws java.sql.SQLException {
        String database = World.template(TARGET);
        server.recreate(database);
        long arrests = arrests();
        try (Connection c = server.connect(database)) {
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
            try (CopyText copy = CopyText.start(c, "copy bench.arrest from stdin")) {
                for (long a = 1; a <= arrests; a++) {
                    String number = arrestNumber(a);
                    copy.field(a).field(a % 2 == 0 ? number.charAt(0) + "-" + number.substring(1, 5) + "-"
                            + number.substring(5) : number.toLowerCase()).field(BASE.plusDays(a % 2000))
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
                    copy.field(a).field((a - 1) % arrests + 1).field(BASE.plusDays(a % 2000)).field("CAM-" + a % 40)
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
        return rows;
    }

    @Override
    public void register(ConfigurableApplicationContext bench, Path workDir) {
        bench.getBean(JdbcTemplate.class).execute((Connection c) -> {
            try (CopyText copy = CopyText.start(c, "copy sealing_order (order_id, order_type, arrest_number, arrest_date,"
                    + " disposition, disposition_date, statute, first_import_id, last_import_id) from stdin")) {
                for (long a = 5; a <= arrests(); a += 5) {
                    copy.field("BENCH-" + a).field("SEAL").field(arrestNumber(a)).field(BASE.plusDays(a % 2000))
                            .field("DISMISSED").field(BASE.plusDays(a % 2000 + 30)).field("160.50").field(0).field(0);
                    copy.endRow();
                }
                copy.finish();
            }
            return null;
        });
    }

    @Override
    public String targetFile(String target, BenchServer server, String database) {
        return "name: " + target + "\ndescription: the flat benchmark world\n" + World.connection(server, database) + """
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
                """;
    }
}
