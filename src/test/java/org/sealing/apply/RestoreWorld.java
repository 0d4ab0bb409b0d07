package org.sealing.apply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sealing.support.Feeds;
import org.sealing.support.TestControlDatabase;
import org.sealing.vault.RowImage;
import org.sealing.vault.VaultStore;

/**
 * A target for restore tests: a masked table ({@code arrest}, matched by arrest number, with a sealed flag)
 * under which hangs a purge chain three levels deep with foreign keys ({@code case_file}, {@code case_entry},
 * {@code entry_note}: grandparent, parent, child; {@code case_event}, keyed by a time stamp, under the case), and {@code stop_report}, purged by NYSID and arrest date (every
 * order's arrest date is 2012-05-03). Each order
 * {@code n} has one arrest, one case, one event, two entries and four notes: nine sealed rows. Every column is one a
 * restore must bring back exactly: time stamps with microseconds, numerics with their scale, bytes, an
 * identity, a generated column, text outside ASCII.
 */
final class RestoreWorld {

    /** Sealed rows per order: the arrest, its case, an event of the case, two entries and four notes. */
    static final int ROWS_PER_ORDER = 9;

    /** The tables, each read back as text by its key: the snapshot a restore must match. */
    static final Map<String, String> TABLES = Map.of(
            "arrest", "select arrest_id, arrest_no, nysid, name, born, sealed from arrest",
            "case_file", "select case_id, arrest_id, opened, title from case_file",
            "case_entry", "select entry_id, case_id, seq, body, amount, entered from case_entry",
            "entry_note", "select entry_id || '/' || n, note, blob, note_len from entry_note",
            "case_event", "select case_id || '/' || at, what from case_event",
            "stop_report", "select stop_id, nysid, stopped, remarks from stop_report");

    private final TestControlDatabase.Database db;
    private final int orders;

    private RestoreWorld(TestControlDatabase.Database db, int orders) {
        this.db = db;
        this.orders = orders;
    }

    /** Creates the target database with {@code orders} arrests and their chains, and no stop reports. */
    static RestoreWorld create(int orders) throws SQLException {
        RestoreWorld world = new RestoreWorld(TestControlDatabase.create(), orders);
        try (Connection c = world.db.connect(); Statement s = c.createStatement()) {
            s.execute("""
                    create table arrest (arrest_id int primary key, arrest_no text not null, nysid text, name text,
                        born date, sealed boolean not null default false);
                    insert into arrest select a, 'K' || lpad(a::text, 8, '0'), lpad(a::text, 8, '0') || 'N',
                        'PERSONNAME' || a || ' ÆSIR', date '1970-01-01' + a * 37, false from generate_series(1, %1$d) a;
                    create table case_file (case_id bigint primary key, arrest_id int not null references arrest,
                        opened timestamptz, title text);
                    create index on case_file (arrest_id);
                    insert into case_file select a * 10, a, '2019-05-01 10:00:00.123456+00'::timestamptz
                        + a * interval '1 min 7 s', 'CASETITLE ' || a from generate_series(1, %1$d) a;
                    create table case_entry (entry_id int generated always as identity primary key,
                        case_id bigint not null references case_file, seq int not null, body text,
                        amount numeric(12, 2), entered timestamptz);
                    create index on case_entry (case_id);
                    insert into case_entry (case_id, seq, body, amount, entered) select a * 10, e,
                        'ENTRYBODY ' || a || '.' || e, a * 1.5 + e, '2020-02-29 23:59:59.999999+00'::timestamptz
                        - a * interval '1 h' from generate_series(1, %1$d) a, generate_series(1, 2) e order by a, e;
                    create table entry_note (entry_id int not null references case_entry, n smallint not null,
                        note text, blob bytea, note_len int generated always as (length(note)) stored,
                        primary key (entry_id, n));
                    insert into entry_note (entry_id, n, note, blob) select entry_id, n,
                        case when n = 2 and entry_id %% 7 = 0 then null else 'NOTETEXT ' || entry_id || '/' || n || ' é' end,
                        decode(lpad(to_hex(entry_id * 10 + n), 8, '0'), 'hex')
                        from case_entry, generate_series(1, 2) n;
                    create table case_event (case_id bigint not null references case_file, at timestamptz not null,
                        what text, primary key (case_id, at));
                    insert into case_event select a * 10, '2019-05-01 10:00:00.5+00'::timestamptz + a * interval '1 h',
                        'EVENTTEXT ' || a from generate_series(1, %1$d) a;
                    create table stop_report (stop_id int primary key, nysid text not null, stopped timestamptz,
                        remarks text);
                    create index on stop_report (nysid);
                    """.formatted(orders));
        }
        return world;
    }

    TestControlDatabase.Database db() {
        return db;
    }

