package org.sealing.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The people and arrests of the demo world, drawn reproducibly (one seed) from real NYPD arrests,
 * complaints and stop reports and from synthetic people (splink, Febrl). Beyond the real arrests'
 * number, arrests are repeated with new arrest keys and earlier dates, so a large world keeps the
 * real mix of boroughs, charges and precincts. About a fifth of arrests end in the accused's favour
 * and are sealed; people often have more than one arrest, so most sealed people also have arrests
 * that must never be touched.
 */
final class DemoPopulation {

    private static final DateTimeFormatter NYPD_DATE = DateTimeFormatter.ofPattern("MM/dd/yyyy");
    private static final String[] SEALING_DISPOSITIONS = {"DISMISSED", "ACQUITTED", "ACD_DISMISSED",
        "DECLINED_TO_PROSECUTE", "DISMISSED", "ACD_DISMISSED"};

    /** A synthetic person with a NYSID. */
    record Person(int id, String first, String last, LocalDate dob, String nysid) {
    }

    /** A real arrest's shape. */
    private record Template(String boro, LocalDate date, int precinct, String offense, String lawCode,
            String category, String ageGroup) {
    }

    /**
     * One arrest of the world.
     *
     * @param orderId     the order sealing it, or null when it is not sealed
     * @param effective   the order's effective date when it lies ahead, else null
     * @param unsealLater whether the court reverses the order after the first run (an order in effect)
     */
    record Arrest(int seq, String number, LocalDate date, int precinct, String offense, String lawCode,
            String category, String ageGroup, Person person, String docket, String orderId, String disposition,
            String statute, LocalDate dispositionDate, LocalDate effective, boolean unsealLater) {

        boolean sealed() {
            return orderId != null;
        }

        boolean juvenile() {
            return "<18".equals(ageGroup);
        }

        String digits() {
            return number.substring(1);
        }
    }

    /** A complaint report's shape, for the complaint and domestic-incident systems. */
    record Complaint(long number, LocalDate date, int precinct, String offense, String premises) {
    }

    /** A stop report's shape. */
    record Stop(LocalDate date, int precinct, String crime) {
    }

    private final List<Person> people = new ArrayList<>();
    private final List<Arrest> arrests = new ArrayList<>();
    private final List<Complaint> complaints = new ArrayList<>();
    private final List<Stop> stops = new ArrayList<>();

    List<Person> people() {
        return people;
    }

    List<Arrest> arrests() {
        return arrests;
    }

    List<Complaint> complaints() {
        return complaints;
    }

    List<Stop> stops() {
        return stops;
    }

    static DemoPopulation of(int arrestCount, long seed) {
        DemoPopulation population = new DemoPopulation();
        Random random = new Random(seed);
        population.loadPeople(arrestCount, random);
        List<Template> templates = templates();
        population.loadComplaints();
        population.loadStops();
        LocalDate today = LocalDate.now();
        for (int i = 0; i < arrestCount; i++) {
            Template t = templates.get(i % templates.size());
            int round = i / templates.size();
            // repeats of the real arrests go back a year a round, with keys of their own
            LocalDate date = t.date().minusYears(round).minusDays(random.nextInt(3));
            long key = 240_000_000L + i;
            String number = t.boro() + String.format("%08d", key % 100_000_000L);
            // people have one to four arrests: persons are shared by neighbouring arrests
            Person person = population.people.get((int) ((long) i * 2 / 5 % population.people.size()));
            String docket = random.nextInt(10) < 7 ? date.getYear() + t.boro() + String.format("%06d", i % 1_000_000)
                    : null;
            boolean sealed = random.nextInt(100) < 20;
            String orderId = null;
            String disposition = null;
            String statute = null;
            LocalDate dispositionDate = null;
            LocalDate effective = null;
            boolean unseal = false;
            if (sealed) {
                orderId = "DEMO-" + date.getYear() + "-" + String.format("%07d", i);
                if ("V".equals(t.category()) || "I".equals(t.category())) {
                    disposition = "VIOLATION";
                    statute = "160.55";
                } else if (date.isBefore(today.minusYears(8)) && random.nextInt(4) == 0) {
                    disposition = "CLEAN_SLATE";
                    statute = "160.57";
                } else {
                    disposition = SEALING_DISPOSITIONS[random.nextInt(SEALING_DISPOSITIONS.length)];
                    statute = "160.50";
                }
                dispositionDate = date.plusDays(20 + random.nextInt(300));
                if (dispositionDate.isAfter(today)) {
                    dispositionDate = today;
                }
                effective = random.nextInt(100) < 2 ? today.plusDays(30 + random.nextInt(60)) : null;
                // the court later reverses some of the orders in effect: a share of each statute, more of the
                // Clean Slate ones (fewer in number), so the unsealing run restores both kinds of case
                unseal = effective == null && random.nextInt(100) < ("160.57".equals(statute) ? 5 : 2);
            }
            population.arrests.add(new Arrest(i, number, date, t.precinct(), t.offense(), t.lawCode(), t.category(),
                    t.ageGroup(), person, docket, orderId, disposition, statute, dispositionDate, effective, unseal));
        }
        return population;
    }

