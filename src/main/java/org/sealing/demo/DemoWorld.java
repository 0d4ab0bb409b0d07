package org.sealing.demo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.sealing.demo.DemoPopulation.Arrest;
import org.sealing.demo.DemoPopulation.Person;
import org.sealing.support.CopyText;

/**
 * The fourteen target databases of SPEC section 9, shaped like a big department's systems and
 * differing as real systems do: arrest numbers with and without dashes and in mixed case, NYSIDs with
 * and without a space, names split or combined, children that reach the arrest only through foreign
 * keys (three levels deep for mugshots and prints), copies of booking data, tables with no sealed data
 * at all, and the same people's unsealed arrests, stops and summonses beside the sealed ones. Each
 * database is dropped and created afresh, then filled with COPY.
 */
final class DemoWorld {

    private static final Logger log = LoggerFactory.getLogger(DemoWorld.class);

    /** The target databases, as the shipped {@code jobs/targets/*.yml} name them. */
    static final List<String> TARGETS = List.of("olbs", "mugshots", "fingerprints", "das", "cgd", "sqf", "fic",
            "warrants", "dd5", "casemgmt", "juvenile", "dir", "summons", "omniform");

    private final String jdbcPrefix;
    private final String user;
    private final String password;
    private final DemoPopulation population;

    DemoWorld(String jdbcPrefix, String user, String password, DemoPopulation population) {
        this.jdbcPrefix = jdbcPrefix;
        this.user = user;
        this.password = password;
        this.population = population;
    }

    static String database(String target) {
        return "demo_" + target;
    }

    /** Drops and creates every target database and fills it; returns the number of rows written. */
    long create(String adminDatabase) throws SQLException {
        try (Connection admin = connect(adminDatabase); Statement s = admin.createStatement()) {
            admin.setAutoCommit(true);
            for (String target : TARGETS) {
                s.execute("drop database if exists " + database(target) + " with (force)");
                s.execute("create database " + database(target));
            }
        }
        long rows = 0;
        for (String target : TARGETS) {
            try (Connection c = connect(database(target))) {
                c.setAutoCommit(false);
                long n = fill(target, c);
                try (Statement s = c.createStatement()) {
                    s.execute("analyze");
                }
                c.commit();
                rows += n;
                log.debug("demo: {} filled with {} rows", target, n);
            }
        }
        return rows;
    }

