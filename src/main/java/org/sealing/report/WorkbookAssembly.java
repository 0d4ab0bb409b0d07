package org.sealing.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.springframework.stereotype.Component;

import org.sealing.ledger.VaultOpenings;

/**
 * Puts the thirteen sheets of a workbook together in the order SPEC section 8 gives them, Summary first
 * and selected: every sheet streamed to disk as it is written (SXSSF), the small ones first, then the
 * Audit (its rows come as PostgreSQL sums them), the Trend sheet and its chart in memory (XDDF charts need
 * XSSF sheets), the Summary and Reconciliation last, once the ledger export they name is written. The
 * file is compressed at deflate's fastest level: its largest part, the Audit, is a million rows of
 * references and numbers that the default level shrinks little more, at several times the cost.
 */
@Component
class WorkbookAssembly {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WorkbookAssembly.class);

    /** The sheets in their order; the audit's further sheets ("Audit 2", ...) follow "Audit". */
    static final List<String> SHEETS = List.of("Summary", "Targets", "Tables", "Reconciliation", "Timeliness",
            "Exceptions", "Review", "Unsealed", "Access", "Spot checks", "Trend", "Audit", "Methodology");
    /** Rows of a streamed sheet kept in memory while it is written. */
    private static final int ROWS_IN_MEMORY = 200;

    private final WorkbookReader reader;
    private final CourtTime time;
    private final VaultOpenings openings;
    private final RecordedTargets recorded;

    WorkbookAssembly(WorkbookReader reader, CourtTime time, VaultOpenings openings, RecordedTargets recorded) {
        this.reader = reader;
        this.time = time;
        this.openings = openings;
        this.recorded = recorded;
    }

    /**
     * A workbook begun before its figures are known: its Audit sheets, written on a thread of their own as
     * their rows come from PostgreSQL, while the figures are fixed. Nothing else touches the workbook until
     * the Audit is written.
     */
    static final class Begun {
        private final CompletableFuture<Begun> written;
        private XSSFWorkbook base;
        private Styles styles;
        private SXSSFWorkbook workbook;
        private AuditSheets audit;
        private AuditSheets.Totals totals;
        private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        /** Done once the Audit is written or given up and the workbook's temporary files are removed. */
        private final CompletableFuture<Void> removed = new CompletableFuture<>();

        private Begun(CourtTime time, AuditFeed groups, long executionId) {
            written = CompletableFuture.supplyAsync(() -> {
                base = new XSSFWorkbook();
                styles = new Styles(base);
                workbook = new FastWorkbook(base);
                // the sheets' temporary files stay uncompressed: they are compressed once, into the workbook
                workbook.setCompressTempFiles(false);
                // the page heading names the version, known once the figures are: set when it is
                audit = new AuditSheets(styles, time, ComplianceWorkbook.ROWS_PER_SHEET, "");
                totals = audit.write(workbook, groups);
                return this;
            }, task -> {
                Thread thread = new Thread(task, "audit-sheet-e" + executionId);
                thread.setDaemon(true);
                thread.start();
            });
        }

        /** Removes the workbook's temporary files, once its Audit is written or given up. */
        void close() {
            written.whenComplete((done, failed) -> {
                try {
                    if (workbook != null && !closed.getAndSet(true)) {
                        workbook.close();
                    }
                } catch (IOException | RuntimeException ignored) {
                    // its temporary files go with the JVM's
                } finally {
                    removed.complete(null);
                }
            });
        }

        /** Waits, at most {@code seconds}, until {@link #close} has removed the temporary files. */
        void awaitRemoved(long seconds) {
            try {
                removed.get(seconds, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // left to the JVM's end
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Begins a workbook: its Audit sheets, from {@code groups}, on a thread of their own. */
    Begun begin(AuditFeed groups, long executionId) {
        return new Begun(time, groups, executionId);
    }

    /**
     * Writes the workbook of version {@code version} to {@code out}, {@code begun} with its Audit sheets;
     * {@code ledger} waits for the export (named {@code ledgerName}) and gives its hash and lines.
     */
    void write(Path out, WorkbookReader.Execution e, FrozenFigures f, int version, String ledgerName,
            Begun begun, Supplier<ComplianceWorkbook.LedgerFile> ledger) {
        String heading = SummarySheet.heading(e, version);
        Begun ready = begun.written.join();
        XSSFWorkbook base = ready.base;
        Styles styles = ready.styles;
        AuditSheets audit = ready.audit;
        AuditSheets.Totals audited = ready.totals;
        audit.heading(heading);
        log.debug("workbook of execution {}: the Audit written", e.executionId());
        try {
            SXSSFWorkbook workbook = ready.workbook;
            // the other sheets, while the ledger export may still be streaming
            FiguresSheets figures = new FiguresSheets(styles, time, heading);
            figures.targets(workbook, f);
            figures.tables(workbook, f);
            CaseSheets cases = new CaseSheets(styles, time, heading);
            cases.timeliness(workbook, f);
            ExceptionsSheets exceptions = new ExceptionsSheets(styles, reader, heading);
            exceptions.exceptions(workbook, e, f);
            exceptions.review(workbook);
            cases.unsealed(workbook, f);
            cases.access(workbook, openings.listedBy(e.runId()));
            new SpotCheckSheet(styles, heading).write(workbook, f);
            new MethodologySheet(styles, heading).write(workbook, f, recorded.policy(e.runId()));
            // the Trend sheet and its chart are built in memory, in the workbook under the streamed sheets:
            // XDDF charts need an XSSF sheet, which the streaming workbook then writes as it is
            new TrendSheet(styles, time, heading).write(base, f.trend());
            log.debug("workbook of execution {}: the other sheets written", e.executionId());
            ComplianceWorkbook.LedgerFile exported = ledger.get();
            log.debug("workbook of execution {}: the ledger export written", e.executionId());
            new ReconciliationSheet(styles, heading).write(workbook, f, audited, exported.lines());
            new SummarySheet(styles, time).write(workbook, e, f, new SummarySheet.Package(version, ledgerName,
                    exported.sha256(), exported.lines()));
            order(workbook, base, audit.sheets());
            try (OutputStream stream = Files.newOutputStream(out)) {
                workbook.write(stream);
            }
            log.debug("workbook of execution {}: the file written", e.executionId());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } finally {
            begun.close();
        }
    }

    private static final java.util.concurrent.atomic.AtomicBoolean WARM = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Loads the workbook's classes (POI, the OOXML schema types, the chart's; seconds the first time in a
     * process) on a thread of its own, by writing a workbook nobody keeps: called as the evidence's work
     * begins, while the database computes the figures and streams the export. Once per process.
     */
    static void warmUp() {
        if (WARM.getAndSet(true)) {
            return;
        }
        Thread thread = new Thread(() -> {
            try (SXSSFWorkbook scratch = new FastWorkbook(new XSSFWorkbook())) {
                Styles styles = new Styles(scratch);
                SheetWriter sheet = new SheetWriter(scratch.createSheet("Scratch"), styles, "scratch",
                        SheetWriter.Column.text("Text", 10), SheetWriter.Column.number("Number"),
                        new SheetWriter.Column("Time", SheetWriter.Kind.TIME, 20));
                sheet.row("a", 1L, java.time.OffsetDateTime.now());
                sheet.finish();
                scratch.write(OutputStream.nullOutputStream());
            } catch (IOException | RuntimeException ignored) {
                // only a head start: the real workbook is written all the same
            }
            TrendChart.warmUp();
        }, "workbook-classes");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The streaming workbook, compressed at deflate's fastest level, its sheets' rows written by
     * {@link FastSheetData}.
     */
    private static final class FastWorkbook extends SXSSFWorkbook {

        FastWorkbook(XSSFWorkbook base) {
            super(base, ROWS_IN_MEMORY);
        }

        @Override
        protected org.apache.poi.xssf.streaming.SheetDataWriter createSheetDataWriter() throws IOException {
            return new FastSheetData(getSharedStringSource());
        }

        @Override
        protected org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream createArchiveOutputStream(
                OutputStream stream) {
            org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream zip = super.createArchiveOutputStream(
                    stream);
            zip.setLevel(java.util.zip.Deflater.BEST_SPEED);
            return zip;
        }
    }

    /** Puts the sheets in SPEC order and opens the workbook on the Summary, the only sheet selected. */
    private static void order(SXSSFWorkbook workbook, XSSFWorkbook base, int auditSheets) {
        List<String> names = new ArrayList<>();
        for (String sheet : SHEETS) {
            names.add(sheet);
            if (sheet.equals("Audit")) {
                for (int i = 2; i <= auditSheets; i++) {
                    names.add("Audit " + i);
                }
            }
        }
        for (int i = 0; i < names.size(); i++) {
            workbook.setSheetOrder(names.get(i), i);
        }
        // through the workbook underneath, which holds the Trend sheet the streaming one does not know
        for (int i = 0; i < base.getNumberOfSheets(); i++) {
            base.getSheetAt(i).setSelected(i == 0);
        }
        workbook.setActiveSheet(0);
        workbook.setFirstVisibleTab(0);
    }
}