    private void loadPeople(int arrestCount, Random random) {
        List<String[]> names = new ArrayList<>();
        for (CSVRecord r : csv("fake_20000_from_splink_demos.csv.gz")) {
            String first = r.get("first_name").strip();
            String last = r.get("surname").strip();
            String dob = r.get("dob").strip();
            if (!first.isEmpty() && !last.isEmpty() && !dob.isEmpty()) {
                names.add(new String[] {first, last, dob});
            }
        }
        for (CSVRecord r : csv("febrl_dataset3.csv.gz")) {
            String first = r.get(1).strip();
            String last = r.get(2).strip();
            String dob = r.get(9).strip();
            if (!first.isEmpty() && !last.isEmpty() && dob.matches("(19[3-9]\\d|200\\d)(0[1-9]|1[0-2])(0[1-9]|[12]\\d)")) {
                names.add(new String[] {capitalise(first), capitalise(last),
                    dob.substring(0, 4) + "-" + dob.substring(4, 6) + "-" + dob.substring(6)});
            }
        }
        int wanted = Math.max(1, arrestCount * 2 / 5 + 1);
        for (int i = 0; i < wanted; i++) {
            String[] n = names.get(i % names.size());
            LocalDate dob = LocalDate.parse(n[2]);
            if (dob.isAfter(LocalDate.now().minusYears(14))) {
                dob = dob.minusYears(30);
            }
            String nysid = String.format("%08d", 10_000_000 + (i * 7_919L + random.nextInt(7_919)) % 89_999_999L)
                    + (char) ('A' + random.nextInt(26));
            people.add(new Person(i, n[0], n[1], dob, nysid));
        }
    }

    private static List<Template> templates() {
        List<Template> templates = new ArrayList<>();
        for (String file : List.of("nypd_arrests_2017-12_full_month.csv.gz", "nypd_arrests_ytd_2021_queens_FM.csv.gz")) {
            for (CSVRecord r : csv(file)) {
                String boro = r.get("ARREST_BORO");
                if (boro.length() != 1 || "BKMQS".indexOf(boro.charAt(0)) < 0) {
                    continue;
                }
                String offense = r.get("PD_DESC").isBlank() ? r.get("OFNS_DESC") : r.get("PD_DESC");
                templates.add(new Template(boro, LocalDate.parse(r.get("ARREST_DATE"), NYPD_DATE),
                        parseInt(r.get("ARREST_PRECINCT"), 1), offense.isBlank() ? "UNCLASSIFIED" : offense,
                        r.get("LAW_CODE"), r.get("LAW_CAT_CD").isBlank() ? "M" : r.get("LAW_CAT_CD"),
                        r.get("AGE_GROUP")));
            }
        }
        return templates;
    }

    private void loadComplaints() {
        for (CSVRecord r : csv("nypd_complaints_historic_2010_sample.csv.gz")) {
            try {
                complaints.add(new Complaint(Long.parseLong(r.get(0).replace("\uFEFF", "")),
                        LocalDate.parse(r.get("RPT_DT"), NYPD_DATE), parseInt(r.get("ADDR_PCT_CD"), 1),
                        r.get("OFNS_DESC"), r.get("PREM_TYP_DESC")));
            } catch (RuntimeException e) {
                // a complaint without a usable date or number gives the demo nothing
            }
        }
    }

    private void loadStops() {
        DateTimeFormatter sqfDate = DateTimeFormatter.ofPattern("M/d/yyyy");
        for (CSVRecord r : csv("nypd_sqf_2018_full.csv.gz")) {
            try {
                stops.add(new Stop(LocalDate.parse(r.get("STOP_FRISK_DATE"), sqfDate),
                        parseInt(r.get("STOP_LOCATION_PRECINCT"), 1), r.get("SUSPECTED_CRIME_DESCRIPTION")));
            } catch (RuntimeException e) {
                // an unreadable stop is skipped
            }
        }
    }

    private static List<CSVRecord> csv(String resource) {
        try (InputStream raw = DemoPopulation.class.getResourceAsStream("/demo/" + resource)) {
            if (raw == null) {
                throw new IllegalStateException("the demo's data file " + resource + " is missing from the jar");
            }
            try (Reader in = new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8)) {
                return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true)
                        .get().parse(in).getRecords();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo's data file " + resource, e);
        }
    }

    private static int parseInt(String text, int fallback) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String capitalise(String name) {
        return name.isEmpty() ? name : name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }
}
