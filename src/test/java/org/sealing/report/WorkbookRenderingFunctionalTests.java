package org.sealing.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.RemediationWorld;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workbook as it looks and prints: numbers right-aligned under right-aligned headers, text under
 * left-aligned ones and wrapped, every time column naming its zone; every sheet landscape, fitted to the
 * page's width, its header row repeated on every page and its pages numbered; and LibreOffice, headless,
 * opening every sheet and printing the whole workbook to a PDF of a sensible number of pages.
 */
class WorkbookRenderingFunctionalTests extends FunctionalTestSupport {

    private Path workbook;

    @BeforeEach
    void run() throws Exception {
        resetControlDatabase();
        RemediationWorld world = RemediationWorld.create(400);
        emptyTargetsDirectory();
        world.writeTargets(properties().configDir());
        world.writeFeed(Files.createDirectories(properties().inbox()).resolve("court-feed-" + System.nanoTime() + ".csv"));
        CliResult run = sealctl("run", "nightly", "--json");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        workbook = Path.of(JsonOutput.of(run.out()).text("workbook"));
    }

    @Test
    void numbersAlignRightUnderTheirHeadersTimesNameTheirZoneAndEverySheetPrintsLandscapeFittedToItsWidth()
            throws Exception {
        String zone = properties().zone().getId();
        try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(workbook))) {
            for (int s = 0; s < book.getNumberOfSheets(); s++) {
                XSSFSheet sheet = book.getSheetAt(s);
                String name = sheet.getSheetName();
                assertThat(sheet.getPrintSetup().getLandscape()).as(name + " landscape").isTrue();
                assertThat(sheet.getFitToPage()).as(name + " fitted").isTrue();
                assertThat(sheet.getPrintSetup().getFitWidth()).as(name + " one page wide").isEqualTo((short) 1);
                assertThat(sheet.getPrintSetup().getFitHeight()).as(name + " as many pages tall as needed").isZero();
                assertThat(sheet.getFooter().getRight()).as(name).contains("&P").contains("&N");
                assertThat(sheet.getHeader().getLeft()).as(name).startsWith("Compliance workbook, execution ");
                if (name.equals("Summary")) {
                    continue;
                }
                assertThat(sheet.getRepeatingRows()).as(name + " repeats its header").isNotNull();
                assertThat(sheet.getRepeatingRows().getFirstRow()).isZero();
                Row header = sheet.getRow(0);
                for (Cell h : header) {
                    List<Cell> column = new ArrayList<>();
                    for (Row row : sheet) {
                        if (row.getRowNum() > 0 && row.getCell(h.getColumnIndex()) != null
                                && row.getCell(h.getColumnIndex()).getCellType() != CellType.BLANK) {
                            column.add(row.getCell(h.getColumnIndex()));
                        }
                    }
                    String where = name + " / " + h.getStringCellValue();
                    boolean numeric = !column.isEmpty() && column.stream().allMatch(c -> c.getCellType() == CellType.NUMERIC);
                    boolean text = !column.isEmpty() && column.stream().allMatch(c -> c.getCellType() == CellType.STRING);
                    if (numeric) {
                        assertThat(h.getCellStyle().getAlignment()).as(where).isEqualTo(HorizontalAlignment.RIGHT);
                        column.forEach(c -> assertThat(c.getCellStyle().getAlignment()).as(where)
                                .isEqualTo(HorizontalAlignment.RIGHT));
                    }
                    if (text) {
                        assertThat(h.getCellStyle().getAlignment()).as(where).isEqualTo(HorizontalAlignment.LEFT);
                        column.forEach(c -> assertThat(c.getCellStyle().getWrapText()).as(where).isTrue());
                    }
                    if (numeric && column.get(0).getCellStyle().getDataFormatString().contains("hh:mm")) {
                        assertThat(h.getStringCellValue()).as(where + " names its zone").endsWith("(" + zone + ")");
                    }
                    // a column at least as wide as its header's longest word
                    int longest = Stream.of(h.getStringCellValue().split(" ")).mapToInt(String::length).max().orElse(0);
                    assertThat(sheet.getColumnWidth(h.getColumnIndex()) / 256).as(where).isGreaterThanOrEqualTo(longest);
                }
            }
        }
    }

    @Test
    void libreOfficeOpensEverySheetAndPrintsTheWorkbookToAFewPages() throws Exception {
        Path soffice = Stream.of("/usr/bin/soffice", "/usr/local/bin/soffice", "/usr/bin/libreoffice")
                .map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
        if (soffice == null) {
            System.out.println("SKIPPED libreOfficeOpensEverySheetAndPrintsTheWorkbookToAFewPages: soffice is not"
                    + " installed (.ci/run installs libreoffice-calc-nogui)");
        }
        Assumptions.assumeTrue(soffice != null, "soffice is not installed");
        Path out = Files.createDirectories(workDir.resolve("converted-" + System.nanoTime()));

        String csv = convert(soffice, out, "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,"
                + "false,-1");
        String pdf = convert(soffice, out, "pdf");

        try (var files = Files.list(out)) {
            List<Path> sheets = files.filter(f -> f.toString().endsWith(".csv")).sorted().toList();
            assertThat(sheets).as(csv).hasSize(13);
            String summary = Files.readString(sheets.stream().filter(f -> f.toString().contains("Summary"))
                    .findFirst().orElseThrow());
            assertThat(summary).contains("Verdict,COMPLIANT");
        }
        Path printed = out.resolve(workbook.getFileName().toString().replace(".xlsx", ".pdf"));
        assertThat(printed).as(pdf).exists();
        String document = new String(Files.readAllBytes(printed), StandardCharsets.ISO_8859_1);
        Matcher page = Pattern.compile("/Type\\s*/Page[^s]").matcher(document);
        int pages = 0;
        while (page.find()) {
            pages++;
        }
        System.out.println("the workbook printed to " + pages + " pages");
        // thirteen sheets, the longest (Audit) a few hundred lines: a page or a few each, not hundreds
        assertThat(pages).isBetween(13, 60);
    }

    private String convert(Path soffice, Path out, String filter) throws Exception {
        Process p = new ProcessBuilder(soffice.toString(), "-env:UserInstallation=file://" + out.resolve("profile"),
                "--headless", "--convert-to", filter, "--outdir", out.toString(), workbook.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output.lines().filter(l -> l.toLowerCase().contains("error"))).as(output).isEmpty();
        return output;
    }
}
