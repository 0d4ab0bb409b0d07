package org.sealing.demo;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import org.sealing.demo.DemoPopulation.Arrest;

/**
 * The court feeds of the demo world: a file of sealing orders for the sealed arrests, written the way
 * courts write them (arrest numbers with dashes or in lower case, NYSIDs with spaces, CRLF line ends),
 * with about one line in a hundred broken in one of the ways feeds break; and, for after the first run,
 * a file in which the court reverses a share of the orders that run carried out (UNSEAL lines).
 */
final class DemoFeed {

    private static final String HEADER = "order_id,order_type,docket_number,arrest_number,nysid,last_name,first_name,"
            + "date_of_birth,arrest_date,disposition,disposition_date,statute,effective_date";

    /** One sealed arrest's line in a hundred (every 97th) is broken on purpose. */
    private static final int BROKEN_EVERY = 97;

    private DemoFeed() {
    }

    /** What was written: the file, the orders in it, and the lines broken on purpose. */
    record Written(Path file, int orders, int broken) {
    }

    /** The reversals written: the file and the orders unsealed, by statute (in the order of the file). */
    record Reversals(Path file, Map<String, List<String>> byStatute) {
    }

    static Written write(DemoPopulation population, Path inbox, String stamp) throws IOException {
        Path seals = create(inbox, "demo-" + stamp + "-orders.csv");
        int orders = 0;
        int broken = 0;
        try (Writer out = Files.newBufferedWriter(seals, StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180)) {
            out.write(HEADER + "\r\n");
            int n = 0;
            for (Arrest a : population.arrests()) {
                if (!a.sealed()) {
                    continue;
                }
                n++;
                List<String> fields = fields(a, n);
                if (n % BROKEN_EVERY == 0) {
                    broken++;
                    out.write(breakLine(fields, n / BROKEN_EVERY) + "\r\n");
                    continue;
                }
                csv.printRecord(fields);
                orders++;
            }
        }
        return new Written(seals, orders, broken);
    }

    /**
     * The court's reversals: an UNSEAL line for each order the court reverses after the first run, of those
     * the first feed carried whole (a broken line's order never reached the register) and already in effect.
     */
    static Reversals writeReversals(DemoPopulation population, Path inbox, String stamp) throws IOException {
        Path unseals = create(inbox, "demo-" + stamp + "-unsealing.csv");
        Map<String, List<String>> byStatute = new TreeMap<>();
        try (Writer out = Files.newBufferedWriter(unseals, StandardCharsets.UTF_8)) {
            out.write(HEADER + "\r\n");
            int n = 0;
            for (Arrest a : population.arrests()) {
                if (!a.sealed()) {
                    continue;
                }
                n++;
                if (a.unsealLater() && n % BROKEN_EVERY != 0 && a.effective() == null) {
                    out.write(a.orderId() + ",UNSEAL,,,,,,,,,,,\r\n");
                    byStatute.computeIfAbsent(a.statute(), s -> new ArrayList<>()).add(a.orderId());
                }
            }
        }
        return new Reversals(unseals, byStatute);
    }

    /** An owner-only file in the inbox: a feed holds names and dates of birth, synthetic or not. */
    private static Path create(Path inbox, String name) throws IOException {
        org.sealing.support.OwnerOnly.directories(inbox);
        Path file = inbox.resolve(name);
        org.sealing.support.OwnerOnly.replaceFile(file);
        return file;
    }

    private static List<String> fields(Arrest a, int n) {
        String number = switch (n % 3) {
            case 0 -> a.number().charAt(0) + "-" + a.digits().substring(0, 4) + "-" + a.digits().substring(4);
            case 1 -> a.number().toLowerCase(Locale.ROOT);
            default -> a.number();
        };
        String nysid = a.person().nysid();
        List<String> f = new ArrayList<>();
        f.add(a.orderId());
        f.add("SEAL");
        f.add(a.docket() == null ? "" : a.docket());
        f.add(number);
        f.add(n % 4 == 0 ? "" : n % 2 == 0 ? nysid.substring(0, 8) + " " + nysid.charAt(8) : nysid);
        f.add(a.person().last());
        f.add(a.person().first());
        f.add(a.person().dob().toString());
        f.add(a.date().toString());
        f.add(a.disposition());
        f.add(a.dispositionDate().toString());
        f.add(a.statute());
        f.add(a.effective() == null ? "" : a.effective().toString());
        return f;
    }

    /** The ways feed lines break, one after another. */
    private static String breakLine(List<String> f, int which) {
        List<String> b = new ArrayList<>(f);
        switch (which % 7) {
            case 0 -> b.set(8, LocalDate.parse(f.get(8)).format(java.time.format.DateTimeFormatter.ofPattern("MM/dd/yyyy")));
            case 1 -> b.set(3, "X" + f.get(3).substring(1));
            case 2 -> b.set(9, "CONVICTED");
            case 3 -> b.set(10, "");
            case 4 -> b.set(8, LocalDate.now().plusYears(1).toString());
            case 5 -> b.set(11, "160.99");
            default -> {
                // an unquoted comma in a name: the line has one field too many
                b.set(5, f.get(5) + ", Jr.");
                return String.join(",", b);
            }
        }
        return String.join(",", b);
    }
}
