package org.sealing.report;

import java.util.List;

import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xddf.usermodel.PresetLineDash;
import org.apache.poi.xddf.usermodel.XDDFColor;
import org.apache.poi.xddf.usermodel.XDDFLineProperties;
import org.apache.poi.xddf.usermodel.XDDFPresetLineDash;
import org.apache.poi.xddf.usermodel.XDDFShapeProperties;
import org.apache.poi.xddf.usermodel.XDDFSolidFillProperties;
import org.apache.poi.xddf.usermodel.chart.AxisCrossBetween;
import org.apache.poi.xddf.usermodel.chart.AxisCrosses;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.Grouping;
import org.apache.poi.xddf.usermodel.chart.LegendPosition;
import org.apache.poi.xddf.usermodel.chart.MarkerStyle;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFLineChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The Trend sheet's chart: every run by date, rows matched, remediated and left on the left axis, the
 * compliance rate (0 to 100%) on the right, each series a line of its own colour without markers, so
 * that one run and hundreds read alike. A first run's backlog that dwarfs every later run would flatten
 * them into the floor: the left axis then stops above the later runs and the title says so.
 */
final class TrendChart {

    /** Columns of the Trend sheet charted: the date, then the three volumes, then the rate. */
    private static final int DATE = 2;
    private static final int FIRST_VOLUME = 3;
    private static final int RATE = 6;
    private static final String[] VOLUMES = {"Matched", "Remediated", "Residual"};
    private static final XDDFColor[] COLOURS = {rgb(31, 119, 180), rgb(44, 160, 44),
        rgb(214, 39, 40)};
    /** How much larger than every later run the first must be for the axis to leave it off the scale. */
    private static final int BACKLOG = 5;

    private TrendChart() {
    }

    /**
     * Loads the chart's classes (the OOXML schema types behind XDDF, a second or more the first time in a
     * process) by drawing a chart nobody keeps.
     */
    static void warmUp() {
        try (XSSFWorkbook scratch = new XSSFWorkbook()) {
            XSSFSheet sheet = scratch.createSheet();
            sheet.createRow(1).createCell(2).setCellValue(1);
            draw(sheet, List.of(new FrozenFigures.TrendPoint(1, "", java.time.Instant.EPOCH, 1, 1, 0L, "")), 9);
        } catch (java.io.IOException | RuntimeException ignored) {
            // only a head start: the real chart is drawn all the same
        }
    }

