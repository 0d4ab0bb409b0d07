package org.sealing.targetdb;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.sealing.catalog.Action;
import org.sealing.catalog.MaskStrategy;
import org.sealing.catalog.RegisterField;
import org.sealing.catalog.TableRule;
import org.sealing.catalog.TargetDefinition;
import org.sealing.catalog.live.LiveCatalog.Column;
import org.sealing.targetdb.dialect.PostgreSqlDialect;
import org.sealing.targetdb.dialect.TargetDialect;

/**
 * A target whose file was checked against its live catalog: every table and column is one the
 * database has, spelled as it spells it, with its type. Only this reaches the SQL of plan, apply and
 * verify.
 *
 * @param definition the target file
 * @param tables     its tables, each after the table it matches through
 */
public record ResolvedTarget(TargetDefinition definition, List<ResolvedTable> tables) {

    public String name() {
        return definition.name();
    }

    /** The register fields some table of the target matches on (only those are copied to it). */
    public Set<RegisterField> usedFields() {
        Set<RegisterField> used = EnumSet.noneOf(RegisterField.class);
        for (ResolvedTable t : tables) {
            t.fields().forEach(f -> used.add(f.field()));
        }
        return used;
    }

    public ResolvedTable table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * A register field compared with a column; {@code normalisedColumn}, when not null, is an indexed generated
     * column that holds the column's normalised value, compared instead of the expression.
     */
    public record FieldMatch(RegisterField field, Column column, String normalisedColumn) {

        public FieldMatch(RegisterField field, Column column) {
            this(field, column, null);
        }
    }

    /** A column of a child compared with a column of its parent. */
    public record JoinPair(Column child, Column parent) {
    }

    /** A masked column and its strategy. */
    public record MaskedColumn(Column column, MaskStrategy strategy) {
    }

    /**
     * One table of the target.
     *
     * @param rule       its rule
     * @param position   its place in {@link ResolvedTarget#tables()}, which names its match set
     * @param qualified  its schema-qualified, quoted name
     * @param keyColumns its key
     * @param fields     the fields it matches on (empty when it matches through a parent)
     * @param parent     the table it matches through, or null
     * @param join       the columns of that match
     * @param carried    the columns, beyond its key, that its children match on
     * @param masked     its masked columns
     * @param sealedFlag its sealed flag, or null
     * @param purgeLevel the order of purges: a table's purges come after those of every table that references it
     * @param dialect    the engine of its database, whose SQL its statements are written in
     */
    public record ResolvedTable(TableRule rule, int position, String qualified, List<Column> keyColumns,
            List<FieldMatch> fields, ResolvedTable parent, List<JoinPair> join, List<Column> carried,
            List<MaskedColumn> masked, Column sealedFlag, int purgeLevel, TargetDialect dialect) {

        /** A table of a PostgreSQL database. */
        public ResolvedTable(TableRule rule, int position, String qualified, List<Column> keyColumns,
                List<FieldMatch> fields, ResolvedTable parent, List<JoinPair> join, List<Column> carried,
                List<MaskedColumn> masked, Column sealedFlag, int purgeLevel) {
            this(rule, position, qualified, keyColumns, fields, parent, join, carried, masked, sealedFlag, purgeLevel,
                    PostgreSqlDialect.INSTANCE);
        }

        /** The table as target files and the plan name it. */
        public String name() {
            return rule.table().toString();
        }

        public Action action() {
            return rule.action();
        }

        /** The key's column names. */
        public List<String> key() {
            return keyColumns.stream().map(Column::name).toList();
        }
    }
}
