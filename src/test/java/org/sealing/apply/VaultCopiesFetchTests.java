package org.sealing.apply;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many rows the reading of rows to copy fetches next: never more than it has read (a fetch at most doubles
 * what is known of the rows' width), never more than the widest so far allows in 16 MB, one at least.
 */
class VaultCopiesFetchTests {

    @Test
    void narrowRowsAreFetchedInDoublingBatchesUpToAThousandAndTwentyFour() {
        assertThat(VaultCopies.nextFetch(1, 300)).isEqualTo(1);
        assertThat(VaultCopies.nextFetch(2, 300)).isEqualTo(2);
        assertThat(VaultCopies.nextFetch(600, 300)).isEqualTo(600);
        assertThat(VaultCopies.nextFetch(9_000, 300)).isEqualTo(VaultCopies.MOST_AT_ONCE);
    }

    @Test
    void wideRowsAreFetchedAsManyAsFitInSixteenMegabytesAndAHugeOneAlone() {
        // a megabyte photograph is about two million characters of text
        assertThat(VaultCopies.nextFetch(100, 2L << 20)).isEqualTo(8);
        assertThat(VaultCopies.nextFetch(100, 40L << 20)).isEqualTo(1);
        // four thumbnails read, then the photographs: the next fetch holds at most four of them
        assertThat(VaultCopies.nextFetch(4, 300) * (2L << 20)).isLessThanOrEqualTo(VaultCopies.BYTES_AT_ONCE);
    }
}
