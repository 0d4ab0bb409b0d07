package org.sealing.register;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Normalisation of police and state identifiers: upper case with every character that is not a
 * letter or a digit removed, so that {@code q-1234 5678} and {@code Q12345678} are the same arrest.
 * Target columns are compared the same way (SPEC section 6).
 */
public final class Identifiers {

    /** A borough letter and eight digits. */
    public static final Pattern ARREST_NUMBER = Pattern.compile("^[BKMQS][0-9]{8}$");
    /** Eight digits and a check letter. */
    public static final Pattern NYSID = Pattern.compile("^[0-9]{8}[A-Z]$");

    private Identifiers() {
    }

    /** The identifier normalised, or null for null. */
    public static String normalise(String raw) {
        if (raw == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                out.append(c);
            } else if (c >= 'a' && c <= 'z') {
                out.append(Character.toUpperCase(c));
            }
        }
        return out.toString();
    }

    static String upper(String value) {
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }
}
