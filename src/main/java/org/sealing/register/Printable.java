package org.sealing.register;

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
     * The value with every control character written as an escape ({@code \n}, {@code \t},
     * {@code \u0007}...) and each backslash doubled, so that the escapes cannot be confused with
     * the value's own text. Line and paragraph separators and bidirectional overrides, which can
     * reorder or split what a terminal shows, are escaped too. Null stays null.
     */
    public static String escape(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String escaped = escapeOf(c);
            if (escaped != null && out == null) {
                out = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (out != null) {
                if (escaped != null) {
                    out.append(escaped);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? value : out.toString();
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

    private static String escapeOf(char c) {
        switch (c) {
            case '\\':
                return "\\\\";
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                break;
        }
        if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F' || c == '\u061C') {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
