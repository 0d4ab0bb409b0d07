package org.sealing.support;

/**
 * Text that reaches a terminal or a log, made safe to print: a feed value or a file name may hold a
 * line break or a terminal escape, which would split one message into several lines, forge a log line
 * or drive the operator's terminal.
 */
public final class Text {

    private Text() {
    }

    /**
     * The text with every control character written as an escape ({@code \n}, {@code \r}, {@code \t},
     * else {@code \}{@code u001b} and the like), so that it prints on one line: a file named "a", line
     * break, "b.csv" prints as {@code a\nb.csv}. Backslashes are left as they are, so that escaping
     * twice changes nothing and paths stay readable: for messages. Null stays null.
     */
    public static String escape(Object value) {
        return value == null ? null : escape(value.toString(), false);
    }

    /**
     * The value escaped as {@link #escape(Object)} does, and each backslash doubled as well, so that
     * an escape cannot be confused with the value's own text: for values from outside (a feed's
     * order_id) printed on their own. Null stays null.
     */
    public static String escapeWithBackslashes(String value) {
        return value == null ? null : escape(value, true);
    }

    private static String escape(String text, boolean backslashes) {
        int first = firstUnsafe(text, backslashes);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (backslashes && ch == '\\') {
                out.append("\\\\");
            } else if (!unsafe(ch)) {
                out.append(ch);
            } else {
                switch (ch) {
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> out.append(String.format("\\u%04x", (int) ch));
                }
            }
        }
        return out.toString();
    }

    private static int firstUnsafe(String text, boolean backslashes) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (unsafe(ch) || (backslashes && ch == '\\')) {
                return i;
            }
        }
        return -1;
    }

    /**
     * C0 and C1 controls and DEL; the Unicode line and paragraph separators, which some terminals and
     * log viewers break lines at; the bidirectional overrides and marks, which make a name read as
     * another.
     */
    private static boolean unsafe(char ch) {
        return ch < 0x20 || (ch >= 0x7f && ch <= 0x9f) || ch == '\u2028' || ch == '\u2029'
                || (ch >= '\u202a' && ch <= '\u202e') || (ch >= '\u2066' && ch <= '\u2069') || ch == '\u200e'
                || ch == '\u200f' || ch == '\u061c';
    }
}
