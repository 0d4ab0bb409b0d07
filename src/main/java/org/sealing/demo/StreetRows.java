package org.sealing.demo;

import static org.sealing.demo.DemoRows.at;
import static org.sealing.demo.DemoRows.copy;
import static org.sealing.demo.DemoRows.copyEach;
import static org.sealing.demo.DemoRows.fullName;
import static org.sealing.demo.DemoRows.hyphenated;
import static org.sealing.demo.DemoRows.pick;
import static org.sealing.demo.DemoRows.spaced;
import static org.sealing.demo.DemoRows.where;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import org.sealing.demo.DemoPopulation.Arrest;
import org.sealing.demo.DemoPopulation.Complaint;
import org.sealing.demo.DemoPopulation.Person;
import org.sealing.demo.DemoPopulation.Stop;

/**
 * The rows of the systems that meet people on the street and know them by NYSID or by name rather than
 * by arrest number: the gang database, stop reports, field interview cards, summonses and domestic
 * incident reports. Beside each sealed arrest they hold the same people's other encounters, which must
 * never be touched. Their tables are created beforehand from {@code demo/schema/<target>.sql}.
 */
final class StreetRows {

    private final DemoPopulation population;
    private final List<Arrest> arrests;

    StreetRows(DemoPopulation population) {
        this.population = population;
        this.arrests = population.arrests();
    }

    /** Criminal Group Database: members (person-level, no rule) and the arrests noted against them. */
    long cgd(Connection c) throws SQLException {
        Set<Integer> members = new TreeSet<>();
        for (Arrest a : where(arrests, a -> pick(a, 7, 8) == 0)) {
            members.add(a.person().id());
        }
        long rows = copy(c, "cgd.member", members, (id, row) -> {
            Person p = population.people().get(id);
            row.field(id).field(hyphenated(p.nysid())).field(fullName(p)).field("GROUP " + (id % 37));
        });
        // the key is (member, date): a member's second arrest on one day is noted once
        Set<String> noted = new HashSet<>();
        rows += copyEach(c, "cgd.member_arrest", arrests, (a, out) -> {
            if (members.contains(a.person().id()) && noted.add(a.person().id() + "/" + a.date())) {
                out.field(a.person().id()).field(a.date()).field(hyphenated(a.person().nysid()))
                        .field("Arrested with associates: " + a.offense());
                out.endRow();
            }
        });
        return rows;
    }

    /** Stop reports: the stop that led to an arrest (same day), and other stops of the same people. */
    long sqf(Connection c) throws SQLException {
        List<Stop> stops = population.stops();
        AtomicLong id = new AtomicLong(1);
        return copyEach(c, "stop_report", where(arrests, a -> pick(a, 8, 10) < 3), (a, out) -> {
            Stop shape = stops.get(pick(a, 9, stops.size()));
            for (int day : new int[] {0, 40}) {
                out.field(id.getAndIncrement()).field(at(a.date().minusDays(day), a))
                        .field(a.person().nysid().toLowerCase(Locale.ROOT)).field(a.person().last())
                        .field(a.person().first()).field(a.precinct()).field(shape.crime()).field(pick(a, 10, 2) == 0)
                        .field(day == 0 ? "ARREST" : "NO ACTION");
                out.endRow();
            }
        });
    }

    /** Field interview cards: arrest references written by hand (spaces, dashes, lower case); no index. */
    long fic(Connection c) throws SQLException {
        return copy(c, "interview_card", where(arrests, a -> pick(a, 11, 5) == 0), (a, row) -> row
                .field("FIC-" + a.date().getYear() + "-" + String.format("%07d", a.seq()))
                .field(a.number().substring(0, 1).toLowerCase(Locale.ROOT) + " " + a.digits().substring(0, 4) + "-"
                        + a.digits().substring(4))
                .field(a.person().first() + " " + a.person().last()).field("Interviewed after arrest"));
    }

    /** Summonses: one issued at the arrest (same day, NYSID with a space), and others to the same people. */
    long summons(Connection c) throws SQLException {
        return copyEach(c, "summons", where(arrests, a -> pick(a, 19, 5) == 0), (a, out) -> {
            for (int day : new int[] {0, 200}) {
                out.field("C" + a.digits() + "-" + day).field(a.date().minusDays(day))
                        .field(spaced(a.person().nysid()).toLowerCase(Locale.ROOT)).field(fullName(a.person()))
                        .field(day == 0 ? a.offense() : "OPEN CONTAINER").field(a.date().plusDays(30 - day));
                out.endRow();
            }
        });
    }

    /** Domestic incident reports: from complaint shapes, with the arrest number where there was one. */
    long dir(Connection c) throws SQLException {
        List<Complaint> complaints = population.complaints();
        List<Person> people = population.people();
        return copy(c, "incident", where(arrests, a -> pick(a, 16, 10) == 0), (a, row) -> {
            Complaint complaint = complaints.get(pick(a, 17, complaints.size()));
            Person victim = people.get(pick(a, 18, people.size()));
            row.field("DIR-" + a.date().getYear() + "-" + a.seq()).field(at(a.date(), a)).field(a.number())
                    .field(fullName(a.person())).field(victim.first() + " " + victim.last())
                    .field(complaint.offense() + " at " + complaint.premises());
        });
    }
}
