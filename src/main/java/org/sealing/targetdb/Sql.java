package org.sealing.targetdb;

/**
 * Quoting for the few places where a name or a text must be written into SQL: identifiers come from
 * the live catalog (never from a target file as typed) and are always quoted; texts are written as
 * escape-string literals, which mean the same whatever {@code standard_conforming_strings} says.
 */
public final class Sql {

    private Sql() {
    }

    /** An identifier, quoted. */
    public static String quote(String identifier) {
        if (identifier == null || identifier.isEmpty() || identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not an identifier");
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** A schema-qualified name, quoted. */
    public static String qualified(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }

    /** A text literal. */
    public static String literal(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a text with a NUL character cannot be written to PostgreSQL");
        }
        return "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
