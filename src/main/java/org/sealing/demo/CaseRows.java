package org.sealing.demo;

import static org.sealing.demo.DemoRows.at;
import static org.sealing.demo.DemoRows.copy;
import static org.sealing.demo.DemoRows.copyEach;
import static org.sealing.demo.DemoRows.fullName;
import static org.sealing.demo.DemoRows.pick;
import static org.sealing.demo.DemoRows.where;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.sealing.demo.DemoPopulation.Arrest;
import org.sealing.demo.DemoPopulation.Complaint;

/**
 * The rows of the systems that follow a case after the arrest, or hold the complaint that led to it:
 * warrants, case follow-ups, case management, juvenile reports and the complaint system. Most reach
 * the arrest through a docket or a complaint, some only through foreign keys. Their tables are created
 * beforehand from {@code demo/schema/<target>.sql}.
 */
final class CaseRows {

    private final List<Arrest> arrests;
    private final List<Complaint> complaints;

    CaseRows(DemoPopulation population) {
        this.arrests = population.arrests();
        this.complaints = population.complaints();
    }

    /** Warrants: found by docket (written with dashes), with their events (masked through the warrant). */
    long warrants(Connection c) throws SQLException {
        Iterable<Arrest> warranted = where(arrests, a -> a.docket() != null && pick(a, 12, 6) == 0);
        long rows = copy(c, "warrant", warranted, (a, row) -> row.field("W" + a.digits())
                .field(a.docket().substring(0, 4) + "-" + a.docket().substring(4, 5) + "-" + a.docket().substring(5))
                .field(fullName(a.person())).field(a.date().plusDays(10)).field("VACATED"));
        rows += copyEach(c, "warrant_event", warranted, (a, out) -> {
            for (int k = 0; k < 2; k++) {
                out.field((a.seq() + 1L) * 10 + k).field("W" + a.digits()).field(at(a.date().plusDays(10 + k), a))
                        .field(k == 0 ? "Issued for " + a.person().last() : "Vacated");
                out.endRow();
            }
        });
        return rows;
    }

    /** Case follow-ups (DD5): on complaints, with the arrest number where an arrest followed. */
    long dd5(Connection c) throws SQLException {
        AtomicLong id = new AtomicLong(1);
        return copyEach(c, "followup", where(arrests, a -> pick(a, 13, 10) < 3), (a, out) -> {
            Complaint complaint = complaints.get(pick(a, 14, complaints.size()));
            out.field(id.getAndIncrement()).field(complaint.number()).field(a.number()).field(a.date().plusDays(3))
                    .field("Follow-up: " + complaint.offense() + "; subject " + a.person().last() + " arrested");
            out.endRow();
            // a follow-up with no arrest at all
            out.field(id.getAndIncrement()).field(complaint.number()).field(null).field(a.date())
                    .field("Canvass of " + complaint.premises());
            out.endRow();
        });
    }

    /** Case management: cases by docket, their parties and the parties' documents (masked, three levels). */
    long casemgmt(Connection c) throws SQLException {
        Iterable<Arrest> docketed = where(arrests, a -> a.docket() != null);
        long rows = copy(c, "court_case", docketed, (a, row) -> row.field(a.seq() + 1).field(a.docket())
                .field("Criminal Court, " + a.number().charAt(0)).field(a.person().last() + ", " + a.person().first())
                .field(a.lawCode()));
        rows += copyEach(c, "case_party", docketed, (a, out) -> {
            out.field((a.seq() + 1L) * 10).field(a.seq() + 1).field("DEFENDANT").field(fullName(a.person()));
            out.endRow();
            out.field((a.seq() + 1L) * 10 + 1).field(a.seq() + 1).field("ARRESTING OFFICER")
                    .field("P.O. " + (a.precinct() * 37 % 9000));
            out.endRow();
        });
        rows += copy(c, "case_document", docketed, (a, row) -> row.field((a.seq() + 1L) * 10)
                .field((a.seq() + 1L) * 10).field("Complaint")
                .field("The People against " + a.person().first() + " " + a.person().last()));
        return rows;
    }

    /** Juvenile reports: arrests of people under 18, with a sealed flag of their own. */
    long juvenile(Connection c) throws SQLException {
        return copy(c, "juvenile_report", where(arrests, a -> a.juvenile() || pick(a, 15, 20) == 0),
                (a, row) -> row.field(a.seq() + 1).field(a.number()).field(a.person().nysid())
                        .field(a.person().first() + " " + a.person().last()).field("Parent of " + a.person().first())
                        .field("Youth arrested for " + a.offense()).field(false));
    }

    /** Omniform / Online Complaint System: complaints (no sealed data), arrests on them, and notes. */
    long omniform(Connection c) throws SQLException {
        long rows = copy(c, "omni.complaint", complaints, (k, row) -> row.field(k.number()).field(k.date())
                .field(k.offense()).field(k.premises()).field(k.precinct()));
        Map<Long, Integer> arrestsOn = new HashMap<>();
        rows += copy(c, "omni.complaint_arrest", where(arrests, a -> pick(a, 20, 10) < 3), (a, row) -> {
            long number = complaints.get(pick(a, 21, complaints.size())).number();
            int seq = arrestsOn.merge(number, 1, Integer::sum);
            row.field(number).field(seq).field(a.number().charAt(0) + "-" + a.digits()).field(fullName(a.person()));
        });
        AtomicLong id = new AtomicLong(1);
        rows += copyEach(c, "omni.arrest_note", arrestsOn.entrySet(), (e, out) -> {
            for (int seq = 1; seq <= e.getValue(); seq++) {
                out.field(id.getAndIncrement()).field(e.getKey()).field(seq).field("Arrest made on this complaint");
                out.endRow();
            }
        });
        return rows;
    }
}
