package org.sealing.register;

import org.sealing.support.Text;

/**
 * Values from outside (a feed's order_id, a file's name) made fit for a terminal, a log line or a
 * note: control characters are escaped, so that a value cannot rewrite the screen or forge a line of
 * output, and a value is cut to a sane length, so that a 300 KB field is not printed whole.
 */
public final class Printable {

    /**
     * Code points of an order_id shown before it is cut: more than a valid order_id and than the cut
     * form the register keeps of an over-long one, so that neither is cut again.
     */
    public static final int ORDER_ID_CHARS = 100;
    /** Code points of a file name or path shown before it is cut. */
    public static final int PATH_CHARS = 512;

    private Printable() {
    }

    /**
     * The value with every control character written as an escape and each backslash doubled
     * ({@link Text#escapeWithBackslashes}). Null stays null.
     */
    public static String escape(String value) {
        return Text.escapeWithBackslashes(value);
    }

    /** The value cut to {@code maxCodePoints} (with a note of its full length), then escaped. */
    public static String shown(String value, int maxCodePoints) {
        return escape(shortened(value, maxCodePoints));
    }

    /** An order_id as printed: escaped, and cut when it is longer than any valid order_id. */
    public static String orderId(String value) {
        return shown(value, ORDER_ID_CHARS);
    }

    /** A file name or path as printed. */
    public static String path(Object value) {
        return value == null ? null : shown(value.toString(), PATH_CHARS);
    }

    /**
     * The value cut to {@code maxCodePoints} code points with "…" and the full length appended when
     * it is longer; a surrogate pair is never split. Null stays null.
     */
    public static String shortened(String value, int maxCodePoints) {
        if (value == null || value.length() <= maxCodePoints) {
            return value;
        }
        int count = value.codePointCount(0, value.length());
        if (count <= maxCodePoints) {
            return value;
        }
        int end = value.offsetByCodePoints(0, maxCodePoints);
        return value.substring(0, end) + "…(" + count + " characters)";
    }
}
