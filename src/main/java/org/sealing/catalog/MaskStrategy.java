package org.sealing.catalog;

/**
 * What a masked column is overwritten with. Each strategy recognises what it writes, so masking is
 * idempotent and a row without a sealed flag counts as remediated once every column holds it.
 *
 * @param kind     the strategy
 * @param constant the text of a {@code constant:TEXT} strategy, else null
 */
public record MaskStrategy(Kind kind, String constant) {

    /** The strategies of SPEC section 6. */
    public enum Kind {
        /** null stays null */
        NULL,
        /** writes [SEALED] */
        REDACT,
        /** writes the HMAC-SHA256 hex of the value */
        HASH,
        /** keeps January 1 of the year */
        YEAR_ONLY,
        /** writes the given text */
        CONSTANT
    }

    public static final String REDACTED = "[SEALED]";

    /** Parses a strategy as written in a target file, or returns null when it is not one. */
    static MaskStrategy parse(Object value) {
        if (value == null) {
            return new MaskStrategy(Kind.NULL, null);
        }
        String text = value.toString();
        return switch (text) {
            case "null" -> new MaskStrategy(Kind.NULL, null);
            case "redact" -> new MaskStrategy(Kind.REDACT, null);
            case "hash" -> new MaskStrategy(Kind.HASH, null);
            case "year-only" -> new MaskStrategy(Kind.YEAR_ONLY, null);
            default -> text.startsWith("constant:") ? new MaskStrategy(Kind.CONSTANT, text.substring(9)) : null;
        };
    }

    /** Whether the strategy writes text (and so needs a text column). */
    public boolean writesText() {
        return kind == Kind.REDACT || kind == Kind.HASH || kind == Kind.CONSTANT;
    }

    /** The longest text the strategy writes, for columns of limited length. */
    public int textLength() {
        return switch (kind) {
            case REDACT -> REDACTED.length();
            case HASH -> 64;
            case CONSTANT -> constant.length();
            default -> 0;
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NULL -> "null";
            case REDACT -> "redact";
            case HASH -> "hash";
            case YEAR_ONLY -> "year-only";
            case CONSTANT -> "constant:" + constant;
        };
    }
}
