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

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import org.sealing.demo.DemoPopulation.Arrest;

/**
 * The court feed of the demo world: a file of sealing orders for the sealed arrests, written the way
 * courts write them (arrest numbers with dashes or in lower case, NYSIDs with spaces, CRLF line ends),
 * with about one line in a hundred broken in one of the ways feeds break; and a later file in which
 * the court reverses a few orders (UNSEAL).
 */
final class DemoFeed {

    private static final String HEADER = "order_id,order_type,docket_number,arrest_number,nysid,last_name,first_name,"
            + "date_of_birth,arrest_date,disposition,disposition_date,statute,effective_date";

    private DemoFeed() {
    }

    /** What was written: the files, and the lines broken on purpose. */
    record Written(List<Path> files, int orders, int broken, int unsealed) {
    }

    static Written write(DemoPopulation population, Path inbox, String stamp) throws IOException {
        // the feed holds names and dates of birth, synthetic or not: owner-only, as a court's feed must be
        org.sealing.support.OwnerOnly.directories(inbox);
        Path seals = inbox.resolve("demo-" + stamp + "-a-orders.csv");
        Path unseals = inbox.resolve("demo-" + stamp + "-b-reversals.csv");
        for (Path feed : List.of(seals, unseals)) {
            org.sealing.support.OwnerOnly.replaceFile(feed);
        }
        int orders = 0;
        int broken = 0;
        int unsealed = 0;
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
                if (n % 97 == 0) {
                    broken++;
                    out.write(breakLine(fields, n / 97) + "\r\n");
                    continue;
                }
                csv.printRecord(fields);
                orders++;
            }
        }
        try (Writer out = Files.newBufferedWriter(unseals, StandardCharsets.UTF_8)) {
            out.write(HEADER + "\r\n");
            for (Arrest a : population.arrests()) {
                if (a.sealed() && a.unsealLater()) {
                    out.write(a.orderId() + ",UNSEAL,,,,,,,,,,,\r\n");
                    unsealed++;
                }
            }
        }
        return new Written(List.of(seals, unseals), orders, broken, unsealed);
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
