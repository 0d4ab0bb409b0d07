package org.sealing.report;

import java.time.OffsetDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Audit's hand-over from the thread reading its groups to the thread writing its sheet: a workbook given up
 * (its execution stopped before its report step) stops both at their next group, so that the sheet's temporary
 * files are removed while the process still runs, not written to the end of a million groups.
 */
class AuditFeedTests {

    @Test
    void everyGroupReachesTheSheetInOrderThenTheEnd() throws Exception {
        AuditFeed feed = new AuditFeed();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 25_000; i++) {
                feed.put(group(i));
            }
            feed.end(null);
        });
        AtomicLong next = new AtomicLong();

        feed.drainTo(g -> assertThat(g.order()).isEqualTo("O-" + next.getAndIncrement()));

        reading.get(10, TimeUnit.SECONDS);
        assertThat(next).hasValue(25_000);
    }

    @Test
    void aWorkbookGivenUpStopsTheReadingAndTheWritingAtTheirNextGroup() throws Exception {
        AuditFeed feed = new AuditFeed();
        AtomicLong put = new AtomicLong();
        AtomicLong written = new AtomicLong();
        // a reader with groups without end, a sheet that keeps up with it
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            while (true) {
                feed.put(group(put.getAndIncrement()));
            }
        });
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> feed.drainTo(g -> written.incrementAndGet()));
        while (written.get() < 50_000) {
            Thread.sleep(1);
        }

        feed.abandon();

        assertThatThrownBy(() -> reading.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("the workbook was abandoned");
        assertThatThrownBy(() -> writing.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("the workbook was abandoned");
        long after = written.get();
        Thread.sleep(50);
        assertThat(written.get()).as("nothing written once both ended").isEqualTo(after);
    }

    private static WorkbookReader.AuditGroup group(long i) {
        OffsetDateTime t = OffsetDateTime.parse("2026-12-01T02:00:00-05:00");
        return new WorkbookReader.AuditGroup("O-" + i, "160.50", "booking", "public.arrest", "mask", "seal", 1, t, t);
    }
}
