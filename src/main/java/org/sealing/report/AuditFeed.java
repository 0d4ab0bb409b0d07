package org.sealing.report;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Audit sheet's groups, summed by PostgreSQL on a thread of its own from the moment the workbook is
 * begun, and handed over through a bounded queue: the database groups a million rows while the other
 * sheets are built, and the sheet takes the groups as they come, never all of them in memory.
 */
final class AuditFeed {

    /** Groups waiting for the sheet: enough to keep the reader busy, few enough to weigh little. */
    private static final int WAITING = 10_000;
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(WAITING);
    private final Thread thread;
    private volatile RuntimeException failure;
    private volatile boolean abandoned;

    private AuditFeed(WorkbookReader reader, WorkbookReader.Execution e) {
        thread = new Thread(() -> {
            try {
                reader.inOwnTransaction(() -> reader.audit(e, this::put));
            } catch (RuntimeException ex) {
                failure = ex;
            } finally {
                putEnd();
            }
        }, "audit-groups-e" + e.executionId());
        thread.setDaemon(true);
    }

    /** Starts summing the audit of an execution. */
    static AuditFeed start(WorkbookReader reader, WorkbookReader.Execution e) {
        AuditFeed feed = new AuditFeed(reader, e);
        feed.thread.start();
        return feed;
    }

    private void put(WorkbookReader.AuditGroup group) {
        try {
            while (!queue.offer(group, 1, TimeUnit.SECONDS)) {
                if (abandoned) {
                    throw new IllegalStateException("the workbook was abandoned");
                }
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while summing the audit", ex);
        }
    }

    private void putEnd() {
        try {
            while (!abandoned && !queue.offer(END, 1, TimeUnit.SECONDS)) {
                // the sheet takes what waits
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Hands every group to {@code sheet}, in order; then the failure of the query, if any, is thrown. */
    void drainTo(Consumer<WorkbookReader.AuditGroup> sheet) {
        try {
            for (Object next = queue.take(); next != END; next = queue.take()) {
                sheet.accept((WorkbookReader.AuditGroup) next);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the audit", ex);
        } finally {
            abandoned = true;
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Lets the query's thread end when the workbook is given up before the audit is written. */
    void abandon() {
        abandoned = true;
        queue.clear();
    }
}
