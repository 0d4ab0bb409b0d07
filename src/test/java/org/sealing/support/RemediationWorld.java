package org.sealing.support;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * A small world of four target databases shaped unlike each other, filled from real NYPD arrests and
 * splink's synthetic people, with the court feed that seals a fifth of the arrests:
 * <ul>
 * <li>{@code booking}: arrests with arrest numbers written with dashes, spaces and in lower case
 * (masked, with a sealed flag), their photos (purged through a foreign key), their charges
 * (composite key, joined explicitly, masked), and officers (no rule);</li>
 * <li>{@code prints}: a three-level chain of purged tables (set, card, image);</li>
 * <li>{@code stops}: stop reports found by a NYSID written with a space and the arrest date (hash and
 * constant masks, no flag), with other stops of the same people on other days;</li>
 * <li>{@code cases}: case files found by docket number.</li>
 * </ul>
 * It knows which rows belong to active sealed cases, so tests can check every row.
 */
public final class RemediationWorld {

    /**
     * The test JVM's day, fixed once: two worlds built either side of midnight (an uninterrupted run and
     * its interrupted twin) write the same feed, so their registers compare equal.
     */
    private static final LocalDate TODAY = LocalDate.now();

    private static final DateTimeFormatter NYPD_DATE = DateTimeFormatter.ofPattern("MM/dd/yyyy");

    /** One arrest of the world. */
    public record Arrest(int id, String arrestNumber, LocalDate date, String offense, String nysid, String docket,
            String lastName, String firstName, LocalDate dateOfBirth, boolean sealed, String orderId) {
    }

    private final List<Arrest> arrests = new ArrayList<>();
    private final Map<String, TestControlDatabase.Database> databases = new HashMap<>();
    /** Sealed in the feed, then unsealed by a later feed. */
    private Arrest unsealed;
    /** Sealed in the feed, with an effective date in the future. */
    private Arrest notYetEffective;

    private RemediationWorld() {
    }

    /** Creates the four databases and fills them from the first {@code count} arrests of the NYPD sample. */
    public static RemediationWorld create(int count) {
        RemediationWorld world = new RemediationWorld();
        world.load(count);
        for (String name : List.of("booking", "prints", "stops", "cases")) {
            world.databases.put(name, TestControlDatabase.create());
        }
        world.fill();
        return world;
    }

