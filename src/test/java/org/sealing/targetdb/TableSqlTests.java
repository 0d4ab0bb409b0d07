package org.sealing.targetdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sealing.targetdb.dialect.PostgreSqlDialect;
import org.sealing.catalog.Action;
import org.sealing.catalog.Match;
import org.sealing.catalog.MaskStrategy;
import org.sealing.catalog.MaskStrategy.Kind;
import org.sealing.catalog.RegisterField;
import org.sealing.catalog.TableName;
import org.sealing.catalog.TableRule;
import org.sealing.catalog.live.LiveCatalog.Column;
import org.sealing.targetdb.ResolvedTarget.FieldMatch;
import org.sealing.targetdb.ResolvedTarget.JoinPair;
import org.sealing.targetdb.ResolvedTarget.MaskedColumn;
import org.sealing.targetdb.ResolvedTarget.ResolvedTable;

/**
 * The exact SQL of one table, for single and composite keys: the match set, the plan, purge and mask
 * with the keys of a chunk as arrays, every name quoted and every text an escape-string literal.
 */
class TableSqlTests {

    private static final Column ARREST_ID = column("arrest_id", "integer", "int4", 'N');
    private static final Column CHARGE_SEQ = column("charge_seq", "smallint", "int2", 'N');
    private static final Column ARREST_NO = column("ArrestNo", "character varying(20)", "varchar", 'S');
    private static final Column NYSID = column("nysid", "bigint", "int8", 'N');
    private static final Column SEEN = column("seen", "timestamp(0) without time zone", "timestamp", 'D');
    private static final Column BORN = column("born", "date", "date", 'D');
    private static final Column IS_SEALED = column("is_sealed", "boolean", "bool", 'B');
    private static final Column REMARK = column("order", "text", "text", 'S');
    private static final Column NOTE = column("we\"ird", "text", "text", 'S');
    private static final Column SUBJECT = column("subject", "text", "text", 'S');

    private static final String NORMALISED_ARREST_NO = "upper(regexp_replace(t.\"ArrestNo\", '[^A-Za-z0-9]', '', 'g'))";

    @Test
    void aRegisterIdentifierIsComparedNormalisedAndANonTextColumnCastToText() {
        assertThat(PostgreSqlDialect.INSTANCE.normalisedIdentifier(ARREST_NO, "t")).isEqualTo(NORMALISED_ARREST_NO);
        assertThat(PostgreSqlDialect.INSTANCE.normalisedIdentifier(NYSID, "t"))
                .isEqualTo("upper(regexp_replace(t.\"nysid\"::text, '[^A-Za-z0-9]', '', 'g'))");
        assertThat(PostgreSqlDialect.INSTANCE.normalisedIdentifier(NYSID, null))
                .isEqualTo("upper(regexp_replace(\"nysid\"::text, '[^A-Za-z0-9]', '', 'g'))");
    }

    @Test
    void theCasesTableIsCreatedFilledAndAnalysed() {
        assertThat(SealedCasesTable.create(PostgreSqlDialect.INSTANCE)).containsExactly("create temporary table \"sealing$cases\""
                + " (order_id text not null, statute text, arrest_number text, nysid text, docket_number text,"
                + " arrest_date date)");
        assertThat(SealedCasesTable.COLUMNS).containsExactly("order_id", "statute", "arrest_number", "nysid",
                "docket_number", "arrest_date");
        assertThat(SealedCasesTable.loaded(PostgreSqlDialect.INSTANCE)).containsExactly("analyze \"sealing$cases\"");
    }

    @Test
    void aPurgeOfASingleKeyComparesItWithTheWholeArrayCastOnce() {
        TableSql sql = new TableSql(purged(0, "public", "user", List.of(ARREST_ID)));
        assertThat(sql.purge()).isEqualTo("delete from \"public\".\"user\" t where t.\"arrest_id\" ="
                + " any(?::text[]::integer[])");
        // a sealed row's image for the vault: the whole row, locked until the purge commits
        assertThat(sql.lockForCopy()).isEqualTo("select t.*, t.\"arrest_id\"::text from \"public\".\"user\" t where t.\"arrest_id\" ="
                + " any(?::text[]::integer[]) for update");
        assertThat(sql.countRows()).isEqualTo("select count(*) from \"public\".\"user\"");
    }

