package org.sealing.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import org.sealing.SealingProperties;

/**
 * The evidence of an execution (SPEC section 8): its figures fixed when it ends ({@link #freeze}), and
 * then, as often as asked, a new version of its evidence package ({@link #write}): the workbook for
 * people, the ledger export for machines, and the {@code .sha256} that lists both, all owner-only in
 * {@code reports/}, never written over one another. The ledger export streams from PostgreSQL on a
 * thread of its own, and the Audit sheet's rows on another, while the workbook's sheets stream to disk
 * (SXSSF), so a million changed rows need little memory and about the time of the slowest of them.
 */
@Component
public class ComplianceWorkbook {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ComplianceWorkbook.class);
    /** Data rows per sheet: Excel holds 1,048,576 rows, one of them the header. */
    static final int ROWS_PER_SHEET = 1_048_575;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final List<String> ENDINGS = List.of(EvidenceFiles.LEDGER, EvidenceFiles.WORKBOOK,
            EvidenceFiles.CHECKSUMS);

    /** One version of an execution's evidence package, as written. */
    public record Evidence(long executionId, int version, Path workbook, Path ledger, Path checksums,
            long ledgerLines, double workbookSeconds, double ledgerSeconds) {
    }

    private final WorkbookReader reader;
    private final EvidenceFigures figures;
    private final WorkbookAssembly assembly;
    private final LedgerExport ledger;
    private final SealingProperties properties;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    ComplianceWorkbook(WorkbookReader reader, EvidenceFigures figures, WorkbookAssembly assembly, LedgerExport ledger,
            SealingProperties properties, JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.reader = reader;
        this.figures = figures;
        this.assembly = assembly;
        this.ledger = ledger;
        this.properties = properties;
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /**
     * Fixes the figures of an execution as it ends, in the caller's transaction (the report step's),
     * and returns the verdict they support; an execution whose figures were fixed already keeps them.
     */
    public org.sealing.ledger.Verdict freeze(long executionId) {
        WorkbookReader.Execution e = reader.execution(executionId);
        // the ledger export and the Audit's rows depend on the applied chunks only, all committed by now:
        // they are read while the figures are fixed (unless they began when apply ended), for the evidence
        // written once the execution ends
        ReadAhead ahead = null;
        if (figures.read(executionId) == null) {
            ahead = readAhead.get(executionId);
            if (ahead == null) {
                ahead = readAhead(e);
                readAhead.put(executionId, ahead);
            }
        }
        try {
            return figures.freeze(e).verdict();
        } catch (RuntimeException ex) {
            if (ahead != null && readAhead.remove(executionId, ahead)) {
                ahead.abandon();
            }
            throw ex;
        }
    }

    /**
     * Begins reading what the evidence of an execution takes from its applied chunks alone (the ledger export,
     * the Audit sheet's rows and sheets), once its apply step has ended: nothing changes those in the execution
     * after that, so they are read while its targets are verified, not after. {@link #freeze} takes what began;
     * an execution that ends without its report step gives it up ({@link #giveUpReadAhead}). Nothing begins for
     * an execution whose figures are fixed already.
     */
    public void readAheadAfterApply(long executionId) {
        if (readAhead.containsKey(executionId) || figures.read(executionId) != null) {
            return;
        }
        ReadAhead ahead = readAhead(reader.execution(executionId));
        if (readAhead.putIfAbsent(executionId, ahead) != null) {
            ahead.abandon();
        }
    }

    /**
     * Gives up what began to be read for an execution that ended without fixing its figures, and waits (a few
     * seconds at most) until the workbook begun for it has removed its temporary files: the process may end
     * next. A ledger export still streaming removes its own temporary file when done, or the next writer does.
     */
    public void giveUpReadAhead(long executionId) {
        ReadAhead ahead = readAhead.remove(executionId);
        if (ahead != null) {
            ahead.abandon();
            ahead.workbook().awaitRemoved(10);
        }
    }

    /** The ledger export beside a workbook. */
    public static Path ledgerOf(Path workbook) {
        return EvidenceFiles.ledgerOf(workbook);
    }

    /**
     * Writes the next version of an execution's evidence package, from its fixed figures (fixing them
     * now, for an execution that ended without its report step); must not run in a transaction of the
     * caller's that it would hold for the whole write.
     */
    public Evidence write(long executionId) {
        long began = System.nanoTime();
        WorkbookReader.Execution e = reader.execution(executionId);
        ReadAhead ahead = readAhead.remove(executionId);
        if (ahead == null) {
            // the export and the Audit's rows stream while the figures are read (or fixed, for an execution
            // that ended without its report step)
            ahead = readAhead(e);
        }
        Path workbookTemp = null;
        Path sumTemp = null;
        try {
            FrozenFigures f = figures.of(e);
            OffsetDateTime start = e.start() != null ? e.start() : OffsetDateTime.ofInstant(f.frozenAt(),
                    properties.zone());
            EvidenceFiles files = new EvidenceFiles(properties.reports(), "compliance-"
                    + FILE_TIME.format(start.atZoneSameInstant(properties.zone())) + "-e" + e.executionId());
            int version = files.nextVersion();
            while (true) {
                workbookTemp = files.temporary(".xlsx.tmp");
                int v = version;
                Path out = workbookTemp;
                ReadAhead feed = ahead;
                readOnly.executeWithoutResult(status -> assembly.write(out, e, f, v,
                        files.file(v, EvidenceFiles.LEDGER).getFileName().toString(), feed.workbook(),
                        feed.export()::join));
                double workbookSeconds = (System.nanoTime() - began) / 1e9;
                LedgerFile exported = ahead.export().join();
                String workbookSha = EvidenceFiles.sha256(workbookTemp);
                sumTemp = files.temporaryText(".sha256.tmp", EvidenceFiles.checksums(workbookSha,
                        files.file(v, EvidenceFiles.WORKBOOK), exported.sha256(), files.file(v, EvidenceFiles.LEDGER)));
                if (files.place(v, List.of(ahead.temp(), workbookTemp, sumTemp), ENDINGS)) {
                    Evidence written = new Evidence(e.executionId(), v, files.file(v, EvidenceFiles.WORKBOOK),
                            files.file(v, EvidenceFiles.LEDGER), files.file(v, EvidenceFiles.CHECKSUMS),
                            exported.lines(), workbookSeconds, exported.seconds());
                    record(written, workbookSha, exported.sha256());
                    log.info("evidence of execution {} written, version {}: {} and {} ({} ledger lines; workbook {}"
                            + " s, ledger export {} s, {} s since the export began)", e.executionId(), v,
                            written.workbook().getFileName(), written.ledger().getFileName(), exported.lines(),
                            round(workbookSeconds), round(exported.seconds()),
                            round((System.nanoTime() - ahead.began()) / 1e9));
                    return written;
                }
                // another writer took this version meanwhile: the next one, with its own names in the workbook
                for (Path temp : List.of(workbookTemp, sumTemp)) {
                    Files.deleteIfExists(temp);
                }
                ahead.abandon();
                ahead = readAhead(e);
                version = Math.max(v + 1, files.nextVersion());
            }
        } catch (IOException | java.util.concurrent.CompletionException | java.io.UncheckedIOException ex) {
            Throwable cause = ex.getCause() instanceof java.io.UncheckedIOException u ? u.getCause()
                    : ex instanceof IOException ? ex : ex.getCause() != null ? ex.getCause() : ex;
            throw new IllegalStateException("cannot write the evidence of execution " + executionId + " in "
                    + properties.reports() + ": " + cause.getMessage(), cause);
        } finally {
            ahead.abandon();
            deleteQuietly(workbookTemp);
            deleteQuietly(sumTemp);
        }
    }

    /**
     * The ledger export of an execution, streaming to its temporary file, and the Audit sheet's rows, read
     * and written into the begun workbook, ahead of the figures, on threads and connections of their own.
     */
    private record ReadAhead(long began, Path temp, CompletableFuture<LedgerFile> export, AuditFeed groups,
            WorkbookAssembly.Begun workbook) {

        /** Lets the threads end and removes the temporary files (a placed export keeps its own name). */
        void abandon() {
            groups.abandon();
            workbook.close();
            export.whenComplete((done, failed) -> deleteQuietly(temp));
        }
    }

    /** Read-aheads begun after apply or by {@link #freeze}, taken by {@link #write}, by execution. */
    private final java.util.concurrent.ConcurrentHashMap<Long, ReadAhead> readAhead =
            new java.util.concurrent.ConcurrentHashMap<>();

    private ReadAhead readAhead(WorkbookReader.Execution e) {
        WorkbookAssembly.warmUp();
        long began = System.nanoTime();
        // one left behind (its execution's evidence never written: the step failed after its figures) goes
        readAhead.values().removeIf(old -> {
            boolean stale = began - old.began() > STALE_NANOS;
            if (stale) {
                old.abandon();
            }
            return stale;
        });
        try {
            Path temp = EvidenceFiles.temporaryIn(properties.reports(), ".ledger.tmp");
            AuditFeed groups = new AuditFeed();
            ReadAhead ahead = new ReadAhead(began, temp, exportInBackground(e, temp), groups,
                    assembly.begin(groups, e.executionId()));
            auditInBackground(e, groups);
            return ahead;
        } catch (IOException ex) {
            throw new IllegalStateException("cannot write the evidence of execution " + e.executionId() + " in "
                    + properties.reports() + ": " + ex.getMessage(), ex);
        }
    }

    /** How long a read-ahead nobody took is kept. */
    private static final long STALE_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(30);

    /** The ledger export as written to its temporary file. */
    record LedgerFile(String sha256, long lines, double seconds) {
    }

    private CompletableFuture<LedgerFile> exportInBackground(WorkbookReader.Execution e, Path temp) {
        return CompletableFuture.supplyAsync(() -> {
            long began = System.nanoTime();
            java.security.MessageDigest digest = EvidenceFiles.digest();
            try (var out = new java.security.DigestOutputStream(new java.io.BufferedOutputStream(
                    Files.newOutputStream(temp), 1 << 16), digest)) {
                long lines = ledger.write(e.runId(), e.executionId(), out);
                out.flush();
                return new LedgerFile(java.util.HexFormat.of().formatHex(digest.digest()), lines,
                        (System.nanoTime() - began) / 1e9);
            } catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        }, task -> start("ledger-export-e" + e.executionId(), task));
    }

    /** The Audit sheet's rows, summed by PostgreSQL, handed to the sheet as they come. */
    private void auditInBackground(WorkbookReader.Execution e, AuditFeed groups) {
        start("audit-e" + e.executionId(), () -> {
            try {
                ledger.groups(e.runId(), e.executionId(), groups::put);
                groups.end(null);
            } catch (RuntimeException ex) {
                groups.end(ex);
            }
        });
    }

    private static void start(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void record(Evidence e, String workbookSha, String ledgerSha) {
        jdbc.update("""
                insert into evidence_version (execution_id, version, workbook, ledger, checksums, workbook_sha256,
                                              ledger_sha256, ledger_lines, workbook_seconds, ledger_seconds)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, e.executionId(), e.version(), e.workbook().toString(), e.ledger().toString(),
                e.checksums().toString(), workbookSha, ledgerSha, e.ledgerLines(), e.workbookSeconds(),
                e.ledgerSeconds());
    }

    private static double round(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the next writer's sweep removes it
            }
        }
    }
}
