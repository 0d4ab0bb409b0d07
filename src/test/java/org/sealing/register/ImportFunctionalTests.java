package org.sealing.register;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.sealing.support.Feeds;
import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.NypdFeed;
import org.sealing.support.PublicData;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sealing.support.Feeds.valid;
import static org.sealing.support.Feeds.validWith;

/** {@code sealctl import} end to end: real feeds into a real register, line by line. */
class ImportFunctionalTests extends FunctionalTestSupport {

    @BeforeEach
    void emptyRegister() {
        resetControlDatabase();
    }

    @Test
    void realArrestsLandInTheRegisterExactlyAndAReimportChangesNothing() {
        // given two feeds built from real NYPD arrests, one with a BOM, both with CRLF line ends
        Path first = workDir.resolve("nypd-2017.csv");
        Path second = workDir.resolve("nypd-2021-queens.csv");
        List<NypdFeed.Expected> expected = new ArrayList<>(NypdFeed.write(
                PublicData.file("nypd_arrests/nypd_arrests_2017_sample_880.csv"), first, Integer.MAX_VALUE, true));
        expected.addAll(NypdFeed.write(PublicData.file("nypd_arrests/nypd_arrests_ytd_2021_queens_FM.csv"), second,
                Integer.MAX_VALUE, false));

        // when
        CliResult result = sealctl("import", first.toString(), second.toString(), "--json");

        // then every line is accepted and the register holds each order exactly
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonOutput.of(result.out()).has("accepted", expected.size(), "rejected", 0, "unchanged", 0);
        Map<String, Map<String, Object>> register = register();
        assertThat(register).hasSize(expected.size());
        for (NypdFeed.Expected e : expected) {
            Map<String, Object> row = register.get(e.orderId());
            assertThat(row).as(e.orderId()).isNotNull();
            assertThat(row.get("order_type")).isEqualTo("SEAL");
            assertThat(row.get("docket_number")).isEqualTo(e.docketNumber());
            assertThat(row.get("arrest_number")).isEqualTo(e.arrestNumber());
            assertThat(row.get("nysid")).isEqualTo(e.nysid());
            assertThat(row.get("last_name")).isEqualTo(e.lastName());
            assertThat(row.get("first_name")).isEqualTo(e.firstName());
            assertThat(row.get("date_of_birth")).isEqualTo(e.dateOfBirth());
            assertThat(row.get("arrest_date")).isEqualTo(e.arrestDate());
            assertThat(row.get("disposition")).isEqualTo(e.disposition());
            assertThat(row.get("disposition_date")).isEqualTo(e.dispositionDate());
            assertThat(row.get("statute")).isEqualTo(e.statute());
            assertThat(row.get("effective_date")).isEqualTo(e.effectiveDate());
            assertThat(row.get("effective_from"))
                    .isEqualTo(e.effectiveDate() != null ? e.effectiveDate() : e.dispositionDate());
        }

        // and importing the same files again reports every line unchanged and touches no order
        List<Map<String, Object>> before = jdbc.queryForList("select * from sealing_order order by order_id");
        CliResult again = sealctl("import", first.toString(), second.toString(), "--json");
        assertThat(again.exitCode()).isZero();
        JsonOutput.of(again.out()).has("accepted", 0, "unchanged", expected.size(), "updated", 0, "rejected", 0);
        assertThat(jdbc.queryForList("select * from sealing_order order by order_id")).isEqualTo(before);
    }