    @Test
    void aTableThatSomeStatutesLeaveAsItIsIsPlannedAndVerifiedForTheOthersAlone() {
        ResolvedTable table = purged(0, "public", "doc", List.of(ARREST_ID));
        TableSql some = new TableSql(table, List.of("160.50", "160.57"));
        assertThat(some.selectPlan()).endsWith(" where not m.\"sealing$done\" and m.\"sealing$statute\" in"
                + " (E'160.50', E'160.57')");
        assertThat(some.countResidual()).isEqualTo("select count(*) from \"sealing$m0\" where not \"sealing$done\""
                + " and \"sealing$statute\" in (E'160.50', E'160.57')");
        // a row of several cases is attributed to one whose statute changes it
        assertThat(some.createMatchSet().get(0)).endsWith(" order by t.\"arrest_id\", (true and c.statute in"
                + " (E'160.50', E'160.57')) is true desc, c.order_id");
        assertThat(new TableSql(table, List.of()).countResidual()).endsWith(" and false");
        assertThat(new TableSql(table, null).countResidual()).isEqualTo(new TableSql(table).countResidual())
                .isEqualTo("select count(*) from \"sealing$m0\" where not \"sealing$done\"");
    }

    @Test
    void aPurgeOfACompositeKeyJoinsTheKeyArraysCastToEachColumnsType() {
        TableSql sql = new TableSql(purged(1, "booking", "Charge", List.of(ARREST_ID, CHARGE_SEQ)));
        assertThat(sql.purge()).isEqualTo("delete from \"booking\".\"Charge\" t using unnest(?::text[], ?::text[])"
                + " as k(k0, k1) where t.\"arrest_id\" = k.k0::integer and t.\"charge_seq\" = k.k1::smallint");
        assertThat(sql.lockForCopy()).isEqualTo("select t.*, t.\"arrest_id\"::text, t.\"charge_seq\"::text"
                + " from \"booking\".\"Charge\" t join unnest(?::text[],"
                + " ?::text[]) as k(k0, k1) on t.\"arrest_id\" = k.k0::integer and t.\"charge_seq\" = k.k1::smallint"
                + " for update of t");
    }

    @Test
    void aMaskWritesEachStrategyWithConstantsAsLiteralsAndSkipsRowsAlreadyRemediated() {
        ResolvedTable table = masked(0, List.of(ARREST_ID), List.of(
                new MaskedColumn(REMARK, new MaskStrategy(Kind.CONSTANT, "O'Brien \\ 160.50")),
                new MaskedColumn(NOTE, new MaskStrategy(Kind.REDACT, null)),
                new MaskedColumn(NYSID, new MaskStrategy(Kind.NULL, null)),
                new MaskedColumn(BORN, new MaskStrategy(Kind.YEAR_ONLY, null)),
                new MaskedColumn(SEEN, new MaskStrategy(Kind.YEAR_ONLY, null)),
                new MaskedColumn(column("code", "text", "text", 'S'), new MaskStrategy(Kind.CONSTANT, "0"))),
                IS_SEALED);
        String done = "(coalesce(t.\"is_sealed\", false)"
                + " and (t.\"order\" is null or t.\"order\" = E'O''Brien \\\\ 160.50')"
                + " and (t.\"we\"\"ird\" is null or t.\"we\"\"ird\" = E'[SEALED]')"
                + " and t.\"nysid\" is null"
                + " and (t.\"born\" is null or t.\"born\" = date_trunc('year', t.\"born\")::date)"
                + " and (t.\"seen\" is null or t.\"seen\" = date_trunc('year', t.\"seen\")::timestamp(0) without time zone)"
                + " and (t.\"code\" is null or t.\"code\" = E'0'))";
        assertThat(new TableSql(table).done("t")).isEqualTo(done);
        assertThat(new TableSql(table).mask()).isEqualTo("update \"booking\".\"arrest\" t set"
                + " \"order\" = case when t.\"order\" is null then null else E'O''Brien \\\\ 160.50' end,"
                + " \"we\"\"ird\" = case when t.\"we\"\"ird\" is null then null else E'[SEALED]' end,"
                + " \"nysid\" = null,"
                + " \"born\" = date_trunc('year', t.\"born\")::date,"
                + " \"seen\" = date_trunc('year', t.\"seen\")::timestamp(0) without time zone,"
                + " \"code\" = case when t.\"code\" is null then null else E'0' end,"
                + " \"is_sealed\" = true"
                + " where t.\"arrest_id\" = any(?::text[]::integer[]) and not " + done);
        assertThat(new TableSql(table).hashedColumns()).isEmpty();
    }

