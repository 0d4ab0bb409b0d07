package org.sealing.catalog;

import java.util.regex.Pattern;

/**
 * A table of a target database, as {@code [schema.]table}. Each part is an identifier of letters,
 * digits, underscores and dollar signs that starts with a letter or an underscore: anything else
 * (quotes, semicolons, spaces) is refused when the target file is read, before any SQL runs. The
 * names are then looked up in the live catalog and always quoted.
 *
 * @param schema the schema, or null for the connection's search path
 * @param table  the table
 */
public record TableName(String schema, String table) {

    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

    /** Parses {@code [schema.]table}, or returns null when it is not one. */
    public static TableName parse(String text) {
        if (text == null) {
            return null;
        }
        String[] parts = text.strip().split("\\.", -1);
        if (parts.length == 1 && isIdentifier(parts[0])) {
            return new TableName(null, parts[0]);
        }
        if (parts.length == 2 && isIdentifier(parts[0]) && isIdentifier(parts[1])) {
            return new TableName(parts[0], parts[1]);
        }
        return null;
    }

    public static boolean isIdentifier(String text) {
        return text != null && IDENTIFIER.matcher(text).matches();
    }

    /** The name as written in target files and shown to users. */
    @Override
    public String toString() {
        return schema == null ? table : schema + "." + table;
    }
}
