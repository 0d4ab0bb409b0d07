package org.sealing.support;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * A court feed built from real NYPD arrests: each arrest becomes a sealing order whose arrest number is
 * {@code ARREST_BORO} and the last eight digits of {@code ARREST_KEY}, with synthetic people from
 * splink's fake population. Identifiers are written the ways real feeds write them (dashes, spaces,
 * lower case) and the expected register rows say what they must become.
 */
public final class NypdFeed {

    private static final DateTimeFormatter NYPD_DATE = DateTimeFormatter.ofPattern("MM/dd/yyyy");
    private static final String[] DISPOSITIONS = {"DISMISSED", "ACQUITTED", "ACD_DISMISSED", "DECLINED_TO_PROSECUTE",
        "VIOLATION", "CLEAN_SLATE"};
    private static final String[] STATUTES = {"160.50", "160.50", "160.50", "160.50", "160.55", "160.57"};

    /** What the register must hold for one line of the feed. */
    public record Expected(String orderId, String docketNumber, String arrestNumber, String nysid, String lastName,
            String firstName, LocalDate dateOfBirth, LocalDate arrestDate, String disposition,
            LocalDate dispositionDate, String statute, LocalDate effectiveDate) {
    }

    private NypdFeed() {
    }

    /** Writes the feed of up to {@code limit} arrests of an NYPD file, and returns what each line must give. */
    public static List<Expected> write(Path nypdCsv, Path feed, int limit, boolean withBom) {
        List<String[]> people = people();
        List<Expected> expected = new ArrayList<>();
        LocalDate today = LocalDate.now();
        try (Reader in = Files.newBufferedReader(nypdCsv, StandardCharsets.UTF_8);
                Writer raw = Files.newBufferedWriter(feed, StandardCharsets.UTF_8);
                CSVPrinter out = new CSVPrinter(raw, CSVFormat.RFC4180)) {
            if (withBom) {
                raw.write('\uFEFF');
            }
            out.printRecord((Object[]) Feeds.HEADER.split(","));
            int i = 0;
            for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                if (i >= limit) {
                    break;
                }
                String key = r.get("ARREST_KEY");
                String digits = key.substring(key.length() - 8);
                String boro = r.get("ARREST_BORO");
                LocalDate arrestDate = LocalDate.parse(r.get("ARREST_DATE"), NYPD_DATE);
                String[] person = people.get(i % people.size());
                String orderId = "NY-" + key;
                String arrestRaw = i % 3 == 0 ? boro.toLowerCase(Locale.ROOT) + "-" + digits.substring(0, 4) + " "
                        + digits.substring(4) : boro + digits;
                String nysidDigits = String.format("%08d", (Long.parseLong(key) * 7919L) % 100_000_000L);
                char check = (char) ('A' + (int) (Long.parseLong(key) % 26));
                String nysid = i % 4 == 0 ? null : nysidDigits + check;
                String nysidRaw = nysid == null ? "" : i % 2 == 0 ? nysidDigits + " " + check
                        : nysidDigits + Character.toLowerCase(check);
                String docket = i % 2 == 0 ? "2017NY" + digits : null;
                String disposition = DISPOSITIONS[i % DISPOSITIONS.length];
                String statute = STATUTES[i % STATUTES.length];
                LocalDate dispositionDate = arrestDate.plusDays(i % 300);
                if (dispositionDate.isAfter(today)) {
                    dispositionDate = today;
                }
                LocalDate effective = i % 10 == 0 ? dispositionDate.plusDays(30) : null;
                String lastName = person[1].strip().isEmpty() ? null : person[1].strip();
                String firstName = person[0].strip().isEmpty() ? null : person[0].strip();
                LocalDate dob = person[2].isBlank() ? null : LocalDate.parse(person[2].strip());
                out.printRecord(orderId, i % 7 == 0 ? "seal" : "SEAL", docket == null ? "" : docket, arrestRaw, nysidRaw,
                        lastName == null ? "" : person[1], firstName == null ? "" : person[0],
                        dob == null ? "" : dob.toString(), arrestDate.toString(), disposition,
                        dispositionDate.toString(), statute, effective == null ? "" : effective.toString());
                expected.add(new Expected(orderId, docket, boro + digits, nysid, lastName, firstName, dob, arrestDate,
                        disposition, dispositionDate, statute, effective));
                i++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return expected;
    }

    /** splink's synthetic people: first name, surname, date of birth. */
    public static List<String[]> people() {
        List<String[]> people = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(PublicData.file("identity_matching/splink/fake_1000_from_splink_demos.csv"),
                StandardCharsets.UTF_8)) {
            for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                if (!r.get("surname").isBlank() && !r.get("dob").isBlank()) {
                    people.add(new String[] {r.get("first_name"), r.get("surname"), r.get("dob")});
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return people;
    }
}