    private Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection(jdbcPrefix + database, p);
    }

    private long fill(String target, Connection c) throws SQLException {
        return switch (target) {
            case "olbs" -> olbs(c);
            case "mugshots" -> mugshots(c);
            case "fingerprints" -> fingerprints(c);
            case "das" -> das(c);
            case "cgd" -> cgd(c);
            case "sqf" -> sqf(c);
            case "fic" -> fic(c);
            case "warrants" -> warrants(c);
            case "dd5" -> dd5(c);
            case "casemgmt" -> casemgmt(c);
            case "juvenile" -> juvenile(c);
            case "dir" -> dir(c);
            case "summons" -> summons(c);
            case "omniform" -> omniform(c);
            default -> throw new IllegalArgumentException(target);
        };
    }

    private static void ddl(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** A number from 0 to bound - 1 fixed by an arrest and a purpose, so every system agrees. */
    private static int pick(Arrest a, int salt, int bound) {
        long x = a.seq() * 0x9E3779B97F4A7C15L + salt * 0xBF58476D1CE4E5B9L;
        x ^= x >>> 31;
        x *= 0x94D049BB133111EBL;
        x ^= x >>> 29;
        return (int) Math.floorMod(x, bound);
    }

    private static String dashed(Arrest a) {
        return a.number().charAt(0) + "-" + a.digits().substring(0, 4) + "-" + a.digits().substring(4);
    }

    private static String spaced(String nysid) {
        return nysid.substring(0, 8) + " " + nysid.charAt(8);
    }

    private static String fullName(Person p) {
        return p.last().toUpperCase(Locale.ROOT) + ", " + p.first().toUpperCase(Locale.ROOT);
    }

    private static LocalDateTime at(LocalDate date, Arrest a) {
        return LocalDateTime.of(date, LocalTime.of(pick(a, 1, 24), pick(a, 2, 60)));
    }

    /** Online Booking System: arrests (masked, sealed flag), charges (composite key), precincts (no rule). */
    private long olbs(Connection c) throws SQLException {
        ddl(c, """
                create schema booking;
                create table booking.precinct (precinct smallint primary key, name text);
                create table booking.arrest (arrest_id bigint primary key, arrest_no varchar(12) not null,
                    arrest_ts timestamp not null, precinct smallint, defendant_last text, defendant_first text,
                    date_of_birth date, nysid char(9), top_charge text, narrative text,
                    is_sealed boolean not null default false) with (fillfactor = 85);
                create table booking.arrest_charge (arrest_id bigint not null references booking.arrest,
                    charge_seq smallint not null, law_code text, charge_desc text, primary key (arrest_id, charge_seq));
                """);
        long rows = 0;
        try (CopyText copy = CopyText.start(c, "copy booking.precinct from stdin")) {
            for (int p = 1; p <= 123; p++) {
                copy.field(p).field("Precinct " + p);
                copy.endRow();
            }
            rows += copy.finish();
        }
        try (CopyText arrest = CopyText.start(c, "copy booking.arrest from stdin")) {
            for (Arrest a : population.arrests()) {
                Person p = a.person();
                arrest.field(a.seq() + 1).field(dashed(a)).field(at(a.date(), a)).field(a.precinct()).field(p.last())
                        .field(p.first()).field(p.dob()).field(p.nysid()).field(a.offense())
                        .field("Defendant arrested in the " + a.precinct() + " precinct for " + a.offense()).field(false);
                arrest.endRow();
            }
            rows += arrest.finish();
        }
        try (CopyText charge = CopyText.start(c, "copy booking.arrest_charge from stdin")) {
            for (Arrest a : population.arrests()) {
                for (int k = 1; k <= 1 + pick(a, 3, 2); k++) {
                    charge.field(a.seq() + 1).field(k).field(a.lawCode()).field(k == 1 ? a.offense() : "RESISTING ARREST");
                    charge.endRow();
                }
            }
            rows += charge.finish();
        }
        ddl(c, """
                create index on booking.arrest ((upper(regexp_replace(arrest_no, '[^A-Za-z0-9]', '', 'g'))));
                """);
        return rows;
    }

    /** Mugshots and face recognition: photo, face template, template match; all purged, three levels. */
    private long mugshots(Connection c) throws SQLException {
        ddl(c, """
                create table photo (photo_id uuid primary key, arrest_number varchar(9) not null,
                    taken_at timestamptz not null, image bytea not null);
                create table face_template (template_id bigint primary key,
                    photo_id uuid not null references photo, vector bytea);
                create table template_match (match_id bigint primary key,
                    template_id bigint not null references face_template, score real, matched_at timestamptz);
                """);
        long rows = 0;
        try (CopyText photo = CopyText.start(c, "copy photo from stdin")) {
            for (Arrest a : population.arrests()) {
                for (int k = 0; k < 1 + pick(a, 4, 2); k++) {
                    photo.field(photoId(a, k)).field(a.number().toLowerCase(Locale.ROOT))
                            .field(OffsetDateTime.of(at(a.date(), a), ZoneOffset.UTC)).field("\\x" + "ff".repeat(16));
                    photo.endRow();
                }
            }
            rows += photo.finish();
        }
        try (CopyText template = CopyText.start(c, "copy face_template from stdin")) {
            for (Arrest a : population.arrests()) {
                for (int k = 0; k < 1 + pick(a, 4, 2); k++) {
                    template.field((a.seq() + 1L) * 10 + k).field(photoId(a, k)).field("\\x0102");
                    template.endRow();
                }
            }
            rows += template.finish();
        }
        try (CopyText match = CopyText.start(c, "copy template_match from stdin")) {
            for (Arrest a : population.arrests()) {
                if (pick(a, 5, 3) == 0) {
                    match.field((a.seq() + 1L) * 10).field((a.seq() + 1L) * 10).field(0.8f)
                            .field(OffsetDateTime.of(at(a.date().plusDays(2), a), ZoneOffset.UTC));
                    match.endRow();
                }
            }
            rows += match.finish();
        }
        ddl(c, """
                create index on photo ((upper(regexp_replace(arrest_number, '[^A-Za-z0-9]', '', 'g'))));
                create index on face_template (photo_id);
                create index on template_match (template_id);
                """);
        return rows;
    }

    private static UUID photoId(Arrest a, int k) {
        return new UUID(0x5EA1L << 48 | a.seq(), k);
    }

    /** Fingerprint store: print set, card, image; all purged, three levels. */
    private long fingerprints(Connection c) throws SQLException {
        ddl(c, """
                create table print_set (set_id bigint primary key, arrest_num text not null, nysid text,
                    taken date not null);
                create table print_card (card_id bigint primary key, set_id bigint not null references print_set,
                    card_type text);
                create table print_image (image_id bigint primary key,
                    card_id bigint not null references print_card, finger smallint, wsq bytea);
                """);
        long rows = 0;
        try (CopyText set = CopyText.start(c, "copy print_set from stdin")) {
            for (Arrest a : population.arrests()) {
                set.field(a.seq() + 1).field(a.number().charAt(0) + " " + a.digits().substring(0, 4) + " "
                        + a.digits().substring(4)).field(spaced(a.person().nysid())).field(a.date());
                set.endRow();
            }
            rows += set.finish();
        }
        try (CopyText card = CopyText.start(c, "copy print_card from stdin")) {
            for (Arrest a : population.arrests()) {
                card.field(a.seq() + 1).field(a.seq() + 1).field(pick(a, 6, 2) == 0 ? "ROLLED" : "FLAT");
                card.endRow();
            }
            rows += card.finish();
        }
        try (CopyText image = CopyText.start(c, "copy print_image from stdin")) {
            for (Arrest a : population.arrests()) {
                for (int f = 1; f <= 2; f++) {
                    image.field((a.seq() + 1L) * 10 + f).field(a.seq() + 1).field(f).field("\\x00ff");
                    image.endRow();
                }
            }
            rows += image.finish();
        }
        ddl(c, """
                create index on print_set ((upper(regexp_replace(arrest_num, '[^A-Za-z0-9]', '', 'g'))));
                create index on print_card (set_id);
                create index on print_image (card_id);
                """);
        return rows;
    }

    /** Domain Awareness System: a copy of booking data (names combined), and plate reads (no rule). */
    private long das(Connection c) throws SQLException {
        ddl(c, """
                create schema das;
                create table das.booking_copy (copy_id bigint primary key, source_arrest_id bigint,
                    arrest_number text not null, subject_name text, subject_dob date, arrest_date date,
                    location text) with (fillfactor = 85);
                create table das.lpr_read (read_id bigint primary key, plate text, seen_at timestamp, camera text);
                """);
        long rows = 0;
        try (CopyText copy = CopyText.start(c, "copy das.booking_copy from stdin")) {
            for (Arrest a : population.arrests()) {
                copy.field(1_000_000L + a.seq()).field(a.seq() + 1).field(a.number()).field(fullName(a.person()))
                        .field(a.person().dob()).field(a.date()).field("PCT " + a.precinct());
                copy.endRow();
            }
            rows += copy.finish();
        }
        try (CopyText reads = CopyText.start(c, "copy das.lpr_read from stdin")) {
            for (int i = 0; i < Math.min(20_000, population.arrests().size()); i++) {
                reads.field(i + 1).field(String.format("ABC%04d", i % 10_000))
                        .field(LocalDateTime.of(2021, 1, 1, 0, 0).plusMinutes(i)).field("CAM-" + (i % 40));
                reads.endRow();
            }
            rows += reads.finish();
        }
        ddl(c, "create index on das.booking_copy ((upper(regexp_replace(arrest_number, '[^A-Za-z0-9]', '', 'g'))));");
        return rows;
    }

    /** Criminal Group Database: members (person-level, no rule) and the arrests noted against them. */
    private long cgd(Connection c) throws SQLException {
        ddl(c, """
                create schema cgd;
                create table cgd.member (member_id int primary key, nysid text, full_name text, group_name text);
                create table cgd.member_arrest (member_id int not null references cgd.member, arrest_date date not null,
                    nysid text not null, notes text, primary key (member_id, arrest_date));
                """);
        long rows = 0;
        java.util.Set<Integer> members = new java.util.TreeSet<>();
        for (Arrest a : population.arrests()) {
            if (pick(a, 7, 8) == 0) {
                members.add(a.person().id());
            }
        }
        try (CopyText member = CopyText.start(c, "copy cgd.member from stdin")) {
            for (int id : members) {
                Person p = population.people().get(id);
                member.field(id).field(p.nysid().substring(0, 8) + "-" + p.nysid().charAt(8)).field(fullName(p))
                        .field("GROUP " + (id % 37));
                member.endRow();
            }
            rows += member.finish();
        }
        try (CopyText noted = CopyText.start(c, "copy cgd.member_arrest from stdin")) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (Arrest a : population.arrests()) {
                if (members.contains(a.person().id()) && seen.add(a.person().id() + "/" + a.date())) {
                    noted.field(a.person().id()).field(a.date()).field(a.person().nysid().substring(0, 8) + "-"
                            + a.person().nysid().charAt(8)).field("Arrested with associates: " + a.offense());
                    noted.endRow();
                }
            }
            rows += noted.finish();
        }
        ddl(c, "create index on cgd.member_arrest ((upper(regexp_replace(nysid, '[^A-Za-z0-9]', '', 'g'))));");
        return rows;
    }

    /** Stop reports: the stop that led to an arrest (same day), and other stops of the same people. */
    private long sqf(Connection c) throws SQLException {
        ddl(c, """
                create table stop_report (stop_id bigint primary key, stop_datetime timestamp not null,
                    nysid varchar(12), suspect_last text, suspect_first text, precinct smallint, suspected_crime text,
                    frisked boolean, outcome text);
                """);
        long rows = 0;
        List<DemoPopulation.Stop> stops = population.stops();
        try (CopyText stop = CopyText.start(c, "copy stop_report from stdin")) {
            long id = 1;
            for (Arrest a : population.arrests()) {
                if (pick(a, 8, 10) >= 3) {
                    continue;
                }
                DemoPopulation.Stop shape = stops.get(pick(a, 9, stops.size()));
                for (int day : new int[] {0, 40}) {
                    stop.field(id++).field(at(a.date().minusDays(day), a)).field(a.person().nysid().toLowerCase(Locale.ROOT))
                            .field(a.person().last()).field(a.person().first()).field(a.precinct())
                            .field(shape.crime()).field(pick(a, 10, 2) == 0).field(day == 0 ? "ARREST" : "NO ACTION");
                    stop.endRow();
                }
            }
            rows += stop.finish();
        }
        ddl(c, "create index on stop_report ((upper(regexp_replace(nysid, '[^A-Za-z0-9]', '', 'g'))));");
        return rows;
    }

    /** Field interview cards: arrest references written by hand (spaces, dashes, lower case); no index. */
    private long fic(Connection c) throws SQLException {
        ddl(c, """
                create table interview_card (card_no varchar(20) primary key, arrest_ref varchar(15),
                    interviewee text, notes text);
                """);
        try (CopyText card = CopyText.start(c, "copy interview_card from stdin")) {
            for (Arrest a : population.arrests()) {
                if (pick(a, 11, 5) != 0) {
                    continue;
                }
                card.field("FIC-" + a.date().getYear() + "-" + String.format("%07d", a.seq()))
                        .field(a.number().substring(0, 1).toLowerCase(Locale.ROOT) + " " + a.digits().substring(0, 4)
                                + "-" + a.digits().substring(4))
                        .field(a.person().first() + " " + a.person().last()).field("Interviewed after arrest");
                card.endRow();
            }
            return card.finish();
        }
    }

    /** Warrants: found by docket (written with dashes), with their events (masked through the warrant). */
    private long warrants(Connection c) throws SQLException {
        ddl(c, """
                create table warrant (warrant_no text primary key, docket text, subject text, issued date, status text);
                create table warrant_event (event_id bigint primary key, warrant_no text not null references warrant,
                    happened timestamp, event text);
                """);
        long rows = 0;
        try (CopyText warrant = CopyText.start(c, "copy warrant from stdin")) {
            for (Arrest a : population.arrests()) {
                if (a.docket() == null || pick(a, 12, 6) != 0) {
                    continue;
                }
                warrant.field("W" + a.digits()).field(a.docket().substring(0, 4) + "-" + a.docket().substring(4, 5) + "-"
                        + a.docket().substring(5)).field(fullName(a.person())).field(a.date().plusDays(10))
                        .field("VACATED");
                warrant.endRow();
            }
            rows += warrant.finish();
        }
        try (CopyText event = CopyText.start(c, "copy warrant_event from stdin")) {
            for (Arrest a : population.arrests()) {
                if (a.docket() == null || pick(a, 12, 6) != 0) {
                    continue;
                }
                for (int k = 0; k < 2; k++) {
                    event.field((a.seq() + 1L) * 10 + k).field("W" + a.digits()).field(at(a.date().plusDays(10 + k), a))
                            .field(k == 0 ? "Issued for " + a.person().last() : "Vacated");
                    event.endRow();
                }
            }
            rows += event.finish();
        }
        ddl(c, """
                create index on warrant ((upper(regexp_replace(docket, '[^A-Za-z0-9]', '', 'g'))));
                create index on warrant_event (warrant_no);
                """);
        return rows;
    }

    /** Case follow-ups (DD5): on complaints, with the arrest number where an arrest followed. */
    private long dd5(Connection c) throws SQLException {
        ddl(c, """
                create table followup (dd5_id bigint primary key, complaint_no bigint, arrest_no text, written date,
                    narrative text);
                """);
        List<DemoPopulation.Complaint> complaints = population.complaints();
        try (CopyText followup = CopyText.start(c, "copy followup from stdin")) {
            long id = 1;
            for (Arrest a : population.arrests()) {
                if (pick(a, 13, 10) >= 3) {
                    continue;
                }
                DemoPopulation.Complaint complaint = complaints.get(pick(a, 14, complaints.size()));
                followup.field(id++).field(complaint.number()).field(a.number()).field(a.date().plusDays(3))
                        .field("Follow-up: " + complaint.offense() + "; subject " + a.person().last() + " arrested");
                followup.endRow();
                // a follow-up with no arrest at all
                followup.field(id++).field(complaint.number()).field(null).field(a.date())
                        .field("Canvass of " + complaint.premises());
                followup.endRow();
            }
            long rows = followup.finish();
            ddl(c, "create index on followup ((upper(regexp_replace(arrest_no, '[^A-Za-z0-9]', '', 'g'))));");
            return rows;
        }
    }

    /** Case management: cases by docket, their parties and the parties' documents (masked, three levels). */
    private long casemgmt(Connection c) throws SQLException {
        ddl(c, """
                create table court_case (case_id int primary key, docket_no text not null unique, court text,
                    defendant text, charges text);
                create table case_party (party_id bigint primary key, case_id int not null references court_case,
                    role text, party_name text);
                create table case_document (doc_id bigint primary key, party_id bigint not null references case_party,
                    title text not null, body text);
                """);
        long rows = 0;
        try (CopyText court = CopyText.start(c, "copy court_case from stdin")) {
            for (Arrest a : population.arrests()) {
                if (a.docket() != null) {
                    court.field(a.seq() + 1).field(a.docket()).field("Criminal Court, " + a.number().charAt(0))
                            .field(a.person().last() + ", " + a.person().first()).field(a.lawCode());
                    court.endRow();
                }
            }
            rows += court.finish();
        }
        try (CopyText party = CopyText.start(c, "copy case_party from stdin")) {
            for (Arrest a : population.arrests()) {
                if (a.docket() != null) {
                    party.field((a.seq() + 1L) * 10).field(a.seq() + 1).field("DEFENDANT").field(fullName(a.person()));
                    party.endRow();
                    party.field((a.seq() + 1L) * 10 + 1).field(a.seq() + 1).field("ARRESTING OFFICER")
                            .field("P.O. " + (a.precinct() * 37 % 9000));
                    party.endRow();
                }
            }
            rows += party.finish();
        }
        try (CopyText doc = CopyText.start(c, "copy case_document from stdin")) {
            for (Arrest a : population.arrests()) {
                if (a.docket() != null) {
                    doc.field((a.seq() + 1L) * 10).field((a.seq() + 1L) * 10).field("Complaint")
                            .field("The People against " + a.person().first() + " " + a.person().last());
                    doc.endRow();
                }
            }
            rows += doc.finish();
        }
        ddl(c, """
                create index on court_case ((upper(regexp_replace(docket_no, '[^A-Za-z0-9]', '', 'g'))));
                create index on case_party (case_id);
                create index on case_document (party_id);
                """);
        return rows;
    }

    /** Juvenile reports: arrests of people under 18, with a sealed flag of their own. */
    private long juvenile(Connection c) throws SQLException {
        ddl(c, """
                create table juvenile_report (report_id bigint primary key, arrest_number char(9) not null,
                    nysid text, youth_name text, guardian text, summary text, sealed boolean not null default false);
                """);
        try (CopyText report = CopyText.start(c, "copy juvenile_report from stdin")) {
            for (Arrest a : population.arrests()) {
                if (!a.juvenile() && pick(a, 15, 20) != 0) {
                    continue;
                }
                report.field(a.seq() + 1).field(a.number()).field(a.person().nysid())
                        .field(a.person().first() + " " + a.person().last()).field("Parent of " + a.person().first())
                        .field("Youth arrested for " + a.offense()).field(false);
                report.endRow();
            }
            long rows = report.finish();
            ddl(c, "create index on juvenile_report ((upper(regexp_replace(arrest_number, '[^A-Za-z0-9]', '', 'g'))));");
            return rows;
        }
    }

    /** Domestic incident reports: from complaint shapes, with the arrest number where there was one. */
    private long dir(Connection c) throws SQLException {
        ddl(c, """
                create table incident (dir_no text primary key, occurred timestamp, arrest_number text,
                    suspect_name text, victim_name text, narrative text);
                """);
        List<DemoPopulation.Complaint> complaints = population.complaints();
        List<Person> people = population.people();
        try (CopyText incident = CopyText.start(c, "copy incident from stdin")) {
            for (Arrest a : population.arrests()) {
                if (pick(a, 16, 10) != 0) {
                    continue;
                }
                DemoPopulation.Complaint complaint = complaints.get(pick(a, 17, complaints.size()));
                Person victim = people.get(pick(a, 18, people.size()));
                incident.field("DIR-" + a.date().getYear() + "-" + a.seq()).field(at(a.date(), a)).field(a.number())
                        .field(fullName(a.person())).field(victim.first() + " " + victim.last())
                        .field(complaint.offense() + " at " + complaint.premises());
                incident.endRow();
            }
            long rows = incident.finish();
            ddl(c, "create index on incident ((upper(regexp_replace(arrest_number, '[^A-Za-z0-9]', '', 'g'))));");
            return rows;
        }
    }

    /** Summonses: one issued at the arrest (same day, NYSID with a space), and others to the same people. */
    private long summons(Connection c) throws SQLException {
        ddl(c, """
                create table summons (summons_no text primary key, issued_date date not null, nysid varchar(12),
                    defendant text, violation text, court_date date);
                """);
        try (CopyText summons = CopyText.start(c, "copy summons from stdin")) {
            for (Arrest a : population.arrests()) {
                if (pick(a, 19, 5) != 0) {
                    continue;
                }
                for (int day : new int[] {0, 200}) {
                    summons.field("C" + a.digits() + "-" + day).field(a.date().minusDays(day))
                            .field(spaced(a.person().nysid()).toLowerCase(Locale.ROOT)).field(fullName(a.person()))
                            .field(day == 0 ? a.offense() : "OPEN CONTAINER").field(a.date().plusDays(30 - day));
                    summons.endRow();
                }
            }
            long rows = summons.finish();
            ddl(c, "create index on summons ((upper(regexp_replace(nysid, '[^A-Za-z0-9]', '', 'g'))));");
            return rows;
        }
    }

    /** Omniform / Online Complaint System: complaints (no sealed data), arrests on them, and notes. */
    private long omniform(Connection c) throws SQLException {
        ddl(c, """
                create schema omni;
                create table omni.complaint (cmplnt_num bigint primary key, reported date, offense text,
                    premises text, precinct smallint);
                create table omni.complaint_arrest (cmplnt_num bigint not null references omni.complaint,
                    seq smallint not null, arrest_no text not null, arrested_name text,
                    primary key (cmplnt_num, seq));
                create table omni.arrest_note (note_id bigint primary key, cmplnt_num bigint not null,
                    seq smallint not null, note text,
                    foreign key (cmplnt_num, seq) references omni.complaint_arrest);
                """);
        long rows = 0;
        java.util.Map<Long, Integer> nextSeq = new java.util.HashMap<>();
        try (CopyText complaint = CopyText.start(c, "copy omni.complaint from stdin")) {
            for (DemoPopulation.Complaint k : population.complaints()) {
                complaint.field(k.number()).field(k.date()).field(k.offense()).field(k.premises()).field(k.precinct());
                complaint.endRow();
            }
            rows += complaint.finish();
        }
        List<DemoPopulation.Complaint> complaints = population.complaints();
        try (CopyText arrest = CopyText.start(c, "copy omni.complaint_arrest from stdin")) {
            for (Arrest a : population.arrests()) {
                if (pick(a, 20, 10) >= 3) {
                    continue;
                }
                long number = complaints.get(pick(a, 21, complaints.size())).number();
                int seq = nextSeq.merge(number, 1, Integer::sum);
                arrest.field(number).field(seq).field(a.number().charAt(0) + "-" + a.digits()).field(fullName(a.person()));
                arrest.endRow();
            }
            rows += arrest.finish();
        }
        try (CopyText note = CopyText.start(c, "copy omni.arrest_note from stdin")) {
            long id = 1;
            for (java.util.Map.Entry<Long, Integer> e : nextSeq.entrySet()) {
                for (int seq = 1; seq <= e.getValue(); seq++) {
                    note.field(id++).field(e.getKey()).field(seq).field("Arrest made on this complaint");
                    note.endRow();
                }
            }
            rows += note.finish();
        }
        ddl(c, """
                create index on omni.complaint_arrest ((upper(regexp_replace(arrest_no, '[^A-Za-z0-9]', '', 'g'))));
                create index on omni.arrest_note (cmplnt_num, seq);
                """);
        return rows;
    }
}
