package org.sealing.catalog;

import java.util.List;
import java.util.Map;

/**
 * The rule of one table of a target: how its rows match sealed cases and what happens to them.
 *
 * @param index      the rule's position in its file, for messages ({@code tables[index]})
 * @param table      the table
 * @param key        its key columns
 * @param match      how its rows match
 * @param action     purge or mask
 * @param mask       masked columns and their strategies, in file order (empty for purge)
 * @param sealedFlag the boolean column mask sets true, or null
 * @param holds      the kind of record its rows are ({@code photographs}, {@code prints}, {@code records} or a
 *                   kind the policy defines), which with the statute of the order gives a row's outcome
 */
public record TableRule(int index, TableName table, List<String> key, Match match, Action action,
        Map<String, MaskStrategy> mask, String sealedFlag, String holds) {

    /** The kinds of record the built-in policy knows. */
    public static final List<String> BUILT_IN_KINDS = List.of("photographs", "prints", "records");

    /** What a table without {@code holds} holds. */
    public static final String DEFAULT_KIND = "records";

    /** A rule of a table that holds {@link #DEFAULT_KIND records}. */
    public TableRule(int index, TableName table, List<String> key, Match match, Action action,
            Map<String, MaskStrategy> mask, String sealedFlag) {
        this(index, table, key, match, action, mask, sealedFlag, DEFAULT_KIND);
    }

    /** Where the rule is in its file, as messages name it. */
    public String where() {
        return "tables[" + index + "] (" + table + ")";
    }
}
