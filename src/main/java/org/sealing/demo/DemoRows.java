package org.sealing.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import org.sealing.demo.DemoPopulation.Arrest;
import org.sealing.demo.DemoPopulation.Person;
import org.sealing.support.CopyText;
import org.sealing.support.RowSink;

/**
 * What the fourteen systems' rows have in common: one COPY per table over the population, the choices
 * every system derives alike from an arrest (so that they agree on who was stopped, summonsed or
 * interviewed), and the ways the systems write the same arrest number, NYSID and name differently.
 */
final class DemoRows {

    /** Writes the fields of one item's rows into the COPY. */
    @FunctionalInterface
    interface RowWriter<T> {
        void write(T item, RowSink out) throws SQLException;
    }

    private DemoRows() {
    }

    /** Streams {@code table}'s rows with COPY, one per item (ended here); returns the rows written. */
    static <T> long copy(Connection c, String table, Iterable<T> items, RowWriter<T> row) throws SQLException {
        return copyEach(c, table, items, (item, out) -> {
            row.write(item, out);
            out.endRow();
        });
    }

    /**
     * Streams {@code table}'s rows with COPY, any number per item, each ended by the writer with
     * {@link RowSink#endRow()}; returns the rows written.
     */
    static <T> long copyEach(Connection c, String table, Iterable<T> items, RowWriter<T> rows) throws SQLException {
        if (MariaDbRows.isMariaDb(c)) {
            // a target the demo places on MariaDB: multi-row inserts, MariaDB having no COPY
            try (MariaDbRows out = new MariaDbRows(c, table)) {
                for (T item : items) {
                    rows.write(item, out);
                }
                return out.finish();
            }
        }
        try (CopyText out = CopyText.start(c, "copy " + table + " from stdin")) {
            for (T item : items) {
                rows.write(item, out);
            }
            return out.finish();
        }
    }

    /** The arrests that one system holds, in the population's order. */
    static Iterable<Arrest> where(List<Arrest> arrests, Predicate<Arrest> held) {
        return () -> arrests.stream().filter(held).iterator();
    }

    /** A number from 0 to bound - 1 fixed by an arrest and a purpose, so every system agrees. */
    static int pick(Arrest a, int salt, int bound) {
        long x = a.seq() * 0x9E3779B97F4A7C15L + salt * 0xBF58476D1CE4E5B9L;
        x ^= x >>> 31;
        x *= 0x94D049BB133111EBL;
        x ^= x >>> 29;
        return (int) Math.floorMod(x, bound);
    }

    /** {@code K-1234-5678}: the arrest number as booking writes it. */
    static String dashed(Arrest a) {
        return a.number().charAt(0) + "-" + a.digits().substring(0, 4) + "-" + a.digits().substring(4);
    }

    /** {@code 12345678 A}: a NYSID with the space some systems keep before its check letter. */
    static String spaced(String nysid) {
        return nysid.substring(0, 8) + " " + nysid.charAt(8);
    }

    /** {@code 12345678-A}: a NYSID as the gang database writes it. */
    static String hyphenated(String nysid) {
        return nysid.substring(0, 8) + "-" + nysid.charAt(8);
    }

    /** {@code LAST, FIRST}: the combined name of copies and court papers. */
    static String fullName(Person p) {
        return p.last().toUpperCase(Locale.ROOT) + ", " + p.first().toUpperCase(Locale.ROOT);
    }

    /** A time of day on {@code date}, fixed by the arrest. */
    static LocalDateTime at(LocalDate date, Arrest a) {
        return LocalDateTime.of(date, LocalTime.of(pick(a, 1, 24), pick(a, 2, 60)));
    }
}