    private void load(int count) {
        List<String[]> people = NypdFeed.people();
        try (Reader in = Files.newBufferedReader(PublicData.file("nypd_arrests/nypd_arrests_2017_sample_880.csv"),
                StandardCharsets.UTF_8)) {
            int i = 0;
            for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                if (i >= count) {
                    break;
                }
                String key = r.get("ARREST_KEY");
                String[] person = people.get((i * 7) % people.size());
                boolean sealed = i % 5 == 0;
                String nysid = i % 4 == 3 ? null : String.format("%08d", (Long.parseLong(key) * 31L) % 100_000_000L)
                        + (char) ('A' + i % 26);
                arrests.add(new Arrest(i + 1, r.get("ARREST_BORO") + key.substring(key.length() - 8),
                        LocalDate.parse(r.get("ARREST_DATE"), NYPD_DATE), r.get("PD_DESC"), nysid,
                        i % 2 == 0 ? "2017NY" + key.substring(key.length() - 6) : null, person[1].strip(),
                        person[0].strip(), LocalDate.parse(person[2].strip()), sealed, sealed ? "W-" + key : null));
                i++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Arrest> sealed = arrests.stream().filter(Arrest::sealed).toList();
        unsealed = sealed.get(1);
        notYetEffective = sealed.get(2);
    }

    public List<Arrest> arrests() {
        return arrests;
    }

    /** The arrests whose rows must be remediated: sealed, in effect, not unsealed. */
    public Set<Integer> activeSealed() {
        Set<Integer> ids = new LinkedHashSet<>();
        for (Arrest a : arrests) {
            if (a.sealed() && a != unsealed && a != notYetEffective) {
                ids.add(a.id());
            }
        }
        return ids;
    }

    public Arrest unsealed() {
        return unsealed;
    }

    public Arrest notYetEffective() {
        return notYetEffective;
    }

    public TestControlDatabase.Database database(String target) {
        return databases.get(target);
    }

    /** A connection to one of the world's databases (autocommit on). */
    public Connection connect(String target) throws SQLException {
        TestControlDatabase.Database db = databases.get(target);
        Properties p = new Properties();
        p.setProperty("user", db.user());
        p.setProperty("password", db.password() == null ? "" : db.password());
        return DriverManager.getConnection(db.url(), p);
    }

    /** Writes the court feed that seals the world's sealed arrests (the future one with its effective date). */
    public Path writeFeed(Path file) {
        List<String> lines = new ArrayList<>();
        for (Arrest a : arrests) {
            if (!a.sealed()) {
                continue;
            }
            String arrestRaw = a.id() % 2 == 0 ? a.arrestNumber().toLowerCase(Locale.ROOT) : a.arrestNumber();
            String effective = a == notYetEffective ? TODAY.plusDays(60).toString() : "";
            lines.add(String.join(",", a.orderId(), "SEAL", a.docket() == null ? "" : a.docket().substring(0, 4) + "-"
                    + a.docket().substring(4), arrestRaw, a.nysid() == null ? "" : a.nysid(), a.lastName(),
                    a.firstName(), a.dateOfBirth().toString(), a.date().toString(), "DISMISSED",
                    a.date().plusDays(40).isAfter(TODAY) ? TODAY.toString()
                            : a.date().plusDays(40).toString(), "160.50", effective));
        }
        return Feeds.write(file.getParent(), file.getFileName().toString(), lines.toArray(new String[0]));
    }

    /** The feed in which the court reverses one sealing order. */
    public Path writeUnsealFeed(Path file) {
        return Feeds.write(file.getParent(), file.getFileName().toString(), unsealed.orderId() + ",UNSEAL,,,,,,,,,,,");
    }

    /** Writes the four target files into {@code configDir/targets}, and nothing else is left there. */
    public void writeTargets(Path configDir) {
        try {
            Path dir = Files.createDirectories(configDir.resolve("targets"));
            // the test classes share a configuration directory: what another test left there is not this world's
            try (var old = Files.list(dir)) {
                for (Path f : old.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).toList()) {
                    Files.delete(f);
                }
            }
            Files.writeString(dir.resolve("booking.yml"), header("booking", "Online booking system") + """
                    tables:
                      - table: booking.arrest
                        key: [arrest_id]
                        match:
                          arrest_number: arrest_no
                        action: mask
                        mask:
                          defendant_last: null
                          defendant_first: null
                          date_of_birth: year-only
                          narrative: redact
                        sealed-flag: is_sealed
                      - table: booking.arrest_photo
                        key: [photo_id]
                        match:
                          via: booking.arrest
                        action: purge
                      - table: booking.charge
                        key: [arrest_id, charge_seq]
                        match:
                          via: { table: booking.arrest, on: { arrest_id: arrest_id } }
                        action: mask
                        mask: { charge_text: redact }
                    """);
            Files.writeString(dir.resolve("prints.yml"), header("prints", "Fingerprint store") + """
                    tables:
                      - table: print_image
                        key: [image_id]
                        match: { via: print_card }
                        action: purge
                      - table: print_card
                        key: card_id
                        match: { via: print_set }
                        action: purge
                      - table: print_set
                        key: [set_id]
                        match: { arrest_number: arrest_number }
                        action: purge
                    """);
            Files.writeString(dir.resolve("stops.yml"), header("stops", "Stop reports") + """
                    tables:
                      - table: public.stop_report
                        key: [report_no]
                        match:
                          nysid: nysid
                          arrest_date: stop_time
                        action: mask
                        mask:
                          subject: hash
                          narrative: "constant:SEALED UNDER CPL 160.50"
                    """);
            Files.writeString(dir.resolve("cases.yml"), header("cases", "Case management") + """
                    tables:
                      - table: case_file
                        key: [case_id]
                        match: { docket_number: docket }
                        action: mask
                        mask: { defendant: redact, notes: null }
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String header(String name, String description) {
        TestControlDatabase.Database db = databases.get(name);
        return "name: " + name + "\ndescription: " + description + "\nconnection:\n  url: " + db.url()
                + "\n  username: " + db.user() + "\n  password: \"" + (db.password() == null ? "" : db.password())
                + "\"\n";
    }

    private void fill() {
        try (Connection c = connect("booking"); Statement s = c.createStatement()) {
            s.execute("""
                    create schema booking;
                    create table booking.arrest (arrest_id bigint primary key, arrest_no varchar(20) not null,
                        arrest_date date not null, offense text, defendant_last text, defendant_first text,
                        date_of_birth date, narrative text, is_sealed boolean not null default false);
                    create index on booking.arrest ((upper(regexp_replace(arrest_no, '[^A-Za-z0-9]', '', 'g'))));
                    create table booking.arrest_photo (photo_id bigint primary key,
                        arrest_id bigint not null references booking.arrest (arrest_id), taken_at timestamp,
                        image bytea);
                    create index on booking.arrest_photo (arrest_id);
                    create table booking.charge (arrest_id bigint not null, charge_seq int not null, law_code text,
                        charge_text text, primary key (arrest_id, charge_seq));
                    create table booking.officer (officer_id int primary key, name text);
                    insert into booking.officer values (1, 'Officer One'), (2, 'Officer Two');
                    """);
            try (PreparedStatement arrest = c.prepareStatement("insert into booking.arrest values (?, ?, ?, ?, ?, ?, ?, ?, false)");
                    PreparedStatement photo = c.prepareStatement("insert into booking.arrest_photo values (?, ?, ?, ?)");
                    PreparedStatement charge = c.prepareStatement("insert into booking.charge values (?, ?, ?, ?)")) {
                for (Arrest a : arrests) {
                    String digits = a.arrestNumber().substring(1);
                    String written = switch (a.id() % 3) {
                        case 0 -> a.arrestNumber().charAt(0) + "-" + digits.substring(0, 4) + "-" + digits.substring(4);
                        case 1 -> a.arrestNumber().toLowerCase(Locale.ROOT);
                        default -> a.arrestNumber().charAt(0) + " " + digits.substring(0, 4) + " " + digits.substring(4);
                    };
                    arrest.setLong(1, a.id());
                    arrest.setString(2, written);
                    arrest.setObject(3, a.date());
                    arrest.setString(4, a.offense());
                    arrest.setString(5, a.lastName());
                    arrest.setString(6, a.firstName());
                    arrest.setObject(7, a.dateOfBirth());
                    arrest.setString(8, "Arrested on " + a.date() + " for " + a.offense());
                    arrest.addBatch();
                    for (int p = 0; p < 2; p++) {
                        photo.setLong(1, a.id() * 10L + p);
                        photo.setLong(2, a.id());
                        photo.setObject(3, LocalDateTime.of(a.date(), java.time.LocalTime.of(10, p)));
                        photo.setBytes(4, new byte[] {(byte) a.id(), (byte) p});
                        photo.addBatch();
                    }
                    for (int k = 1; k <= 1 + a.id() % 2; k++) {
                        charge.setLong(1, a.id());
                        charge.setInt(2, k);
                        charge.setString(3, "PL " + (100 + k));
                        charge.setString(4, a.offense() + " count " + k);
                        charge.addBatch();
                    }
                }
                arrest.executeBatch();
                photo.executeBatch();
                charge.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot fill booking: " + e.getMessage(), e);
        }
        try (Connection c = connect("prints"); Statement s = c.createStatement()) {
            s.execute("""
                    create table print_set (set_id bigint primary key, arrest_number text not null, captured date);
                    create table print_card (card_id bigint primary key,
                        set_id bigint not null references print_set (set_id), card_type text);
                    create index on print_card (set_id);
                    create table print_image (image_id bigint primary key,
                        card_id bigint not null references print_card (card_id), finger int, pixels bytea);
                    create index on print_image (card_id);
                    create index on print_set ((upper(regexp_replace(arrest_number, '[^A-Za-z0-9]', '', 'g'))));
                    """);
            try (PreparedStatement set = c.prepareStatement("insert into print_set values (?, ?, ?)");
                    PreparedStatement card = c.prepareStatement("insert into print_card values (?, ?, ?)");
                    PreparedStatement image = c.prepareStatement("insert into print_image values (?, ?, ?, ?)")) {
                for (Arrest a : arrests) {
                    if (a.id() % 2 != 1) {
                        continue;
                    }
                    set.setLong(1, a.id());
                    set.setString(2, a.arrestNumber());
                    set.setObject(3, a.date());
                    set.addBatch();
                    for (int k = 0; k < 2; k++) {
                        long cardId = a.id() * 10L + k;
                        card.setLong(1, cardId);
                        card.setLong(2, a.id());
                        card.setString(3, k == 0 ? "ROLLED" : "FLAT");
                        card.addBatch();
                        for (int f = 0; f < 2; f++) {
                            image.setLong(1, cardId * 10 + f);
                            image.setLong(2, cardId);
                            image.setInt(3, f + 1);
                            image.setBytes(4, new byte[] {(byte) f});
                            image.addBatch();
                        }
                    }
                }
                set.executeBatch();
                card.executeBatch();
                image.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot fill prints: " + e.getMessage(), e);
        }
        try (Connection c = connect("stops"); Statement s = c.createStatement()) {
            s.execute("""
                    create table stop_report (report_no text primary key, nysid varchar(12), stop_time timestamp,
                        subject text, narrative text, precinct int);
                    create index on stop_report ((upper(regexp_replace(nysid, '[^A-Za-z0-9]', '', 'g'))));
                    """);
            try (PreparedStatement stop = c.prepareStatement("insert into stop_report values (?, ?, ?, ?, ?, ?)")) {
                for (Arrest a : arrests) {
                    if (a.nysid() == null) {
                        continue;
                    }
                    String nysid = a.nysid().substring(0, 8) + " " + a.nysid().charAt(8);
                    for (int day : new int[] {0, 3}) {
                        stop.setString(1, "SQF-" + a.id() + "-" + day);
                        stop.setString(2, day == 0 ? nysid : a.nysid().toLowerCase(Locale.ROOT));
                        stop.setObject(3, LocalDateTime.of(a.date().plusDays(day), java.time.LocalTime.of(14, 30)));
                        stop.setString(4, a.lastName() + ", " + a.firstName());
                        stop.setString(5, "Stopped near precinct " + (a.id() % 77));
                        stop.setInt(6, a.id() % 77);
                        stop.addBatch();
                    }
                }
                stop.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot fill stops: " + e.getMessage(), e);
        }
        try (Connection c = connect("cases"); Statement s = c.createStatement()) {
            s.execute("""
                    create table case_file (case_id serial primary key, docket text, defendant text, notes text);
                    create index on case_file ((upper(regexp_replace(docket, '[^A-Za-z0-9]', '', 'g'))));
                    create table court_calendar (day date primary key, part text);
                    insert into court_calendar values ('2017-12-01', 'AP1');
                    """);
            try (PreparedStatement file = c.prepareStatement("insert into case_file (docket, defendant, notes)"
                    + " values (?, ?, ?)")) {
                for (Arrest a : arrests) {
                    if (a.docket() == null) {
                        continue;
                    }
                    file.setString(1, a.docket());
                    file.setString(2, a.lastName().toUpperCase(Locale.ROOT) + " " + a.firstName());
                    file.setString(3, a.id() % 3 == 0 ? null : "adjourned");
                    file.addBatch();
                }
                file.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot fill cases: " + e.getMessage(), e);
        }
    }

    /** Every row of every table of a target as text, counted, for before/after comparisons. */
    public Map<String, Integer> snapshot(String target) throws SQLException {
        Map<String, Integer> rows = new HashMap<>();
        try (Connection c = connect(target); Statement s = c.createStatement();
                var tables = s.executeQuery("select quote_ident(schemaname) || '.' || quote_ident(tablename)"
                        + " from pg_tables where schemaname not in ('pg_catalog', 'information_schema')")) {
            List<String> names = new ArrayList<>();
            while (tables.next()) {
                names.add(tables.getString(1));
            }
            for (String table : names) {
                try (Statement q = c.createStatement(); var rs = q.executeQuery("select t::text from " + table + " t")) {
                    while (rs.next()) {
                        rows.merge(table + " " + rs.getString(1), 1, Integer::sum);
                    }
                }
            }
        }
        return rows;
    }
}
