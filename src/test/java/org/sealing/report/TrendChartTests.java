package org.sealing.report;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.xmlbeans.XmlError;
import org.apache.xmlbeans.XmlOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Trend chart as Excel reads it: its XML valid against the chart schema (every required element,
 * c:grouping among them, so no repair prompt), one line per series in colours of their own and no
 * markers, the compliance rate on an axis of its own from 0 to 100%, and a first run's backlog that
 * would flatten every later run left above the scale, which the title says.
 */
class TrendChartTests {

    @Test
    void theChartOfOneRunIsValidAgainstTheSchemaWithDistinctUnmarkedSeriesAndTheRateOnItsOwnAxis() throws Exception {
        XSSFChart chart = saved(runs(1, 500, 40));

        assertThat(validationErrors(chart)).isEmpty();
        String xml = chart.getCTChartSpace().xmlText();
        assertThat(count(xml, "<c:lineChart>")).isEqualTo(2);
        assertThat(count(xml, "<c:grouping val=\"standard\"/>")).isEqualTo(2);
        assertThat(count(xml, "<c:ser>")).isEqualTo(4);
        assertThat(count(xml, "<c:symbol val=\"none\"/>")).isEqualTo(4);
        List<String> colours = new ArrayList<>();
        Matcher colour = Pattern.compile("</c:tx><c:spPr><a:ln[^>]*><a:solidFill><a:srgbClr val=\"([0-9A-Fa-f]{6})\"").matcher(xml);
        while (colour.find()) {
            colours.add(colour.group(1));
        }
        assertThat(colours).as(xml).hasSize(4).doesNotHaveDuplicates();
        assertThat(xml).contains("<c:max val=\"1.0\"/>").contains("<c:numFmt formatCode=\"yyyy-mm-dd\" sourceLinked=\"false\"/>");
        assertThat(chart.getTitleText().getString()).isEqualTo("1 run by date");
    }

    @Test
    void hundredsOfRunsAfterALargeBacklogStayOnAScaleTheyCanBeReadOn() throws Exception {
        XSSFChart chart = saved(runs(300, 250_000, 1_200));

        assertThat(validationErrors(chart)).isEmpty();
        assertThat(chart.getTitleText().getString())
                .isEqualTo("300 runs by date (the first run's backlog of 250,000 rows is above the scale)");
        // the later runs' largest volume, 1,200 rows, with room above it
        assertThat(chart.getCTChartSpace().xmlText()).contains("<c:max val=\"2000.0\"/>");
    }

    /** {@code n} runs a day apart: the first with {@code backlog} rows, the others with up to {@code later}. */
    private static List<FrozenFigures.TrendPoint> runs(int n, long backlog, long later) {
        List<FrozenFigures.TrendPoint> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long matched = i == 0 ? backlog : later - i % 7;
            runs.add(new FrozenFigures.TrendPoint(i + 1, "nightly", Instant.parse("2026-01-01T07:00:00Z")
                    .plusSeconds(86_400L * i), matched, matched - i % 3, (long) (i % 3), "COMPLIANT"));
        }
        return runs;
    }

    /** The chart of a Trend sheet of these runs, after the workbook is written and read back. */
    private static XSSFChart saved(List<FrozenFigures.TrendPoint> runs) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            XSSFSheet sheet = workbook.createSheet("Trend");
            sheet.createRow(0);
            for (int i = 0; i < runs.size(); i++) {
                FrozenFigures.TrendPoint run = runs.get(i);
                XSSFRow row = sheet.createRow(i + 1);
                row.createCell(0).setCellValue(run.runId());
                row.createCell(1).setCellValue(run.job());
                row.createCell(2).setCellValue(java.time.LocalDateTime.ofInstant(run.created(), java.time.ZoneOffset.UTC));
                row.createCell(3).setCellValue(run.matched());
                row.createCell(4).setCellValue(run.remediated());
                row.createCell(5).setCellValue(run.residual());
                row.createCell(6).setCellValue(run.complianceRate());
            }
            TrendChart.draw(sheet, runs, 9);
            workbook.write(bytes);
        }
        XSSFWorkbook read = new XSSFWorkbook(new ByteArrayInputStream(bytes.toByteArray()));
        return read.getSheet("Trend").getDrawingPatriarch().getCharts().get(0);
    }

    private static List<String> validationErrors(XSSFChart chart) {
        List<XmlError> errors = new ArrayList<>();
        XmlOptions options = new XmlOptions();
        options.setErrorListener(errors);
        chart.getCTChartSpace().validate(options);
        return errors.stream().map(XmlError::toString).toList();
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
