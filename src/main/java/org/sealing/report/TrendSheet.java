package org.sealing.report;

import java.util.List;

import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.LegendPosition;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFChartLegend;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFLineChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFNumericalDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The Trend sheet: one row per run that changed targets, and a chart of the latest runs' matched,
 * remediated and residual rows. It is built in memory: XDDF charts need XSSF sheets.
 */
final class TrendSheet {

    /** How many of the latest runs the chart shows. */
    private static final int CHARTED_RUNS = 30;
    private static final String[] SERIES = {"Matched", "Remediated", "Residual"};

    private final Styles styles;
    private final CourtTime time;

    TrendSheet(Styles styles, CourtTime time) {
        this.styles = styles;
        this.time = time;
    }

    void write(XSSFWorkbook workbook, List<WorkbookReader.TrendRun> runs) {
        XSSFSheet raw = workbook.createSheet("Trend");
        SheetWriter sheet = new SheetWriter(raw, styles, "Run", "Job", time.header("Date"), "Matched", "Remediated",
                "Residual", "Verdict");
        for (WorkbookReader.TrendRun run : runs) {
            sheet.row(run.runId(), run.job(), run.created(), run.figures().matched(), run.figures().changed(),
                    run.figures().residual(), run.verdict() == null ? null : run.verdict().name());
        }
        sheet.finish(8, 11, time.width(), 12, 12, 10, 16);
        if (!runs.isEmpty()) {
            chart(raw, runs.size());
        }
    }

    /** The chart of the latest runs, of rows 1 to {@code last} of the sheet. */
    private static void chart(XSSFSheet raw, int last) {
        int first = last > CHARTED_RUNS ? last - CHARTED_RUNS + 1 : 1;
        XSSFDrawing drawing = raw.createDrawingPatriarch();
        XSSFClientAnchor anchor = drawing.createAnchor(0, 0, 0, 0, 8, 1, 20, 22);
        XSSFChart chart = drawing.createChart(anchor);
        chart.setTitleText("Last " + (last - first + 1) + " runs");
        chart.setTitleOverlay(false);
        XDDFChartLegend legend = chart.getOrAddLegend();
        legend.setPosition(LegendPosition.BOTTOM);
        XDDFCategoryAxis bottom = chart.createCategoryAxis(AxisPosition.BOTTOM);
        bottom.setTitle("Run");
        XDDFValueAxis left = chart.createValueAxis(AxisPosition.LEFT);
        left.setTitle("Rows");
        XDDFDataSource<Double> runs = XDDFDataSourcesFactory.fromNumericCellRange(raw,
                new CellRangeAddress(first, last, 0, 0));
        XDDFLineChartData data = (XDDFLineChartData) chart.createData(ChartTypes.LINE, bottom, left);
        for (int i = 0; i < SERIES.length; i++) {
            XDDFNumericalDataSource<Double> values = XDDFDataSourcesFactory.fromNumericCellRange(raw,
                    new CellRangeAddress(first, last, 3 + i, 3 + i));
            XDDFLineChartData.Series series = (XDDFLineChartData.Series) data.addSeries(runs, values);
            series.setTitle(SERIES[i], null);
            series.setSmooth(false);
        }
        chart.plot(data);
    }
}
