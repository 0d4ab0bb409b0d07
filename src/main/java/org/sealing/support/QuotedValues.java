package org.sealing.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts the values a database quotes out of its message, whichever engine wrote it: PostgreSQL quotes
 * in double quotes ({@code value "Q12345678" is out of range}), MariaDB in single quotes
 * ({@code Duplicate entry 'SMITH-1980-01-01' for key 'ab'}, {@code Incorrect date value: '1990-13-45'}).
 * A quoted text stays only where the message says it names a database object (a table, column, key,
 * database...); anything else may be a name, a date of birth or a key of a sealed row, and becomes
 * {@link #NOT_SHOWN}. MariaDB does not escape a quote inside a value ({@code 'O'Brien'}), so a
 * single-quoted value runs to the last quote that ends a word, never to the first one. A value may hold
 * line breaks ({@code 'SMITH\nJOHN'}): the whole message is cut before its first line is taken, and a
 * quote never closed (a message cut short) makes the rest of the text the value.
 */
final class QuotedValues {

    static final String NOT_SHOWN = "(value not shown)";

    /** A value the database quotes in an input-syntax message: it may be a name or a date of birth. */
    private static final Pattern INPUT_SYNTAX = Pattern.compile("(input (?:syntax|value) for [^:]*: )\".*\"");

    /** The words after which a quoted text names a database object rather than holding a value. */
    private static final String OBJECTS = "relation|column|table|constraint|index|schema|type|function|trigger"
            + "|database|role|sequence|view|domain|extension|user|operator|key|field|procedure|savepoint|variable"
            + "|engine|charset|collation|partition|plugin";

    /**
     * Any other value PostgreSQL quotes ("value \"...\" is out of range", "malformed array literal:
     * \"...\"", a trigger's own message): shown only where it names a database object.
     */
    private static final Pattern DOUBLE_QUOTED = Pattern.compile("(\\b(?:" + OBJECTS + ") )?\"[^\"]*\"");

    /**
     * MariaDB's messages that quote a value before a fixed phrase (duplicate entry, an incorrect or
     * truncated value): everything up to that phrase is the value, whatever quotes it holds.
     */
    private static final Pattern MARIADB_VALUE = Pattern.compile("(?is)(Duplicate entry |value: )'.*'"
            + "(?= for (?:key|column) )|(value: )'.*'$|(value: )'.*'(?= at row )");

    /**
     * A single-quoted text that starts and ends outside a word (so "doesn't" opens none), kept where
     * an object's name precedes it ({@code Table 'db.t' doesn't exist}, {@code for key 'PRIMARY'}) or
     * where it is the part of a statement MariaDB names ({@code in 'field list'}, {@code in 'SELECT'}),
     * else cut out. Lazy, but a quote inside a word does not close it: {@code 'O'Brien'} is one value.
     */
    private static final Pattern SINGLE_QUOTED = Pattern.compile("(?is)(\\b(?:" + OBJECTS + ") '[^']*'(?!\\w)"
            + "|\\bin '(?:field list|where clause|on clause|order clause|group statement|having clause|SELECT"
            + "|UPDATE|DELETE|INSERT|SET|RETURNING)'(?!\\w))|(?<!\\w)'.*?'(?!\\w)|(?<!\\w)'.*\\z");

    /** MariaDB Connector/J's "(conn=123) " ahead of a server's message: noise for a user. */
    private static final Pattern CONNECTION_ID = Pattern.compile("^\\(conn=\\d+\\) ");

    private QuotedValues() {
    }

    /** The input-syntax value cut out: also applied to this product's own messages, which may quote one. */
    static String inputSyntax(String text) {
        return INPUT_SYNTAX.matcher(text).replaceAll("$1" + Matcher.quoteReplacement(NOT_SHOWN));
    }

    /** Every quoted value of a database's message cut out, the names of objects kept. */
    static String cut(String text) {
        String t = CONNECTION_ID.matcher(text).replaceFirst("");
        t = DOUBLE_QUOTED.matcher(t).replaceAll(m -> Matcher.quoteReplacement(m.group(1) != null ? m.group() : NOT_SHOWN));
        t = MARIADB_VALUE.matcher(t).replaceAll(m -> Matcher.quoteReplacement(
                (m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3)) + NOT_SHOWN));
        return SINGLE_QUOTED.matcher(t).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) != null ? m.group() : NOT_SHOWN));
    }
}