    @Test
    void aHashedMaskTakesTheNewValuesAsArraysBesideTheKeys() {
        ResolvedTable table = masked(0, List.of(ARREST_ID),
                List.of(new MaskedColumn(SUBJECT, new MaskStrategy(Kind.HASH, null))), null);
        TableSql sql = new TableSql(table);
        String done = "((t.\"subject\" is null or t.\"subject\"::text ~ '^[0-9a-f]{64}$'))";
        assertThat(sql.hashedColumns()).containsExactly("subject");
        assertThat(sql.selectHashed()).isEqualTo("select t.\"arrest_id\"::text, t.\"subject\"::text from"
                + " \"booking\".\"arrest\" t where t.\"arrest_id\" = any(?::text[]::integer[])");
        assertThat(sql.mask()).isEqualTo("update \"booking\".\"arrest\" t set \"subject\" = case when t.\"subject\""
                + " is null or t.\"subject\"::text ~ '^[0-9a-f]{64}$' then t.\"subject\" else k.h0 end"
                + " from unnest(?::text[], ?::text[]) as k(k0, h0) where t.\"arrest_id\" = k.k0::integer"
                + " and not " + done);
        // only a row the mask will change is copied to the vault: one masked already keeps its copy
        assertThat(sql.lockForCopy()).isEqualTo("select t.*, t.\"arrest_id\"::text from \"booking\".\"arrest\" t where t.\"arrest_id\""
                + " = any(?::text[]::integer[]) and not " + done + " for update");
    }

    @Test
    void aMaskOfACompositeKeyJoinsTheKeyArrays() {
        ResolvedTable table = masked(2, List.of(ARREST_ID, CHARGE_SEQ),
                List.of(new MaskedColumn(SUBJECT, new MaskStrategy(Kind.HASH, null))), IS_SEALED);
        TableSql sql = new TableSql(table);
        String done = "(coalesce(t.\"is_sealed\", false)"
                + " and (t.\"subject\" is null or t.\"subject\"::text ~ '^[0-9a-f]{64}$'))";
        assertThat(sql.selectHashed()).isEqualTo("select t.\"arrest_id\"::text, t.\"charge_seq\"::text,"
                + " t.\"subject\"::text from \"booking\".\"arrest\" t join unnest(?::text[], ?::text[]) as k(k0, k1)"
                + " on t.\"arrest_id\" = k.k0::integer and t.\"charge_seq\" = k.k1::smallint");
        assertThat(sql.mask()).isEqualTo("update \"booking\".\"arrest\" t set \"subject\" = case when t.\"subject\""
                + " is null or t.\"subject\"::text ~ '^[0-9a-f]{64}$' then t.\"subject\" else k.h0 end,"
                + " \"is_sealed\" = true from unnest(?::text[], ?::text[], ?::text[]) as k(k0, k1, h0)"
                + " where t.\"arrest_id\" = k.k0::integer and t.\"charge_seq\" = k.k1::smallint and not " + done);
        assertThat(sql.lockForCopy()).isEqualTo("select t.*, t.\"arrest_id\"::text, t.\"charge_seq\"::text"
                + " from \"booking\".\"arrest\" t join unnest(?::text[],"
                + " ?::text[]) as k(k0, k1) on t.\"arrest_id\" = k.k0::integer and t.\"charge_seq\" = k.k1::smallint"
                + " and not " + done + " for update of t");
        assertThat(sql.selectPlan()).isEqualTo("select m.\"arrest_id\"::text, m.\"charge_seq\"::text,"
                + " m.\"sealing$order\", m.\"sealing$statute\" from \"sealing$m2\" m where not m.\"sealing$done\"");
        assertThat(sql.countResidual()).isEqualTo("select count(*) from \"sealing$m2\" where not \"sealing$done\"");
    }

