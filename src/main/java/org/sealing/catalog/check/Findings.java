package org.sealing.catalog.check;

import java.util.ArrayList;
import java.util.List;
import org.sealing.catalog.TableRule;
import org.sealing.catalog.check.TargetChecker.Finding;
import org.sealing.catalog.check.TargetChecker.Severity;
import org.sealing.catalog.live.LiveCatalog.Column;
import org.sealing.catalog.live.LiveCatalog.Table;
import org.sealing.targetdb.dialect.TargetDialect;

/**
 * What the checks of one target found so far, each finding at the key of the file it is about, and
 * the SQL its findings suggest in the target's dialect.
 */
final class Findings {

    private final List<Finding> found = new ArrayList<>();
    private final TargetDialect dialect;

    Findings(TargetDialect dialect) {
        this.dialect = dialect;
    }

    TargetDialect dialect() {
        return dialect;
    }

    void error(String where, String message) {
        found.add(new Finding(Severity.ERROR, where, message, null));
    }

    void warning(String where, String message, String fix) {
        found.add(new Finding(Severity.WARNING, where, message, fix));
    }

    boolean hasErrors() {
        return found.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }

    List<Finding> all() {
        return List.copyOf(found);
    }

    /** The column of the rule's table, or null after an error at the key that names it. */
    Column column(TableRule rule, Table table, String name, String where) {
        Column c = table.column(name);
        if (c == null) {
            error(at(rule, where), "no column " + name + " in " + rule.table());
        }
        return c;
    }

    /** The key of a rule's entry, as messages name it ({@code tables[2].mask.x}). */
    static String at(TableRule rule, String key) {
        return "tables[" + rule.index() + "]." + key;
    }

    /** A table's schema-qualified, quoted name (quoting is the SQL dialect's, in targetdb). */
    String qualified(Table table) {
        return dialect.qualified(table.schema(), table.name());
    }

    /** The statement a warning about a missing index on these columns suggests. */
    String createIndex(Table table, List<String> columns) {
        return dialect.createIndex(table, columns, false);
    }

    String quoted(List<String> columns) {
        return dialect.quoted(columns);
    }
}
