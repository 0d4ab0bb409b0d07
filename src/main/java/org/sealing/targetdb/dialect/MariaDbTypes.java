package org.sealing.targetdb.dialect;

import java.util.Locale;
import java.util.Set;

import org.sealing.catalog.live.LiveCatalog.Column;

/**
 * MariaDB's types, table types and key rules in the terms a {@link org.sealing.catalog.live.LiveCatalog} has
 * them: types named and classed as their PostgreSQL counterparts where the checks ask.
 */
final class MariaDbTypes {

    private MariaDbTypes() {
    }

    /**
     * A column, its type named and classed as PostgreSQL's counterpart where the checks ask.
     *
     * @param dataType   MariaDB's {@code data_type}, lower case
     * @param columnType MariaDB's {@code column_type} (with length and modifiers), which messages show
     * @param maxLength  {@code character_maximum_length}; ignored when {@code noLength}
     */
    static Column column(String name, String dataType, String columnType, long maxLength, boolean noLength,
            boolean notNull, boolean generated) {
        int length = noLength || maxLength > Integer.MAX_VALUE ? -1 : (int) maxLength;
        String type = columnType;
        String base;
        char category;
        switch (dataType) {
            case "char" -> {
                base = "bpchar";
                category = 'S';
            }
            case "varchar" -> {
                base = "varchar";
                category = 'S';
            }
            case "tinytext", "text", "mediumtext", "longtext" -> {
                base = "text";
                category = 'S';
            }
            case "tinyint" -> {
                boolean bool = columnType.toLowerCase(Locale.ROOT).startsWith("tinyint(1)");
                base = bool ? "bool" : "int2";
                category = bool ? 'B' : 'N';
            }
            case "smallint", "mediumint", "int", "integer", "bigint", "decimal", "numeric", "float", "double", "bit" -> {
                base = dataType;
                category = 'N';
            }
            case "date" -> {
                base = "date";
                category = 'D';
            }
            case "datetime" -> {
                base = "timestamp";
                category = 'D';
            }
            case "timestamp" -> {
                // stored in UTC and read in the session's zone, as PostgreSQL's timestamptz
                base = "timestamptz";
                category = 'D';
            }
            case "time", "year" -> {
                base = dataType;
                category = 'D';
            }
            case "enum", "set" -> {
                base = dataType;
                category = 'E';
            }
            case "inet4", "inet6" -> {
                base = dataType;
                category = 'I';
            }
            case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                    "geometrycollection" -> {
                base = dataType;
                category = 'G';
            }
            default -> {
                // binary strings, blobs, uuid: nothing a mask writes as text fits them
                base = dataType;
                category = 'U';
            }
        }
        return new Column(name, type, base, category, category == 'S' ? length : -1, notNull, generated);
    }

    /**
     * The key types whose values survive the text a plan holds a key in and the JSON a chunk's keys are
     * bound as: integers, decimals, text, dates, date-times, times and years, uuids (their canonical text), and
     * binary strings (as {@code \x} and hex, see {@link Column#isBytes}). A bit key's bytes are not text, a float's
     * text is rounded, a TIMESTAMP's text is ambiguous in the hour a clock goes back, and inet, enum, set and
     * spatial values cannot be read back from JSON with their own type; a blob cannot be a whole key.
     */
    private static final Set<String> KEY_TYPES = Set.of("bool", "int2", "smallint", "mediumint", "int", "integer",
            "bigint", "decimal", "numeric", "bpchar", "varchar", "text", "date", "timestamp", "time", "year", "uuid",
            "binary", "varbinary");

    /** Why a key column of this type cannot name its row on MariaDB, or null when it can. */
    static String unfitKey(Column column) {
        if (KEY_TYPES.contains(column.baseType())) {
            return null;
        }
        return "a MariaDB target's key must be integer, decimal, text, date, datetime, time, year, uuid, binary or"
                + " varbinary columns (bit, float, timestamp, inet, enum, set, blob and spatial values do not survive"
                + " as text exactly)";
    }

    /**
     * The type a key column's text is read from a chunk's JSON as: the column's own where JSON_TABLE has it (so that
     * the key's index serves the join), text for a binary key's hex, and a uuid's 36 characters (JSON_TABLE has
     * no uuid type; MariaDB compares them as uuids, through the key's index).
     */
    static String keyTextType(Column column) {
        if (column.isBytes()) {
            return "text character set ascii";
        }
        if ("uuid".equals(column.baseType())) {
            return "char(36) character set ascii";
        }
        return column.type();
    }

    /**
     * A text column's type with its collation ({@code varchar(20) collate latin1_swedish_ci}): the keys of a
     * chunk are read in that very collation, without which MariaDB compares them in another and uses no index.
     */
    static Column withCollation(Column column, String collation) {
        if (!column.isText() || collation == null || !collation.matches("[A-Za-z0-9_]+")) {
            return column;
        }
        return new Column(column.name(), column.type() + " collate " + collation, column.baseType(), column.category(),
                column.length(), column.notNull(), column.generated());
    }

    static char kind(String tableType) {
        return switch (tableType) {
            case "BASE TABLE", "SYSTEM VERSIONED" -> 'r';
            case "VIEW", "SYSTEM VIEW" -> 'v';
            case "SEQUENCE" -> 'S';
            default -> '?';
        };
    }

    /** The rule of a key, or 'a' (no action) when a user with privileges on its tables alone cannot see it. */
    static char onDelete(String rule) {
        if (rule == null) {
            return 'a';
        }
        return switch (rule) {
            case "CASCADE" -> 'c';
            case "SET NULL" -> 'n';
            case "SET DEFAULT" -> 'd';
            case "RESTRICT" -> 'r';
            default -> 'a';
        };
    }
}
