package org.sealing.bench;

/** How long one contender took to change the sealed rows, and so how many rows it changed per second. */
public record Timing(double seconds, double rowsPerSecond) {

    /** The timing of {@code matched} rows changed in {@code seconds}. */
    static Timing of(double seconds, long matched) {
        return new Timing(seconds, matched / seconds);
    }
}
