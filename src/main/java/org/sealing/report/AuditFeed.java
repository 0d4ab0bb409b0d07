package org.sealing.report;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Audit sheet's groups, handed from the thread that reads them from PostgreSQL (which sums them,
 * {@link AuditRows#groups}) to the thread that writes the workbook, through a bounded queue: the sheet
 * takes the groups as they come, never all of them in memory.
 */
final class AuditFeed {

    /** Groups waiting for the sheet: enough to keep the writer busy, few enough to weigh little. */
    private static final int WAITING = 10_000;
    private static final Object END = new Object();
    /** How long a group waits for a sheet that takes none before the reading gives up. */
    private static final long UNTAKEN = TimeUnit.MINUTES.toNanos(30);

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(WAITING);
    private volatile RuntimeException failure;
    private volatile boolean abandoned;

    /** Hands on one group; waits while the sheet is behind, gives up once it was abandoned. */
    void put(WorkbookReader.AuditGroup group) {
        try {
            long since = System.nanoTime();
            if (abandoned) {
                throw new IllegalStateException("the workbook was abandoned");
            }
            while (!queue.offer(group, 1, TimeUnit.SECONDS)) {
                if (abandoned) {
                    throw new IllegalStateException("the workbook was abandoned");
                }
                // read ahead for a workbook that never came (its execution's step failed after its figures)
                if (System.nanoTime() - since > UNTAKEN) {
                    abandon();
                    throw new IllegalStateException("the audit read ahead was not taken");
                }
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the audit", ex);
        }
    }

    /** Says there are no more groups: every one was handed on, or {@code failed} says why not. */
    void end(RuntimeException failed) {
        failure = failed;
        try {
            while (!abandoned && !queue.offer(END, 1, TimeUnit.SECONDS)) {
                // the sheet takes what waits
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Hands every group to {@code sheet}, in order; then the failure of the export, if any, is thrown. */
    void drainTo(Consumer<WorkbookReader.AuditGroup> sheet) {
        try {
            while (true) {
                Object next = queue.poll(1, TimeUnit.SECONDS);
                if (next == END) {
                    break;
                }
                if (abandoned) {
                    throw new IllegalStateException("the workbook was abandoned");
                }
                if (next != null) {
                    sheet.accept((WorkbookReader.AuditGroup) next);
                } else if (abandoned) {
                    throw new IllegalStateException("the workbook was abandoned");
                }
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the audit", ex);
        } finally {
            abandoned = true;
        }
        if (failure != null) {
            throw new IllegalStateException("the audit could not be read: "
                    + failure.getMessage(), failure);
        }
    }

    /**
     * Lets the audit's reading thread and the sheet's writing thread end, at their next group, when the workbook is
     * given up before the audit is written.
     */
    void abandon() {
        abandoned = true;
        queue.clear();
    }
}