    @Test
    void aMatchSetJoinsTheCasesOnNormalisedIdentifiersAndAWholeDayOfATimeStamp() {
        ResolvedTable table = new ResolvedTable(rule(0, "booking", "arrest", Action.PURGE, null), 0,
                Sql.qualified("booking", "arrest"), List.of(ARREST_ID),
                List.of(new FieldMatch(RegisterField.ARREST_NUMBER, ARREST_NO),
                        new FieldMatch(RegisterField.ARREST_DATE, SEEN)),
                null, List.of(), List.of(NYSID), List.of(), null, 0);
        assertThat(new TableSql(table).createMatchSet()).containsExactly("create temporary table \"sealing$m0\" as"
                + " select distinct on (t.\"arrest_id\") t.\"arrest_id\", t.\"nysid\", c.order_id as \"sealing$order\","
                + " c.statute as \"sealing$statute\", false as \"sealing$done\" from \"booking\".\"arrest\" t join"
                + " \"sealing$cases\" c on " + NORMALISED_ARREST_NO + " = c.arrest_number and (t.\"seen\" >="
                + " c.arrest_date and t.\"seen\" < c.arrest_date + 1) order by t.\"arrest_id\", c.order_id",
                "analyze \"sealing$m0\"");
    }

    @Test
    void aChildsMatchSetJoinsItsParentsOnTheirColumnsAndADateColumnIsComparedAsADate() {
        ResolvedTable parent = new ResolvedTable(rule(0, "booking", "arrest", Action.MASK, null), 0,
                Sql.qualified("booking", "arrest"), List.of(ARREST_ID),
                List.of(new FieldMatch(RegisterField.NYSID, NYSID), new FieldMatch(RegisterField.ARREST_DATE, BORN)),
                null, List.of(), List.of(), List.of(), IS_SEALED, 0);
        assertThat(new TableSql(parent).createMatchSet().get(0)).contains(" from \"booking\".\"arrest\" t join"
                + " \"sealing$cases\" c on upper(regexp_replace(t.\"nysid\"::text, '[^A-Za-z0-9]', '', 'g')) ="
                + " c.nysid and t.\"born\" = c.arrest_date order by");
        ResolvedTable child = new ResolvedTable(rule(1, "booking", "Charge", Action.PURGE, parent), 1,
                Sql.qualified("booking", "Charge"), List.of(ARREST_ID, CHARGE_SEQ), List.of(), parent,
                List.of(new JoinPair(ARREST_ID, ARREST_ID)), List.of(), List.of(), null, 1);
        assertThat(new TableSql(child).createMatchSet()).containsExactly("create temporary table \"sealing$m1\" as"
                + " select distinct on (t.\"arrest_id\", t.\"charge_seq\") t.\"arrest_id\", t.\"charge_seq\","
                + " p.\"sealing$order\" as \"sealing$order\", p.\"sealing$statute\" as \"sealing$statute\","
                + " false as \"sealing$done\" from \"booking\".\"Charge\" t join \"sealing$m0\" p on"
                + " t.\"arrest_id\" = p.\"arrest_id\" order by t.\"arrest_id\", t.\"charge_seq\", p.\"sealing$order\"",
                "analyze \"sealing$m1\"");
    }

    private static Column column(String name, String type, String baseType, char category) {
        return new Column(name, type, baseType, category, -1, true, false);
    }

    private static ResolvedTable purged(int position, String schema, String name, List<Column> key) {
        return new ResolvedTable(rule(position, schema, name, Action.PURGE, null), position,
                Sql.qualified(schema, name), key, List.of(), null, List.of(), List.of(), List.of(), null, 0);
    }

    private static ResolvedTable masked(int position, List<Column> key, List<MaskedColumn> masked, Column flag) {
        return new ResolvedTable(rule(position, "booking", "arrest", Action.MASK, null), position,
                Sql.qualified("booking", "arrest"), key, List.of(), null, List.of(), List.of(), masked, flag, 0);
    }

    private static TableRule rule(int index, String schema, String name, Action action, ResolvedTable parent) {
        Match match = parent == null ? new Match.Fields(Map.of()) : new Match.Via(parent.rule().table(), Map.of());
        return new TableRule(index, new TableName(schema, name), List.of(), match, action, Map.of(), null);
    }
}
