package org.sealing.demo;

import static org.sealing.demo.DemoRows.at;
import static org.sealing.demo.DemoRows.copy;
import static org.sealing.demo.DemoRows.copyEach;
import static org.sealing.demo.DemoRows.dashed;
import static org.sealing.demo.DemoRows.fullName;
import static org.sealing.demo.DemoRows.pick;
import static org.sealing.demo.DemoRows.spaced;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.IntStream;

import org.sealing.demo.DemoPopulation.Arrest;
import org.sealing.demo.DemoPopulation.Person;

/**
 * The rows of the systems that hold the booking itself and what was taken at it: the booking system,
 * mugshots, fingerprints and the Domain Awareness System's copy of booking data. Their tables are
 * created beforehand from {@code demo/schema/<target>.sql}.
 */
final class BookingRows {

    private final List<Arrest> arrests;

    BookingRows(DemoPopulation population) {
        this.arrests = population.arrests();
    }

    /** Online Booking System: arrests (masked, sealed flag), charges (composite key), precincts (no rule). */
    long olbs(Connection c) throws SQLException {
        long rows = copy(c, "booking.precinct", IntStream.rangeClosed(1, 123).boxed().toList(),
                (p, row) -> row.field(p).field("Precinct " + p));
        rows += copy(c, "booking.arrest", arrests, (a, row) -> {
            Person p = a.person();
            row.field(a.seq() + 1).field(dashed(a)).field(at(a.date(), a)).field(a.precinct()).field(p.last())
                    .field(p.first()).field(p.dob()).field(p.nysid()).field(a.offense())
                    .field("Defendant arrested in the " + a.precinct() + " precinct for " + a.offense()).field(false);
        });
        rows += copyEach(c, "booking.arrest_charge", arrests, (a, out) -> {
            for (int k = 1; k <= 1 + pick(a, 3, 2); k++) {
                out.field(a.seq() + 1).field(k).field(a.lawCode()).field(k == 1 ? a.offense() : "RESISTING ARREST");
                out.endRow();
            }
        });
        return rows;
    }

    /** Mugshots and face recognition: photo, face template, template match; all purged, three levels. */
    long mugshots(Connection c) throws SQLException {
        long rows = copyEach(c, "photo", arrests, (a, out) -> {
            for (int k = 0; k < photos(a); k++) {
                out.field(photoId(a, k)).field(a.number().toLowerCase(Locale.ROOT))
                        .field(OffsetDateTime.of(at(a.date(), a), ZoneOffset.UTC)).field("\\x" + "ff".repeat(16));
                out.endRow();
            }
        });
        rows += copyEach(c, "face_template", arrests, (a, out) -> {
            for (int k = 0; k < photos(a); k++) {
                out.field((a.seq() + 1L) * 10 + k).field(photoId(a, k)).field("\\x0102");
                out.endRow();
            }
        });
        rows += copy(c, "template_match", DemoRows.where(arrests, a -> pick(a, 5, 3) == 0),
                (a, row) -> row.field((a.seq() + 1L) * 10).field((a.seq() + 1L) * 10).field(0.8f)
                        .field(OffsetDateTime.of(at(a.date().plusDays(2), a), ZoneOffset.UTC)));
        return rows;
    }

    private static int photos(Arrest a) {
        return 1 + pick(a, 4, 2);
    }

    private static UUID photoId(Arrest a, int k) {
        return new UUID(0x5EA1L << 48 | a.seq(), k);
    }

    /** Fingerprint store: print set, card, image; all purged, three levels. */
    long fingerprints(Connection c) throws SQLException {
        long rows = copy(c, "print_set", arrests, (a, row) -> row.field(a.seq() + 1)
                .field(a.number().charAt(0) + " " + a.digits().substring(0, 4) + " " + a.digits().substring(4))
                .field(spaced(a.person().nysid())).field(a.date()));
        rows += copy(c, "print_card", arrests,
                (a, row) -> row.field(a.seq() + 1).field(a.seq() + 1).field(pick(a, 6, 2) == 0 ? "ROLLED" : "FLAT"));
        rows += copyEach(c, "print_image", arrests, (a, out) -> {
            for (int f = 1; f <= 2; f++) {
                out.field((a.seq() + 1L) * 10 + f).field(a.seq() + 1).field(f).field("\\x00ff");
                out.endRow();
            }
        });
        return rows;
    }

    /** Domain Awareness System: a copy of booking data (names combined), and plate reads (no rule). */
    long das(Connection c) throws SQLException {
        long rows = copy(c, "das.booking_copy", arrests, (a, row) -> row.field(1_000_000L + a.seq())
                .field(a.seq() + 1).field(a.number()).field(fullName(a.person())).field(a.person().dob())
                .field(a.date()).field("PCT " + a.precinct()));
        rows += copy(c, "das.lpr_read", IntStream.range(0, Math.min(20_000, arrests.size())).boxed().toList(),
                (i, row) -> row.field(i + 1).field(String.format("ABC%04d", i % 10_000))
                        .field(LocalDateTime.of(2021, 1, 1, 0, 0).plusMinutes(i)).field("CAM-" + (i % 40)));
        return rows;
    }
}
