package org.sealing.targetdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sealing.catalog.Action;
import org.sealing.catalog.Match;
import org.sealing.catalog.MaskStrategy;
import org.sealing.catalog.MaskStrategy.Kind;
import org.sealing.catalog.TableName;
import org.sealing.catalog.TableRule;
import org.sealing.catalog.live.LiveCatalog.Column;
import org.sealing.targetdb.ResolvedTarget.JoinPair;
import org.sealing.targetdb.ResolvedTarget.MaskedColumn;
import org.sealing.targetdb.ResolvedTarget.ResolvedTable;

/**
 * The SQL of restores: a row is found by its key as the plan wrote it (echoed, never as this session would
 * write it), a child's parent by the values of its join; and which values of a copy are in the form the mask
 * gives them, in whatever zone or era they were written.
 */
class RestoreSqlTests {

    private static final Column ID = column("id", "integer", "int4");
    private static final Column AT = column("at", "timestamp with time zone", "timestamptz");
    private static final Column CASE_ID = column("case_id", "bigint", "int8");
    private static final Column BORN = column("born", "date", "date");
    private static final Column SEEN = column("seen", "timestamp with time zone", "timestamptz");
    private static final Column NAME = column("name", "text", "text");
    private static final Column DIGEST = column("digest", "text", "text");
    private static final Column CODE = column("code", "text", "text");
    private static final Column GONE = column("gone", "text", "text");
    private static final Column SEALED = column("sealed", "boolean", "bool");

    @Test
    void aRowIsLockedAndFoundByItsKeyAsThePlanWroteIt() {
        ResolvedTable parent = table("case_file", List.of(CASE_ID), Action.PURGE, null, List.of(), List.of(), null);
        ResolvedTable events = table("case_event", List.of(CASE_ID, AT), Action.PURGE, parent,
                List.of(new JoinPair(CASE_ID, CASE_ID)), List.of(), null);
        RestoreSql sql = new RestoreSql(events);

        assertThat(sql.lockRows()).isEqualTo("select t.*, false, k.k0, k.k1 from \"public\".\"case_event\" t join"
                + " unnest(?::text[], ?::text[]) as k(k0, k1) on t.\"case_id\" = k.k0::bigint and t.\"at\" ="
                + " k.k1::timestamp with time zone for update of t");
        assertThat(sql.present()).isEqualTo("select k.k0, k.k1 from \"public\".\"case_event\" t join"
                + " unnest(?::text[], ?::text[]) as k(k0, k1) on t.\"case_id\" = k.k0::bigint and t.\"at\" ="
                + " k.k1::timestamp with time zone");
        assertThat(sql.parentPresent()).isEqualTo("select k.k0 from unnest(?::text[]) as k(k0) where exists"
                + " (select 1 from \"public\".\"case_file\" p where p.\"case_id\" = k.k0::bigint)");
    }

    @Test
    void aValueInTheFormItsMaskGivesIsToldFromAnyOther() {
        RestoreSql sql = new RestoreSql(table("arrest", List.of(ID), Action.MASK, null, List.of(), List.of(
                new MaskedColumn(BORN, new MaskStrategy(Kind.YEAR_ONLY, null)),
                new MaskedColumn(SEEN, new MaskStrategy(Kind.YEAR_ONLY, null)),
                new MaskedColumn(NAME, new MaskStrategy(Kind.REDACT, null)),
                new MaskedColumn(DIGEST, new MaskStrategy(Kind.HASH, null)),
                new MaskedColumn(CODE, new MaskStrategy(Kind.CONSTANT, "X")),
                new MaskedColumn(GONE, new MaskStrategy(Kind.NULL, null))), SEALED));

        assertThat(sql.restoredColumns()).containsExactly("born", "seen", "name", "digest", "code", "gone", "sealed");
        assertThat(sql.inMaskedForm("born", "1980-01-01")).isTrue();
        assertThat(sql.inMaskedForm("born", "0044-01-01 BC")).isTrue();
        assertThat(sql.inMaskedForm("born", "1980-03-01")).isFalse();
        assertThat(sql.inMaskedForm("born", null)).isFalse();
        // a time stamp masked in New York reads back with its offset, in India with minutes too
        assertThat(sql.inMaskedForm("seen", "2019-01-01 00:00:00-05")).isTrue();
        assertThat(sql.inMaskedForm("seen", "2019-01-01 00:00:00+05:30")).isTrue();
        assertThat(sql.inMaskedForm("seen", "2019-01-01 00:00:00.5+00")).isFalse();
        assertThat(sql.inMaskedForm("name", "[SEALED]")).isTrue();
        assertThat(sql.inMaskedForm("name", null)).isFalse();
        assertThat(sql.inMaskedForm("digest", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"))
                .isTrue();
        assertThat(sql.inMaskedForm("digest", "0123456789abcdef")).isFalse();
        assertThat(sql.inMaskedForm("code", "X")).isTrue();
        assertThat(sql.inMaskedForm("code", "Y")).isFalse();
        assertThat(sql.inMaskedForm("gone", null)).isTrue();
        assertThat(sql.inMaskedForm("gone", "")).isFalse();
        assertThat(sql.inMaskedForm("sealed", "t")).isTrue();
        assertThat(sql.inMaskedForm("sealed", "f")).isFalse();
        // a column no mask writes is never in a masked form
        assertThat(sql.inMaskedForm("id", "[SEALED]")).isFalse();
    }

    private static Column column(String name, String type, String baseType) {
        return new Column(name, type, baseType, 'X', -1, true, false);
    }

    private static ResolvedTable table(String name, List<Column> key, Action action, ResolvedTable parent,
            List<JoinPair> join, List<MaskedColumn> masked, Column flag) {
        Match match = parent == null ? new Match.Fields(Map.of()) : new Match.Via(parent.rule().table(), Map.of());
        TableRule rule = new TableRule(0, new TableName("public", name), List.of(), match, action, Map.of(), null);
        return new ResolvedTable(rule, 0, Sql.qualified("public", name), key, List.of(), parent, join, List.of(),
                masked, flag, 0);
    }
}
