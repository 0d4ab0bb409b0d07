package org.sealing.catalog.check;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sealing.catalog.Match;
import org.sealing.catalog.TableRule;
import org.sealing.catalog.TargetDefinition;
import org.sealing.catalog.check.TargetChecker.Report;
import org.sealing.catalog.live.LiveCatalog;
import org.sealing.catalog.live.LiveCatalog.Column;
import org.sealing.catalog.live.LiveCatalog.Table;
import org.sealing.targetdb.ResolvedTarget.FieldMatch;
import org.sealing.targetdb.ResolvedTarget.JoinPair;
import org.sealing.targetdb.dialect.TargetDialect;

/**
 * One check of one target against the catalog read for it: each family of checks in the order its
 * findings are listed (tables and privileges, then per table its key, match, masks and sealed flag,
 * then the purges' foreign keys and order), and the resolution of a target without errors.
 */
final class TargetCheck {

    private final TargetDefinition target;
    private final LiveCatalog catalog;
    private final Connection connection;
    private final Findings findings;

    TargetCheck(TargetDefinition target, TargetDialect dialect, LiveCatalog catalog, Connection connection) {
        this.target = target;
        this.catalog = catalog;
        this.connection = connection;
        this.findings = new Findings(dialect);
    }

    Report run() throws SQLException {
        if (!catalog.canCreateTemporaryTables()) {
            findings.error("connection.username", "the user may not create temporary tables in database "
                    + catalog.database() + ", where the sealed cases are matched: "
                    + findings.dialect().grantTemporaryTables(catalog.database()));
        }
        FoundTables found = FoundTables.find(target, catalog, findings);
        KeyCheck keys = new KeyCheck(connection, findings);
        MatchCheck matches = new MatchCheck(found, findings);
        MaskCheck masks = new MaskCheck(findings);
        CopyCheck copies = new CopyCheck(connection, findings);
        Map<TableRule, CheckedRule> checked = new LinkedHashMap<>();
        for (Map.Entry<TableRule, Table> e : found.tables().entrySet()) {
            TableRule rule = e.getKey();
            Table table = e.getValue();
            List<Column> key = keys.key(rule, table);
            copies.check(rule, table);
            List<FieldMatch> fields = rule.match() instanceof Match.Fields f ? matches.fields(rule, table, f)
                    : List.of();
            List<JoinPair> join = rule.match() instanceof Match.Via via ? matches.via(rule, table, via) : List.of();
            checked.put(rule, new CheckedRule(table, key, fields, join, masks.masks(rule, table),
                    masks.sealedFlag(rule, table)));
        }
        PurgeOrder purges = new PurgeOrder(found, findings);
        purges.checkChildren();
        Map<TableRule, Integer> levels = found.tables().size() == target.tables().size() ? purges.levels() : null;
        if (levels == null || findings.hasErrors()) {
            return new Report(target, findings.all(), null);
        }
        return new Report(target, findings.all(), Resolution.resolve(target, checked, levels, findings));
    }
}
