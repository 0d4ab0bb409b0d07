package org.sealing.targetdb;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.sealing.catalog.Action;
import org.sealing.catalog.Match;
import org.sealing.catalog.MaskStrategy;
import org.sealing.catalog.RegisterField;
import org.sealing.catalog.TableName;
import org.sealing.catalog.TableRule;
import org.sealing.catalog.TargetDefinition;
import org.sealing.job.StepInterruption;
import org.sealing.targetdb.LiveCatalog.Column;
import org.sealing.targetdb.LiveCatalog.ForeignKey;
import org.sealing.targetdb.LiveCatalog.Table;
import org.sealing.targetdb.ResolvedTarget.FieldMatch;
import org.sealing.targetdb.ResolvedTarget.JoinPair;
import org.sealing.targetdb.ResolvedTarget.MaskedColumn;
import org.sealing.targetdb.ResolvedTarget.ResolvedTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checks a target file against the live catalog of its database ({@code targets check}, and before
 * every run): tables, columns and keys exist; keys are unique; each strategy fits its column; a
 * purged table's foreign-key children are covered by rules; indexes that matching and purging need
 * are there (a warning with the {@code CREATE INDEX} to add). A target without errors comes out
 * resolved, its names spelled as the catalog spells them; nothing of the file reaches SQL otherwise.
 */
@Component
public class TargetChecker {

    private static final Logger log = LoggerFactory.getLogger(TargetChecker.class);

    private final TargetDatabases databases;

    public TargetChecker(TargetDatabases databases) {
        this.databases = databases;
    }

    public enum Severity {
        ERROR, WARNING
    }

    /**
     * A problem found.
     *
     * @param where the key of the file it is about ({@code connection}, {@code tables[2].mask.x}, ...)
     * @param fix   the statement that fixes a warning, or null
     */
    public record Finding(Severity severity, String where, String message, String fix) {
        @Override
        public String toString() {
            return severity + " " + where + ": " + message + (fix == null ? "" : "\n      fix: " + fix);
        }
    }

    /** What a check found; {@code resolved} is null when there are errors. */
    public record Report(TargetDefinition target, List<Finding> findings, ResolvedTarget resolved) {

        public List<Finding> errors() {
            return findings.stream().filter(f -> f.severity() == Severity.ERROR).toList();
        }

        public boolean hasErrors() {
            return !errors().isEmpty();
        }

