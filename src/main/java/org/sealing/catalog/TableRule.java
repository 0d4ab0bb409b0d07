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
 */
public record TableRule(int index, TableName table, List<String> key, Match match, Action action,
        Map<String, MaskStrategy> mask, String sealedFlag) {

    /** Where the rule is in its file, as messages name it. */
    public String where() {
        return "tables[" + index + "] (" + table + ")";
    }
}
