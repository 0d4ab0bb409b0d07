package org.sealing.register;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.sealing.support.Feeds;
import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.NypdFeed;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No personal field of a feed leaves the register: not in a command's output, not in a log line, not
 * in a rejected-line record, not in Spring Batch's tables (parameters, contexts, exit messages).
 */
@ExtendWith(OutputCaptureExtension.class)
class ImportPrivacyFunctionalTests extends FunctionalTestSupport {

    @Test
    void personalFieldsOfGoodAndRejectedLinesAppearNowhereButInTheRegister(CapturedOutput logs) throws Exception {
        // given lines breaking every rule, each carrying a real-looking person, arrest and docket
        List<String[]> people = NypdFeed.people().stream().filter(p -> p[0].strip().length() >= 6
                && p[1].strip().length() >= 6).toList();
        Set<String> personal = new LinkedHashSet<>();
        List<String> lines = new ArrayList<>();
        String[][] breaks = {
            {"9", "CONVICTED"}, {"11", "160.99"}, {"1", "EXPUNGE"}, {"8", "31/12/2018"}, {"8", "2999-01-01"},
            {"10", "2001-01-01"}, {"3", "Z99999999"}, {"4", "NYSID-BAD"}, {"8", ""}, {"13", "extra"}, {"14", null},
        };
        for (int i = 0; i < 40; i++) {
            String[] p = people.get(i);
            String arrest = "q-" + String.format("%04d", 1000 + i) + " " + String.format("%04d", 2000 + i);
            String nysid = String.format("%08d", 40_000_000 + i) + " k";
            String docket = "2019KN0" + String.format("%05d", 30_000 + i);
            String[] f = {"P-" + i, "SEAL", docket, arrest, nysid, p[1].strip(), p[0].strip(), p[2].strip(),
                "2019-05-01", "DISMISSED", "2019-09-01", "160.50", ""};
            String line = String.join(",", f);
            if (i % 3 == 1) {
                String[] b = breaks[(i / 3) % breaks.length];
                int field = Integer.parseInt(b[0]);
                if (field == 13) {
                    line = line + ",extra";
                } else if (field == 14) {
                    line = line.replace(",DISMISSED", ",\"DISMISSED");
                } else {
                    f[field] = b[1];
                    line = String.join(",", f);
                }
            }
            lines.add(line);
            personal.addAll(List.of(p[0].strip(), p[1].strip(), p[2].strip(), arrest, nysid, docket,
                    "Q" + String.format("%04d", 1000 + i) + String.format("%04d", 2000 + i),
                    String.format("%08d", 40_000_000 + i) + "K"));
        }
        lines.add(lines.get(0).replace("DISMISSED", "ACQUITTED"));
        Path feed = Feeds.write(workDir, "privacy.csv", lines.toArray(new String[0]));

        // when it is imported, listed and reported
        CliResult imported = sealctl("import", feed.toString(), "--show-rejected", "100");
        CliResult json = sealctl("import", feed.toString(), "--json", "--show-rejected", "100");
        CliResult status = sealctl("status", "--json");
        CliResult missing = sealctl("import", workDir.resolve("no " + personal.iterator().next() + ".csv").toString());

        // then lines were really rejected, for many reasons
        assertThat(imported.exitCode()).isZero();
        assertThat(jdbc.queryForList("select distinct reason from feed_line where outcome = 'REJECTED'", String.class))
                .hasSizeGreaterThanOrEqualTo(10);
        assertThat(missing.exitCode()).isEqualTo(2);
        // and not one personal field is anywhere but in the register
        String everywhere = imported.out() + imported.err() + json.out() + json.err() + status.out() + status.err()
                + logs.getAll() + controlDatabaseOutsideTheRegister();
        for (String value : personal) {
            assertThat(everywhere).as("personal value %s", value).doesNotContain(value);
        }
        // while the register does hold them (the search would have found them)
        String register = String.join("\n", jdbc.queryForList("select t::text from sealing_order t", String.class));
        assertThat(register).contains(people.get(0)[1].strip(), "40000000K");
    }

    /** Every row of every table of the control database except the register, as text. */
    private String controlDatabaseOutsideTheRegister() {
        StringBuilder all = new StringBuilder();
        for (String table : jdbc.queryForList("select table_name from information_schema.tables"
                + " where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'sealing_order'",
                String.class)) {
            for (String row : jdbc.queryForList("select t::text from \"" + table + "\" t", String.class)) {
                all.append(table).append(": ").append(row).append('\n');
            }
        }
        return all.toString();
    }
}
