package org.sealing.catalog.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sealing.catalog.Match;
import org.sealing.catalog.RegisterField;
import org.sealing.catalog.TableRule;
import org.sealing.catalog.live.LiveCatalog.Column;
import org.sealing.catalog.live.LiveCatalog.ForeignKey;
import org.sealing.catalog.live.LiveCatalog.Table;
import org.sealing.targetdb.ResolvedTarget.FieldMatch;
import org.sealing.targetdb.ResolvedTarget.JoinPair;

/**
 * The match of a rule can be computed, and cheaply: register fields meet columns of a type they
 * compare with, a 'via' has its columns or its single foreign key, and an index serves the match
 * (a warning with the {@code CREATE INDEX} to add when none does).
 */
final class MatchCheck {

    private final FoundTables found;
    private final Findings findings;

    MatchCheck(FoundTables found, Findings findings) {
        this.found = found;
        this.findings = findings;
    }

    /** The register fields and the columns they are compared with. */
    List<FieldMatch> fields(TableRule rule, Table table, Match.Fields match) {
        List<FieldMatch> fields = new ArrayList<>();
        boolean indexed = false;
        String suggestion = null;
        for (Map.Entry<RegisterField, String> e : match.columns().entrySet()) {
            String key = e.getKey().key();
            Column c = findings.column(rule, table, e.getValue(), "match." + key);
            if (c == null) {
                continue;
            }
            if (e.getKey() == RegisterField.ARREST_DATE) {
                if (!c.isDate() && !c.isTimestamp()) {
                    findings.error(Findings.at(rule, "match.arrest_date"), "arrest_date is compared as a date: column "
                            + c.name() + " of " + rule.table() + " is " + c.describe() + ", not a date or time stamp");
                    continue;
                }
                indexed |= table.indexedOn(List.of(c.name()));
            } else {
                if (!c.isText() && c.category() != 'N') {
                    findings.error(Findings.at(rule, "match." + key), key + " is an identifier: column " + c.name()
                            + " of " + rule.table() + " is " + c.describe());
                    continue;
                }
                indexed |= table.indexedOnExpression(findings.dialect().normalisedIdentifier(c, null));
                if (suggestion == null) {
                    suggestion = findings.dialect().createMatchIndex(table, c);
                }
            }
            // MariaDB: the indexed generated column of the normalised identifier, which its optimizer uses only by name
            String normalised = e.getKey() == RegisterField.ARREST_DATE ? null
                    : table.columnIndexedOnExpression(findings.dialect().normalisedIdentifier(c, null));
            Column generated = normalised == null ? null : table.column(normalised);
            if (generated != null && !holdsEvery(generated, c)) {
                // a shorter column cuts an identifier short (or refuses its row): it would match a row not sealed
                findings.warning(Findings.at(rule, "match." + key), "generated column " + generated.name() + " of "
                        + rule.table() + " (" + (generated.isText() ? generated.length() + " characters" : "not text")
                        + ") may not hold " + c.name() + " normalised whole: it could cut an identifier short and"
                        + " match a row that is not sealed, so the match does not use it", null);
                normalised = null;
            }
            fields.add(new FieldMatch(e.getKey(), c, normalised));
        }
        if (!indexed && fields.size() == match.columns().size()) {
            findings.warning(Findings.at(rule, "match"), "no index serves the match of " + rule.table()
                    + "; each run reads the whole table", suggestion);
        }
        return fields;
    }

    /**
     * Whether a generated text column holds every normalised identifier of the source column: at least as
     * long as the source text (normalising only removes characters), or as the 65 digits of a number.
     */
    private static boolean holdsEvery(Column generated, Column source) {
        if (!generated.isText()) {
            return false;
        }
        if (generated.length() < 0) {
            return true;
        }
        int longest = source.isText() ? source.length() : 65;
        return longest >= 0 && generated.length() >= longest;
    }

    /** The pairs of child and parent columns a 'via' joins on. */
    List<JoinPair> via(TableRule rule, Table child, Match.Via via) {
        TableRule parentRule = found.target().rule(via.parent());
        Table parent = parentRule == null ? null : found.tables().get(parentRule);
        if (parent == null) {
            return List.of();
        }
        List<JoinPair> pairs = via.on().isEmpty() ? foreignKey(rule, child, parent, via) : on(rule, child, parent, via);
        if (pairs == null) {
            return List.of();
        }
        List<String> childColumns = pairs.stream().map(p -> p.child().name()).toList();
        if (!childColumns.isEmpty() && !child.indexedOn(childColumns)) {
            findings.warning(Findings.at(rule, "match.via"), "no index on " + childColumns + " of " + rule.table()
                    + "; each run reads the whole table", findings.createIndex(child, childColumns));
        }
        return pairs;
    }

    /** The columns of the single foreign key from child to parent, or null (an error) when there is not one. */
    private List<JoinPair> foreignKey(TableRule rule, Table child, Table parent, Match.Via via) {
        List<ForeignKey> keys = found.catalog().between(child.oid(), parent.oid());
        if (keys.size() != 1) {
            findings.error(Findings.at(rule, "match.via"), (keys.isEmpty() ? "no foreign key" : keys.size()
                    + " foreign keys") + " from " + rule.table() + " to " + via.parent() + ": name the columns with"
                    + " 'via: { table: " + via.parent() + ", on: { child_column: parent_column } }'");
            return null;
        }
        ForeignKey key = keys.get(0);
        List<JoinPair> pairs = new ArrayList<>();
        for (int i = 0; i < key.childColumns().size(); i++) {
            pairs.add(new JoinPair(child.column(key.childColumns().get(i)), parent.column(key.parentColumns().get(i))));
        }
        return pairs;
    }

    /**
     * Whether two columns of one category compare as values of one kind: in the category of types of their own
     * (uuid, binary strings and blobs, json) only columns of one type do, or binary strings of two lengths. A uuid
     * joined to a binary(16) may find its parent, but a restore could never find it again from the child's copy.
     */
    private static boolean sameKind(Column c, Column p) {
        if (c.category() != 'U' || c.baseType().equals(p.baseType())) {
            return true;
        }
        return c.isBytes() && p.isBytes();
    }

    /** The columns the file names in {@code on}, each pair of one type category and kind. */
    private List<JoinPair> on(TableRule rule, Table child, Table parent, Match.Via via) {
        List<JoinPair> pairs = new ArrayList<>();
        for (Map.Entry<String, String> e : via.on().entrySet()) {
            Column c = findings.column(rule, child, e.getKey(), "match.via.on");
            Column p = findings.column(rule, parent, e.getValue(), "match.via.on." + e.getKey());
            if (c == null || p == null) {
                continue;
            }
            if (c.category() != p.category() || !sameKind(c, p)) {
                findings.error(Findings.at(rule, "match.via.on." + e.getKey()), "column " + c.name() + " of "
                        + rule.table() + " (" + c.type() + ") cannot be compared with " + p.name() + " of "
                        + via.parent() + " (" + p.type() + ")");
                continue;
            }
            pairs.add(new JoinPair(c, p));
        }
        return pairs;
    }
}
