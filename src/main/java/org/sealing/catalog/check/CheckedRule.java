package org.sealing.catalog.check;

import java.util.List;
import org.sealing.catalog.live.LiveCatalog.Column;
import org.sealing.catalog.live.LiveCatalog.Table;
import org.sealing.targetdb.ResolvedTarget.FieldMatch;
import org.sealing.targetdb.ResolvedTarget.JoinPair;
import org.sealing.targetdb.ResolvedTarget.MaskedColumn;

/**
 * What the checks confirmed of one rule in its table: the columns as the catalog spells them.
 *
 * @param table      the table
 * @param key        its key columns found
 * @param fields     the register fields it matches on (empty when it matches through a parent)
 * @param join       the column pairs of its 'via' (empty when it matches on fields)
 * @param masked     its masked columns whose strategies fit
 * @param sealedFlag its sealed flag, or null
 */
record CheckedRule(Table table, List<Column> key, List<FieldMatch> fields, List<JoinPair> join,
        List<MaskedColumn> masked, Column sealedFlag) {
}