    /** Runs statements on the target. */
    void execute(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The order id of arrest {@code n}. */
    static String order(int n) {
        return "RW-" + String.format("%05d", n);
    }

    /** The NYSID of arrest {@code n}. */
    static String nysid(int n) {
        return String.format("%08dN", n);
    }

    /** Writes and returns the feed that seals orders {@code first..last} under Clean Slate (everything sealed). */
    Path sealFeed(Path dir, String name, int first, int last) {
        List<String> lines = new ArrayList<>();
        for (int n = first; n <= last; n++) {
            lines.add(Feeds.line(order(n), "SEAL", "", String.format("K%08d", n), nysid(n), "", "", "",
                    "2012-05-03", "CLEAN_SLATE", "2023-11-16", "160.57", ""));
        }
        return Feeds.write(dir, name, lines.toArray(new String[0]));
    }

    /** Writes and returns a feed of UNSEAL lines for these orders. */
    static Path unsealFeed(Path dir, String name, List<String> orders) {
        return Feeds.write(dir, name, orders.stream().map(o -> o + ",UNSEAL,,,,,,,,,,,").toArray(String[]::new));
    }

    /** Writes the target file, named {@code restore.yml}, into the targets directory. */
    void writeTarget(Path targets) throws java.io.IOException {
        Files.writeString(targets.resolve("restore.yml"), """
                name: restore
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
                  - table: case_file
                    key: [case_id]
                    match: { via: arrest }
                    action: purge
                  - table: case_event
                    key: [case_id, at]
                    match: { via: case_file }
                    action: purge
                  - table: case_entry
                    key: [entry_id]
                    match: { via: case_file }
                    action: purge
                  - table: entry_note
                    key: [entry_id, n]
                    match: { via: case_entry }
                    action: purge
                  - table: stop_report
                    key: [stop_id]
                    match: { nysid: nysid, arrest_date: stopped }
                    action: purge
                """.formatted(binaryFirst(db.url()), db.user(), db.password() == null ? "" : db.password()));
    }

    /**
     * The target's URL with the driver receiving in binary, from a statement's first run, every type it can:
     * the restore's comparisons stay exact only because the target's sessions receive the others as text.
     */
    private static String binaryFirst(String url) {
        return url + (url.contains("?") ? "&" : "?") + "prepareThreshold=-1";
    }

    /** Every table as text, by table then key (values in the server's text form, in UTC). */
    Map<String, Map<String, String>> snapshot() throws SQLException {
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : TABLES.entrySet()) {
            rows.put(t.getKey(), db.rows(t.getValue()));
        }
        return rows;
    }

    /** The snapshot's rows of arrest {@code n}, by table ("table/key" to row). */
    static Map<String, String> rowsOf(Map<String, Map<String, String>> snapshot, int n) {
        Map<String, String> rows = new LinkedHashMap<>();
        String arrest = String.valueOf(n);
        String caseId = String.valueOf(n * 10);
        List<String> entries = new ArrayList<>();
        snapshot.get("arrest").forEach((k, v) -> {
            if (k.equals(arrest)) {
                rows.put("arrest/" + k, v);
            }
        });
        snapshot.get("case_file").forEach((k, v) -> {
            if (k.equals(caseId)) {
                rows.put("case_file/" + k, v);
            }
        });
        snapshot.get("case_event").forEach((k, v) -> {
            if (k.startsWith(caseId + "/")) {
                rows.put("case_event/" + k, v);
            }
        });
        snapshot.get("case_entry").forEach((k, v) -> {
            if (v.startsWith(caseId + "|")) {
                rows.put("case_entry/" + k, v);
                entries.add(k);
            }
        });
        snapshot.get("entry_note").forEach((k, v) -> {
            if (entries.contains(k.substring(0, k.indexOf('/')))) {
                rows.put("entry_note/" + k, v);
            }
        });
        return rows;
    }

    /** The rows of arrest {@code n} as they are now, by table ("table/key" to row). */
    Map<String, String> rowsOf(int n) throws SQLException {
        return rowsOf(snapshot(), n);
    }

    int orders() {
        return orders;
    }

    /** The vault's copies of an order, opened, as "table/key" to the row's other columns joined by '|'. */
    static Map<String, String> copiesOf(VaultStore vault, String order) throws SQLException {
        Map<String, String> copies = new LinkedHashMap<>();
        vault.copiesOf(order, opened -> {
            VaultStore.Copy copy = opened.copy();
            List<RowImage.Column> columns = copy.image().columns();
            int keys = List.of("entry_note", "case_event").contains(copy.tableName()) ? 2 : 1;
            String key = String.join("/", columns.subList(0, keys).stream().map(RowImage.Column::value).toList());
            String row = String.join("|", columns.subList(keys, columns.size()).stream()
                    .map(c -> String.valueOf(c.value())).toList());
            copies.put(copy.tableName() + "/" + key, row);
        });
        return copies;
    }
}