    static Stream<Arguments> brokenLines() {
        return Stream.of(
                Arguments.of("COLUMN_COUNT", valid("B-1", "Q12345678") + ",extra"),
                Arguments.of("COLUMN_COUNT", "B-1,SEAL,,Q12345678,,Smith"),
                Arguments.of("COLUMN_COUNT", "B-1,SEAL,\"DKT-1,Q12345678,,Smith,John,1979-04-12,2019-05-01,"
                        + "DISMISSED,2019-09-01,160.50,"),
                Arguments.of("MISSING_FIELD", validWith("B-1", "Q12345678", 8, "")),
                Arguments.of("MISSING_FIELD", validWith("B-1", "Q12345678", 11, "  ")),
                Arguments.of("MISSING_FIELD", validWith("", "Q12345678", 0, "")),
                Arguments.of("BAD_DATE", validWith("B-1", "Q12345678", 8, "05/01/2019")),
                Arguments.of("BAD_DATE", validWith("B-1", "Q12345678", 10, "2019-02-30")),
                Arguments.of("BAD_DATE", validWith("B-1", "Q12345678", 7, "1979-13-01")),
                Arguments.of("FUTURE_DATE", validWith("B-1", "Q12345678", 8, "2999-01-01")),
                Arguments.of("DATE_ORDER", validWith("B-1", "Q12345678", 10, "2019-04-30")),
                Arguments.of("BAD_ARREST_NUMBER", validWith("B-1", "X12345678", 3, "X12345678")),
                Arguments.of("BAD_ARREST_NUMBER", validWith("B-1", "Q1234567", 3, "Q-1234-567")),
                Arguments.of("BAD_NYSID", validWith("B-1", "Q12345678", 4, "1234567A")),
                Arguments.of("BAD_NYSID", validWith("B-1", "Q12345678", 4, "123456789")),
                Arguments.of("UNKNOWN_DISPOSITION", validWith("B-1", "Q12345678", 9, "CONVICTED")),
                Arguments.of("UNKNOWN_STATUTE", validWith("B-1", "Q12345678", 11, "160.60")),
                Arguments.of("UNKNOWN_ORDER_TYPE", validWith("B-1", "Q12345678", 1, "EXPUNGE")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("brokenLines")
    void aBrokenLineIsRejectedWithItsReasonAndTheLinesAroundItAreImported(String reason, String broken) {
        // given a broken line between two good ones
        Path feed = Feeds.write(workDir, "broken-" + reason + ".csv",
                valid("G-1", "K00000001"), broken, valid("G-2", "m-0000-0002"));

        // when
        CliResult result = sealctl("import", feed.toString(), "--json");

        // then
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonOutput json = JsonOutput.of(result.out()).has("accepted", 2, "rejected", 1);
        json.item("rejections", "line", 3).has("reason", reason);
        assertThat(register().keySet()).containsExactlyInAnyOrder("G-1", "G-2");
        assertThat(jdbc.queryForList("select reason from feed_line where outcome = 'REJECTED'", String.class))
                .containsExactly(reason);
        assertThat(register().get("G-2").get("arrest_number")).isEqualTo("M00000002");
    }

    @Test
    void aLineThatIsNotUtf8IsRejectedAsBadEncoding() {
        byte[] before = (Feeds.HEADER + "\r\n" + valid("G-1", "K00000001") + "\r\n").getBytes();
        byte[] bad = validWith("B-1", "Q12345678", 5, "M\u00fcller").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] after = ("\r\n" + valid("G-2", "K00000002") + "\r\n").getBytes();
        Path feed = Feeds.writeBytes(workDir, "latin1.csv", concat(before, bad, after));

        CliResult result = sealctl("import", feed.toString(), "--json");

        assertThat(result.exitCode()).isZero();
        JsonOutput json = JsonOutput.of(result.out()).has("accepted", 2);
        json.item("rejections", "line", 3).has("file", "latin1.csv", "reason", "BAD_ENCODING", "orderId", "B-1");
        assertThat(register().keySet()).containsExactlyInAnyOrder("G-1", "G-2");
    }

    @Test
    void quotingFollowsRfc4180AndAStrayQuoteCostsOnlyItsOwnLine() {
        Path feed = Feeds.write(workDir, "quoted.csv",
                "\"Q-1\",SEAL,,Q00000001,,\"O'Brien, Jr.\",\"Mary \"\"May\"\"\",1970-01-01,2019-01-01,DISMISSED,"
                        + "2019-02-01,160.50,",
                "Q-2,SEAL,,Q00000002,,\"Two\nLines\",Ann,1970-01-01,2019-01-01,DISMISSED,2019-02-01,160.50,",
                "Q-3,SEAL,,Q00000003,,\"Unclosed,Ann,1970-01-01,2019-01-01,DISMISSED,2019-02-01,160.50,",
                "",
                "Q-4,SEAL,,Q00000004,,Plain,Ann,1970-01-01,2019-01-01,DISMISSED,2019-02-01,160.50,",
                "Q-5,SEAL,,Q00000005,,Plain,Ann,1970-01-01,2019-01-01,DISMISSED,2019-02-01,160.50,");

        CliResult result = sealctl("import", feed.toString(), "--json");

        assertThat(result.exitCode()).isZero();
        JsonOutput json = JsonOutput.of(result.out()).has("accepted", 4, "rejected", 1);
        json.item("rejections", "line", 5).has("file", "quoted.csv", "reason", "COLUMN_COUNT", "orderId", "Q-3");
        Map<String, Map<String, Object>> register = register();
        assertThat(register.keySet()).containsExactlyInAnyOrder("Q-1", "Q-2", "Q-4", "Q-5");
        assertThat(register.get("Q-1").get("last_name")).isEqualTo("O'Brien, Jr.");
        assertThat(register.get("Q-1").get("first_name")).isEqualTo("Mary \"May\"");
        assertThat(register.get("Q-2").get("last_name")).isEqualTo("Two\nLines");
    }

    @Test
    void theRaggedLinesOfTheMalformedNypdExportAreRejectedAndTheRestImported() throws Exception {
        // given a feed whose name fields carry the malformed export's descriptions with their unquoted commas,
        // so that each of its lines is ragged exactly where the export's line is
        Path source = PublicData.file("nypd_arrests/nypd_arrests_2006-2021_sample_999_MALFORMED.csv");
        List<String> lines = java.nio.file.Files.readAllLines(source);
        List<String> feedLines = new ArrayList<>();
        List<Long> raggedLines = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            if (f.length != 19) {
                raggedLines.add((long) i + 1);
            }
            String key = f[0];
            String digits = String.format("%08d", Long.parseLong(key) % 100_000_000L);
            String[] date = f[1].split("/");
            String iso = date[2] + "-" + date[0] + "-" + date[1];
            String descriptions = String.join(",", java.util.Arrays.copyOfRange(f, 3, f.length - 14));
            feedLines.add(String.join(",", "M-" + key, "SEAL", "", f[f.length - 11] + digits, "", descriptions, "", iso,
                    "DISMISSED", iso, "160.50", ""));
        }
        Path feed = Feeds.write(workDir, "malformed.csv", feedLines.toArray(new String[0]));

        // when
        CliResult result = sealctl("import", feed.toString(), "--json", "--show-rejected", "1000");

        // then the 489 ragged lines are rejected by line number, the 510 others accepted
        assertThat(result.exitCode()).isZero();
        assertThat(raggedLines).hasSize(489);
        JsonOutput.of(result.out()).has("accepted", 510, "rejected", 489);
        assertThat(jdbc.queryForList("select line_no from feed_line where outcome = 'REJECTED'"
                + " and reason = 'COLUMN_COUNT' order by line_no", Long.class)).isEqualTo(raggedLines);
        assertThat(register()).hasSize(510);
    }

    @Test
    void aSecondLineOfAnOrderInOneFileIsADuplicateUnlessItIsIdentical() {
        Path feed = Feeds.write(workDir, "dupes.csv",
                valid("D-1", "S00000001"),
                validWith("D-1", "S00000001", 9, "ACQUITTED"),
                valid("D-1", "S00000001"),
                valid("D-2", "S00000002"));

        CliResult result = sealctl("import", feed.toString(), "--json");

        assertThat(result.exitCode()).isZero();
        JsonOutput json = JsonOutput.of(result.out()).has("accepted", 2, "unchanged", 1, "rejected", 1);
        json.item("rejections", "line", 3).has("reason", "DUPLICATE_IN_FILE", "orderId", "D-1");
        assertThat(register().get("D-1").get("disposition")).isEqualTo("DISMISSED");
    }

    @Test
    void aChangedOrderIsUpdatedAndAnUnsealKeepsTheCaseAndIsStored() {
        sealctl("import", Feeds.write(workDir, "day1.csv", valid("U-1", "B00000001"), valid("U-2", "B00000002"),
                validWith("U-3", "B00000003", 12, "2999-12-31")).toString());

        // a later feed changes one order's disposition, and reverses another with a bare UNSEAL line
        CliResult day2 = sealctl("import", Feeds.write(workDir, "day2.csv",
                validWith("U-1", "B00000001", 9, "ACQUITTED"),
                "U-2,UNSEAL,,,,,,,,,,,",
                "U-9,UNSEAL,,,,,,,,,,,").toString(), "--json");

        assertThat(day2.exitCode()).isZero();
        JsonOutput json = JsonOutput.of(day2.out()).has("accepted", 0, "updated", 2, "rejected", 1);
        json.item("rejections", "line", 4).has("reason", "MISSING_FIELD", "orderId", "U-9");
        Map<String, Map<String, Object>> register = register();
        assertThat(register.get("U-1").get("disposition")).isEqualTo("ACQUITTED");
        assertThat(register.get("U-2").get("order_type")).isEqualTo("UNSEAL");
        assertThat(register.get("U-2").get("arrest_number")).isEqualTo("B00000002");
        assertThat(register.get("U-2").get("disposition")).isEqualTo("DISMISSED");
        assertThat(register.get("U-3").get("effective_date")).isEqualTo(LocalDate.of(2999, 12, 31));
        assertThat(register.get("U-3").get("effective_from")).isEqualTo(LocalDate.of(2999, 12, 31));
        assertThat(jdbc.queryForList("select order_id from feed_line where outcome = 'UPDATED' order by order_id",
                String.class)).containsExactly("U-1", "U-2");
    }

    @Test
    void aFeedWithOnlyItsHeaderImportsNothingAndSucceeds() {
        CliResult result = sealctl("import", Feeds.write(workDir, "header-only.csv").toString(), "--json");

        assertThat(result.exitCode()).isZero();
        JsonOutput.of(result.out()).has("accepted", 0, "rejected", 0);
    }

    static Stream<Arguments> unreadableFiles() {
        return Stream.of(
                Arguments.of("missing", (FileMaker) dir -> dir.resolve("no-such-feed.csv"), "no such file"),
                Arguments.of("empty", (FileMaker) dir -> Feeds.writeRaw(dir, "empty.csv", ""), "is empty"),
                Arguments.of("wrong header", (FileMaker) dir -> PublicData.file(
                        "nypd_arrests/nypd_arrests_2017_sample_880.csv"), "wrong header: missing required columns"),
                Arguments.of("header missing a column", (FileMaker) dir -> Feeds.writeRaw(dir, "no-statute.csv",
                        Feeds.HEADER.replace(",statute", "") + "\n"), "missing required column statute"),
                Arguments.of("no header", (FileMaker) dir -> Feeds.writeRaw(dir, "no-header.csv",
                        valid("N-1", "Q00000001") + "\n"), "wrong header"),
                Arguments.of("binary", (FileMaker) dir -> Feeds.writeBytes(dir, "feed.csv.gz",
                        gzip((Feeds.HEADER + "\n" + valid("Z-1", "Q00000001") + "\n").getBytes())), "binary"),
                Arguments.of("UTF-16", (FileMaker) dir -> Feeds.writeBytes(dir, "utf16.csv",
                        (Feeds.HEADER + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_16)), "binary"));
    }

    interface FileMaker {
        Path make(Path dir) throws Exception;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableFiles")
    void aFileThatIsNotAFeedIsRefusedWholeAndNothingIsImported(String what, FileMaker maker, String message)
            throws Exception {
        // given a good feed, and a file that is not one
        Path good = Feeds.write(workDir, "good.csv", valid("G-1", "K00000001"));
        Path bad = maker.make(workDir);

        // when both are imported in one command
        CliResult result = sealctl("import", good.toString(), bad.toString());

        // then the command is refused, naming the file and the problem, and nothing at all is imported
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(bad.getFileName().toString(), message, "nothing was imported");
        assertThat(jdbc.queryForObject("select count(*) from sealing_order", Long.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from feed_import", Long.class)).isZero();
    }

    @Test
    void usageErrorsExitTwoBeforeAnythingRuns() {
        assertThat(sealctl("import").exitCode()).isEqualTo(2);
        assertThat(sealctl("import", "--no-such-option", "x.csv").exitCode()).isEqualTo(2);
        assertThat(sealctl("frobnicate").exitCode()).isEqualTo(2);
        assertThat(sealctl().exitCode()).isEqualTo(2);
        CliResult help = sealctl("import", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: sealctl import");
    }

    @Test
    void statusListsImportExecutionsNewestFirstWithTheirCounts() {
        sealctl("import", Feeds.write(workDir, "s1.csv", valid("S-1", "K00000001")).toString());
        sealctl("import", Feeds.write(workDir, "s2.csv", valid("S-1", "K00000001"), "bad").toString());

        CliResult status = sealctl("--json", "status", "--limit", "2");

        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).startsWith("{\"executions\":[{\"executionId\":");
        List<JsonOutput> executions = JsonOutput.of(status.out()).items("executions");
        assertThat(executions).hasSize(2);
        executions.get(0).has("job", "import", "status", "COMPLETED", "accepted", 0, "unchanged", 1, "updated", 0,
                "rejected", 1);
        executions.get(1).has("job", "import", "status", "COMPLETED", "accepted", 1, "unchanged", 0);
        CliResult text = sealctl("status");
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("import", "COMPLETED", "accepted 1, unchanged 0, updated 0, rejected 0");
    }

    private Map<String, Map<String, Object>> register() {
        Map<String, Map<String, Object>> rows = new HashMap<>();
        for (Map<String, Object> row : jdbc.queryForList("select * from sealing_order")) {
            Map<String, Object> converted = new HashMap<>(row);
            row.forEach((k, v) -> {
                if (v instanceof java.sql.Date d) {
                    converted.put(k, d.toLocalDate());
                }
            });
            rows.put((String) row.get("order_id"), converted);
        }
        return rows;
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] data) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
                gz.write(data);
            }
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