        /** Whether the check failed because the database could not be reached at all. */
        public boolean unreachable() {
            return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR && "connection".equals(f.where()));
        }
    }

    public Report check(TargetDefinition target) {
        LiveCatalog catalog;
        Connection c;
        try {
            c = databases.connect(target);
        } catch (SQLException e) {
            String message = "cannot reach " + target.displayUrl() + ": " + TargetFailures.describe(e);
            return new Report(target, List.of(new Finding(Severity.ERROR, "connection", message, null)), null);
        }
        List<TableName> names = target.tables().stream().map(TableRule::table).toList();
        try (c) {
            // reading an index's definition waits for a table another session holds locked exclusively
            for (int tries = 1; ; tries++) {
                try {
                    catalog = LiveCatalog.read(c, names);
                    return new Check(target, catalog, c).run();
                } catch (SQLException e) {
                    c.rollback();
                    if (StepInterruption.requested()) {
                        throw StepInterruption.stopped("checking target " + target.name());
                    }
                    if (!TargetFailures.isLockTimeout(e)) {
                        throw e;
                    }
                    String table = TargetFailures.lockedTable(c, names.stream().map(TableName::toString).toList());
                    if (tries >= TargetFailures.LOCK_TRIES) {
                        throw new TargetFailures.Locked(table, TargetFailures.lockTimeoutOf(c), tries);
                    }
                    long pause = TargetFailures.lockPauseMillis(tries);
                    log.warn("target {} table {}: locked by another session; trying again in {} s (try {} of {})",
                            target.name(), table, pause / 1000, tries + 1, TargetFailures.LOCK_TRIES);
                    StepInterruption.pause(pause, "checking target " + target.name());
                } finally {
                    c.rollback();
                }
            }
        } catch (SQLException e) {
            String where = TargetFailures.isUnreachable(e) ? "connection" : "catalog";
            String message = "cannot read the catalog of " + target.displayUrl() + ": " + TargetFailures.describe(e);
            return new Report(target, List.of(new Finding(Severity.ERROR, where, message, null)), null);
        }
    }

    /** One check of one target. */
    private static final class Check {
        private final TargetDefinition target;
        private final LiveCatalog catalog;
        private final List<Finding> findings = new ArrayList<>();
        private final Map<TableRule, Table> tables = new LinkedHashMap<>();
        /** The rule of each table found, by the table's object id. */
        private final Map<Long, TableRule> ruleOf = new HashMap<>();

        private final Connection connection;

        Check(TargetDefinition target, LiveCatalog catalog, Connection connection) {
            this.target = target;
            this.catalog = catalog;
            this.connection = connection;
        }

        Report run() throws SQLException {
            if (!catalog.canCreateTemporaryTables()) {
                error("connection.username", "the user may not create temporary tables in database "
                        + catalog.database() + ", where the sealed cases are matched: GRANT TEMPORARY ON DATABASE "
                        + catalog.database() + " TO the user");
            }
            for (TableRule rule : target.tables()) {
                Table table;
                try {
                    table = catalog.table(rule.table());
                } catch (IllegalArgumentException e) {
                    error(at(rule, "table"), e.getMessage() + " in database " + catalog.database()
                            + ": write it as schema.table");
                    continue;
                }
                if (table == null) {
                    error(at(rule, "table"), "no table " + rule.table() + " in database " + catalog.database());
                    continue;
                }
                if (table.kind() != 'r' && table.kind() != 'p') {
                    error(at(rule, "table"), rule.table() + " is a " + kind(table.kind()) + ", not a table");
                    continue;
                }
                TableRule other = ruleOf.putIfAbsent(table.oid(), rule);
                if (other != null) {
                    error(at(rule, "table"), rule.table() + " is the same table as " + other.where());
                    continue;
                }
                tables.put(rule, table);
                privileges(rule, table);
            }
            Map<TableRule, List<Column>> keys = new HashMap<>();
            Map<TableRule, List<FieldMatch>> fields = new HashMap<>();
            Map<TableRule, List<JoinPair>> joins = new HashMap<>();
            Map<TableRule, List<MaskedColumn>> masks = new HashMap<>();
            Map<TableRule, Column> flags = new HashMap<>();
            for (Map.Entry<TableRule, Table> e : tables.entrySet()) {
                TableRule rule = e.getKey();
                Table table = e.getValue();
                keys.put(rule, key(rule, table));
                if (rule.match() instanceof Match.Fields f) {
                    fields.put(rule, fields(rule, table, f));
                } else if (rule.match() instanceof Match.Via via) {
                    joins.put(rule, via(rule, table, via));
                }
                masks.put(rule, masks(rule, table));
                flags.put(rule, sealedFlag(rule, table));
            }
            purgedParents();
            Map<TableRule, Integer> levels = tables.size() == target.tables().size() ? purgeLevels() : null;
            if (levels == null || findings.stream().anyMatch(f -> f.severity() == Severity.ERROR)) {
                return new Report(target, List.copyOf(findings), null);
            }
            return new Report(target, List.copyOf(findings), resolve(keys, fields, joins, masks, flags, levels));
        }

        private void privileges(TableRule rule, Table table) {
            if (!table.canSelect()) {
                error(at(rule, "table"), "the user may not SELECT from " + rule.table());
            }
            if (rule.action() == Action.PURGE && !table.canDelete()) {
                error(at(rule, "action"), "the user may not DELETE from " + rule.table());
            }
            if (rule.action() == Action.MASK && !table.canUpdate()) {
                error(at(rule, "action"), "the user may not UPDATE " + rule.table());
            }
        }

        private List<Column> key(TableRule rule, Table table) throws SQLException {
            List<Column> key = new ArrayList<>();
            for (String name : rule.key()) {
                Column c = column(rule, table, name, "key");
                if (c != null) {
                    key.add(c);
                    if (!c.notNull()) {
                        warning(at(rule, "key"), "key column " + c.name() + " of " + rule.table() + " may be null;"
                                + " a row whose key is null cannot be changed", null);
                    }
                }
            }
            if (key.size() == rule.key().size()) {
                List<String> names = key.stream().map(Column::name).toList();
                if (!table.uniqueOn(names) && table.canSelect() && duplicated(table, key)) {
                    error(at(rule, "key"), "key " + names + " is not unique in " + rule.table()
                            + ": some rows share a key, and a key must name one row");
                } else if (!table.uniqueOn(names)) {
                    warning(at(rule, "key"), "key " + names + " of " + rule.table() + " is unique only by its data"
                            + " today: no primary key or unique index enforces it", "create unique index on "
                            + table.qualified() + " (" + names.stream().map(Sql::quote).collect(Collectors.joining(", "))
                            + ");");
                }
            }
            return key;
        }

        /** Whether two rows of the table share the key (a scan of the table, only where no index says). */
        private boolean duplicated(Table table, List<Column> key) throws SQLException {
            String columns = key.stream().map(c -> Sql.quote(c.name())).collect(Collectors.joining(", "));
            try (java.sql.Statement s = connection.createStatement();
                    java.sql.ResultSet rs = s.executeQuery("select exists (select 1 from " + table.qualified()
                            + " group by " + columns + " having count(*) > 1)")) {
                rs.next();
                return rs.getBoolean(1);
            }
        }

        private List<FieldMatch> fields(TableRule rule, Table table, Match.Fields match) {
            List<FieldMatch> fields = new ArrayList<>();
            boolean indexed = false;
            String suggestion = null;
            for (Map.Entry<RegisterField, String> e : match.columns().entrySet()) {
                Column c = column(rule, table, e.getValue(), "match." + e.getKey().key());
                if (c == null) {
                    continue;
                }
                if (e.getKey() == RegisterField.ARREST_DATE) {
                    if (!c.isDate() && !c.isTimestamp()) {
                        error(at(rule, "match.arrest_date"), "arrest_date is compared as a date: column " + c.name()
                                + " of " + rule.table() + " is " + c.describe() + ", not a date or time stamp");
                        continue;
                    }
                    indexed |= table.indexedOn(List.of(c.name()));
                } else {
                    if (!c.isText() && c.category() != 'N') {
                        error(at(rule, "match." + e.getKey().key()), e.getKey().key() + " is an identifier: column "
                                + c.name() + " of " + rule.table() + " is " + c.describe());
                        continue;
                    }
                    String expression = TableSql.normalised(c, null);
                    indexed |= table.indexedOnExpression(expression);
                    if (suggestion == null) {
                        suggestion = "create index on " + table.qualified() + " ((" + expression + "));";
                    }
                }
                fields.add(new FieldMatch(e.getKey(), c));
            }
            if (!indexed && fields.size() == match.columns().size()) {
                warning(at(rule, "match"), "no index serves the match of " + rule.table()
                        + "; each run reads the whole table", suggestion);
            }
            return fields;
        }

        private List<JoinPair> via(TableRule rule, Table child, Match.Via via) {
            TableRule parentRule = target.rule(via.parent());
            Table parent = parentRule == null ? null : tables.get(parentRule);
            if (parent == null) {
                return List.of();
            }
            List<JoinPair> pairs = new ArrayList<>();
            if (via.on().isEmpty()) {
                List<ForeignKey> keys = catalog.between(child.oid(), parent.oid());
                if (keys.size() != 1) {
                    error(at(rule, "match.via"), (keys.isEmpty() ? "no foreign key" : keys.size() + " foreign keys")
                            + " from " + rule.table() + " to " + via.parent() + ": name the columns with"
                            + " 'via: { table: " + via.parent() + ", on: { child_column: parent_column } }'");
                    return List.of();
                }
                ForeignKey key = keys.get(0);
                for (int i = 0; i < key.childColumns().size(); i++) {
                    pairs.add(new JoinPair(child.column(key.childColumns().get(i)),
                            parent.column(key.parentColumns().get(i))));
                }
            } else {
                for (Map.Entry<String, String> e : via.on().entrySet()) {
                    Column c = column(rule, child, e.getKey(), "match.via.on");
                    Column p = column(rule, parent, e.getValue(), "match.via.on." + e.getKey());
                    if (c == null || p == null) {
                        continue;
                    }
                    if (c.category() != p.category()) {
                        error(at(rule, "match.via.on." + e.getKey()), "column " + c.name() + " of " + rule.table()
                                + " (" + c.type() + ") cannot be compared with " + p.name() + " of " + via.parent()
                                + " (" + p.type() + ")");
                        continue;
                    }
                    pairs.add(new JoinPair(c, p));
                }
            }
            List<String> childColumns = pairs.stream().map(p -> p.child().name()).toList();
            if (!childColumns.isEmpty() && !child.indexedOn(childColumns)) {
                warning(at(rule, "match.via"), "no index on " + childColumns + " of " + rule.table()
                        + "; each run reads the whole table", "create index on " + child.qualified() + " ("
                        + childColumns.stream().map(Sql::quote).collect(Collectors.joining(", ")) + ");");
            }
            return pairs;
        }

        private List<MaskedColumn> masks(TableRule rule, Table table) {
            List<MaskedColumn> masked = new ArrayList<>();
            for (Map.Entry<String, MaskStrategy> e : rule.mask().entrySet()) {
                String where = "mask." + e.getKey();
                Column c = column(rule, table, e.getKey(), where);
                if (c == null) {
                    continue;
                }
                MaskStrategy s = e.getValue();
                String problem = null;
                if (rule.key().contains(c.name())) {
                    problem = "column " + c.name() + " is part of the key of " + rule.table() + " and cannot be masked";
                } else if (c.generated()) {
                    problem = "column " + c.name() + " of " + rule.table() + " is generated and cannot be written";
                } else if (s.kind() == MaskStrategy.Kind.NULL && c.notNull()) {
                    problem = "'null' on NOT NULL column " + c.name() + " of " + rule.table();
                } else if (s.writesText() && !c.isText()) {
                    problem = "'" + s + "' on " + c.describe() + " column " + c.name() + " of " + rule.table()
                            + ": it writes text";
                } else if (s.writesText() && c.length() >= 0 && c.length() < s.textLength()) {
                    problem = "'" + s + "' writes " + s.textLength() + " characters; column " + c.name() + " of "
                            + rule.table() + " holds " + c.length();
                } else if (s.kind() == MaskStrategy.Kind.YEAR_ONLY && !c.isDate() && !c.isTimestamp()) {
                    problem = "'year-only' on " + c.describe() + " column " + c.name() + " of " + rule.table()
                            + ": it needs a date or time stamp";
                }
                if (problem != null) {
                    error(at(rule, where), problem);
                } else {
                    masked.add(new MaskedColumn(c, s));
                }
            }
            return masked;
        }

        private Column sealedFlag(TableRule rule, Table table) {
            if (rule.sealedFlag() == null) {
                return null;
            }
            Column c = column(rule, table, rule.sealedFlag(), "sealed-flag");
            if (c != null && !c.isBoolean()) {
                error(at(rule, "sealed-flag"), "sealed flag " + c.name() + " of " + rule.table() + " is " + c.describe()
                        + ", not boolean");
                return null;
            }
            return c;
        }

        /** Every table that references a purged table must be covered, or its rows block the purge. */
        private void purgedParents() {
            for (Map.Entry<TableRule, Table> e : tables.entrySet()) {
                TableRule rule = e.getKey();
                if (rule.action() != Action.PURGE) {
                    continue;
                }
                for (ForeignKey key : catalog.referencing(e.getValue().oid())) {
                    if (key.child() == key.parent()) {
                        warning(at(rule, "action"), "purged " + rule.table() + " references itself (foreign key "
                                + key.name() + "): a row and a row it references are purged in the same chunk only if"
                                + " they are planned together; a purge that fails is retried row by row", null);
                        continue;
                    }
                    TableRule childRule = ruleOf.get(key.child());
                    Table child = catalog.table(key.child());
                    if (childRule == null) {
                        error(at(rule, "action"), "table " + key.childDisplay() + " references purged " + rule.table()
                                + " (foreign key " + key.name() + ") and no rule covers it: add a rule that purges"
                                + " it 'via: " + rule.table() + "'");
                    } else if (childRule.action() != Action.PURGE) {
                        error(at(childRule, "action"), "masked table " + childRule.table() + " references purged "
                                + rule.table() + " (foreign key " + key.name() + "): its rows would block the purge,"
                                + " point at nothing or be deleted unaudited; purge it too");
                    }
                    if (child != null && !child.indexedOn(key.childColumns())) {
                        warning(at(rule, "action"), "no index on " + key.childColumns() + " of " + key.childDisplay()
                                + ", which references purged " + rule.table() + "; every purged row scans it",
                                "create index on " + child.qualified() + " (" + key.childColumns().stream()
                                        .map(Sql::quote).collect(Collectors.joining(", ")) + ");");
                    }
                }
            }
        }

        private ResolvedTarget resolve(Map<TableRule, List<Column>> keys, Map<TableRule, List<FieldMatch>> fields,
                Map<TableRule, List<JoinPair>> joins, Map<TableRule, List<MaskedColumn>> masks,
                Map<TableRule, Column> flags, Map<TableRule, Integer> levels) {
            // parents before the children that match through them
            List<TableRule> order = new ArrayList<>();
            Set<TableRule> placed = new LinkedHashSet<>();
            while (placed.size() < target.tables().size()) {
                for (TableRule rule : target.tables()) {
                    if (placed.contains(rule)) {
                        continue;
                    }
                    if (!(rule.match() instanceof Match.Via via) || placed.contains(target.rule(via.parent()))) {
                        placed.add(rule);
                        order.add(rule);
                    }
                }
            }
            Map<TableRule, Set<Column>> carried = new HashMap<>();
            for (TableRule rule : order) {
                if (rule.match() instanceof Match.Via via) {
                    TableRule parent = target.rule(via.parent());
                    for (JoinPair p : joins.get(rule)) {
                        if (!keys.get(parent).contains(p.parent())) {
                            carried.computeIfAbsent(parent, k -> new LinkedHashSet<>()).add(p.parent());
                        }
                    }
                }
            }
            Map<TableRule, ResolvedTable> resolved = new HashMap<>();
            List<ResolvedTable> list = new ArrayList<>();
            for (TableRule rule : order) {
                ResolvedTable parent = rule.match() instanceof Match.Via via ? resolved.get(target.rule(via.parent())) : null;
                ResolvedTable table = new ResolvedTable(rule, list.size(), tables.get(rule).qualified(),
                        List.copyOf(keys.get(rule)), List.copyOf(fields.getOrDefault(rule, List.of())), parent,
                        List.copyOf(joins.getOrDefault(rule, List.of())),
                        List.copyOf(carried.getOrDefault(rule, Set.of())), List.copyOf(masks.get(rule)), flags.get(rule),
                        levels.getOrDefault(rule, 0));
                resolved.put(rule, table);
                list.add(table);
            }
            return new ResolvedTarget(target, List.copyOf(list));
        }

        /**
         * The order of purges: 0 for a purged table no other purged table references, else one more
         * than the highest level of those that reference it (through 'via' or a foreign key).
         */
        private Map<TableRule, Integer> purgeLevels() {
            Map<TableRule, Set<TableRule>> referencedBy = new HashMap<>();
            for (TableRule rule : target.tables()) {
                if (rule.action() != Action.PURGE) {
                    continue;
                }
                Set<TableRule> children = referencedBy.computeIfAbsent(rule, k -> new LinkedHashSet<>());
                for (TableRule other : target.tables()) {
                    if (other.action() == Action.PURGE && other.match() instanceof Match.Via via
                            && via.parent().equals(rule.table())) {
                        children.add(other);
                    }
                }
                for (ForeignKey key : catalog.referencing(tables.get(rule).oid())) {
                    TableRule child = ruleOf.get(key.child());
                    if (child != null && child != rule && child.action() == Action.PURGE) {
                        children.add(child);
                    }
                }
            }
            Map<TableRule, Integer> levels = new HashMap<>();
            for (TableRule rule : referencedBy.keySet()) {
                try {
                    level(rule, referencedBy, levels, new LinkedHashSet<>());
                } catch (PurgeCycle cycle) {
                    error(at(rule, "action"), "purged tables reference each other in a circle ("
                            + cycle.path.stream().map(r -> r.table().toString()).collect(Collectors.joining(" -> "))
                            + "): no order of purges can satisfy their foreign keys");
                    return null;
                }
            }
            return levels;
        }

        private static int level(TableRule rule, Map<TableRule, Set<TableRule>> referencedBy,
                Map<TableRule, Integer> levels, Set<TableRule> path) {
            Integer known = levels.get(rule);
            if (known != null) {
                return known;
            }
            if (!path.add(rule)) {
                throw new PurgeCycle(path);
            }
            int level = 0;
            for (TableRule child : referencedBy.getOrDefault(rule, Set.of())) {
                level = Math.max(level, 1 + level(child, referencedBy, levels, path));
            }
            path.remove(rule);
            levels.put(rule, level);
            return level;
        }

        /** Purged tables that reference each other in a circle. */
        private static final class PurgeCycle extends RuntimeException {
            private final transient List<TableRule> path;

            PurgeCycle(Set<TableRule> path) {
                super(null, null, false, false);
                this.path = List.copyOf(path);
            }
        }

        private Column column(TableRule rule, Table table, String name, String where) {
            Column c = table.column(name);
            if (c == null) {
                error(at(rule, where), "no column " + name + " in " + rule.table());
            }
            return c;
        }

        private static String at(TableRule rule, String key) {
            return "tables[" + rule.index() + "]." + key;
        }

        private static String kind(char kind) {
            return switch (kind) {
                case 'v' -> "view";
                case 'm' -> "materialized view";
                case 'f' -> "foreign table";
                default -> "relation of kind " + kind;
            };
        }

        private void error(String where, String message) {
            findings.add(new Finding(Severity.ERROR, where, message, null));
        }

        private void warning(String where, String message, String fix) {
            findings.add(new Finding(Severity.WARNING, where, message, fix));
        }
    }
}
