package org.sealing.report;

import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.springframework.stereotype.Component;

import org.sealing.SealingProperties;
import org.sealing.ledger.TargetFigures;

/**
 * The compliance workbook of an execution (SPEC section 8), read from the control database alone and
 * streamed with SXSSF, so that a million audit rows need little memory. It is written to a temporary
 * file with owner-only permissions, moved into place, and given a {@code sha256sum -c} checksum.
 * Nothing in it names a person or a raw target key: cases by order_id, rows by their HMAC reference.
 */
@Component
public class ComplianceWorkbook {

    /** Data rows per sheet: Excel holds 1,048,576 rows, one of them the header. */
    static final int ROWS_PER_SHEET = 1_048_575;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    /** Rows of a streamed sheet kept in memory while it is written. */
    private static final int ROWS_IN_MEMORY = 200;

    private final WorkbookReader reader;
    private final CourtTime time;
    private final SealingProperties properties;

    ComplianceWorkbook(WorkbookReader reader, CourtTime time, SealingProperties properties) {
        this.reader = reader;
        this.time = time;
        this.properties = properties;
    }

    /** The file an execution's workbook is written to. */
    public Path fileOf(long executionId) {
        return fileOf(reader.execution(executionId));
    }

    private Path fileOf(WorkbookReader.Execution e) {
        OffsetDateTime start = e.start() == null ? OffsetDateTime.now() : e.start();
        return properties.reports().resolve("compliance-" + FILE_TIME.format(start.atZoneSameInstant(
                properties.zone())) + "-e" + e.executionId() + ".xlsx");
    }

    /** Writes (or rewrites) the workbook of an execution; returns its path. Must run in a transaction. */
    public Path write(long executionId) {
        WorkbookReader.Execution e = reader.execution(executionId);
        Path file = fileOf(e);
        try {
            EvidenceFile.write(file, "compliance", ".xlsx.tmp", out -> {
                // the Trend sheet and its chart are built in memory (XDDF charts need XSSF sheets); every
                // other sheet is streamed to disk as it is written
                XSSFWorkbook base = new XSSFWorkbook();
                Styles styles = new Styles(base);
                new TrendSheet(styles, time).write(base, reader.trend(e.runId()));
                try (SXSSFWorkbook workbook = new SXSSFWorkbook(base, ROWS_IN_MEMORY)) {
                    workbook.setCompressTempFiles(true);
                    new SummarySheet(styles, time).write(workbook, e, reader.summary(e.runId()));
                    FiguresSheets figures = new FiguresSheets(styles);
                    List<TargetFigures> targets = reader.targets(e.runId());
                    figures.targets(workbook, targets);
                    figures.tables(workbook, targets);
                    ExceptionsSheets exceptions = new ExceptionsSheets(styles, reader);
                    exceptions.exceptions(workbook, e.runId());
                    exceptions.review(workbook);
                    workbook.setSheetOrder("Trend", 5);
                    new AuditSheets(styles, time, reader, ROWS_PER_SHEET).write(workbook, e.runId());
                    workbook.write(out);
                }
            });
            return file;
        } catch (IOException ex) {
            throw new IllegalStateException("cannot write the workbook " + file + ": " + ex.getMessage(), ex);
        }
    }
}