    /** Draws the chart of rows 2 to {@code runs.size() + 1}, from column {@code column} on. */
    static void draw(XSSFSheet sheet, List<FrozenFigures.TrendPoint> runs, int column) {
        int last = runs.size();
        XSSFDrawing drawing = sheet.createDrawingPatriarch();
        XSSFClientAnchor anchor = drawing.createAnchor(0, 0, 0, 0, column, 1, column + 12, 26);
        XSSFChart chart = drawing.createChart(anchor);
        long laterMax = runs.stream().skip(1).mapToLong(r -> Math.max(r.matched(), r.remediated())).max().orElse(0);
        long firstMax = Math.max(runs.get(0).matched(), runs.get(0).remediated());
        boolean offScale = laterMax > 0 && firstMax > BACKLOG * laterMax;
        chart.setTitleText(runs.size() + (runs.size() == 1 ? " run" : " runs") + " by date" + (offScale
                ? " (the first run's backlog of " + String.format("%,d", firstMax) + " rows is above the scale)"
                : ""));
        chart.setTitleOverlay(false);
        chart.setAutoTitleDeleted(false);
        chart.getOrAddLegend().setPosition(LegendPosition.BOTTOM);

        XDDFCategoryAxis dates = chart.createCategoryAxis(AxisPosition.BOTTOM);
        dates.setTitle("Run date");
        dates.setNumberFormat("yyyy-mm-dd");
        XDDFValueAxis rows = chart.createValueAxis(AxisPosition.LEFT);
        rows.setTitle("Rows");
        rows.setNumberFormat("#,##0");
        rows.setMinimum(0);
        rows.setCrossBetween(AxisCrossBetween.BETWEEN);
        if (offScale) {
            rows.setMaximum(niceCeiling(laterMax * 1.2));
        }
        rows.getOrAddMajorGridProperties().setLineProperties(line(rgb(217, 217, 217), 0.75, false));
        XDDFDataSource<Double> categories = XDDFDataSourcesFactory.fromNumericCellRange(sheet,
                new CellRangeAddress(1, last, DATE, DATE));
        XDDFLineChartData volumes = (XDDFLineChartData) chart.createData(ChartTypes.LINE, dates, rows);
        volumes.setGrouping(Grouping.STANDARD);
        volumes.setVaryColors(false);
        for (int i = 0; i < VOLUMES.length; i++) {
            series(volumes, categories, sheet, last, FIRST_VOLUME + i, VOLUMES[i], line(COLOURS[i], 2.25, false));
        }
        chart.plot(volumes);

        XDDFCategoryAxis hidden = chart.createCategoryAxis(AxisPosition.BOTTOM);
        hidden.setVisible(false);
        XDDFValueAxis rate = chart.createValueAxis(AxisPosition.RIGHT);
        rate.setTitle("Compliance rate");
        rate.setNumberFormat("0%");
        rate.setMinimum(0);
        rate.setMaximum(1);
        rate.setCrosses(AxisCrosses.MAX);
        rate.setCrossBetween(AxisCrossBetween.BETWEEN);
        hidden.crossAxis(rate);
        rate.crossAxis(hidden);
        XDDFLineChartData rates = (XDDFLineChartData) chart.createData(ChartTypes.LINE, hidden, rate);
        rates.setGrouping(Grouping.STANDARD);
        rates.setVaryColors(false);
        series(rates, categories, sheet, last, RATE, "Compliance rate", line(rgb(0, 0, 0), 1.5, true));
        chart.plot(rates);
        // the axes' own formats, not their cells' (a date with its time, a rate with decimals)
        var plot = chart.getCTChart().getPlotArea();
        for (var axis : plot.getCatAxArray()) {
            if (axis.isSetNumFmt()) {
                axis.getNumFmt().setSourceLinked(false);
            }
        }
        for (var axis : plot.getValAxArray()) {
            if (axis.isSetNumFmt()) {
                axis.getNumFmt().setSourceLinked(false);
            }
        }
    }

    private static void series(XDDFLineChartData data, XDDFDataSource<Double> categories, XSSFSheet sheet, int last,
            int column, String title, XDDFLineProperties line) {
        XDDFLineChartData.Series series = (XDDFLineChartData.Series) data.addSeries(categories,
                XDDFDataSourcesFactory.fromNumericCellRange(sheet, new CellRangeAddress(1, last, column, column)));
        series.setTitle(title, null);
        series.setSmooth(false);
        series.setMarkerStyle(MarkerStyle.NONE);
        XDDFShapeProperties shape = new XDDFShapeProperties();
        shape.setLineProperties(line);
        series.setShapeProperties(shape);
    }

    private static XDDFLineProperties line(XDDFColor colour, double width, boolean dashed) {
        XDDFLineProperties line = new XDDFLineProperties(new XDDFSolidFillProperties(colour));
        line.setWidth(width);
        if (dashed) {
            line.setPresetDash(new XDDFPresetLineDash(PresetLineDash.DASH));
        }
        return line;
    }

    /** A colour as sRGB hex (XDDFColor.from(int, int, int) writes scRGB, whose units are percentages). */
    private static XDDFColor rgb(int red, int green, int blue) {
        return XDDFColor.from(new byte[] {(byte) red, (byte) green, (byte) blue});
    }

    /** A round number at or above {@code value}: 1, 2 or 5 times a power of ten. */
    static double niceCeiling(double value) {
        if (value <= 1) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }
}
