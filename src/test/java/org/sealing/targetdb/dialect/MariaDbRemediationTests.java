package org.sealing.targetdb.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sealing.catalog.live.LiveCatalog.Column;

/**
 * MariaDB's remediation SQL: a chunk's keys as one JSON document read by JSON_TABLE with the key columns'
 * types, joined deletes and updates, temporary tables dropped before they are made again, the first row per
 * key by ROW_NUMBER(), and text compared and tested in a binary collation.
 */
class MariaDbRemediationTests {

    private static final RemediationSql R = MariaDbRemediation.INSTANCE;
    private static final Column ID = new Column("arrest_id", "int(11)", "int", 'N', -1, true, false);
    private static final Column SEQ = new Column("charge_seq", "smallint(6)", "smallint", 'N', -1, true, false);
    private static final Column DOB = new Column("dob", "date", "date", 'D', -1, false, false);
    private static final Column BOOKED = new Column("booked", "datetime", "timestamp", 'D', -1, false, false);

    @Test
    void theKeysOfAChunkAreOneJsonDocumentOfRowsReadWithTheKeyTypes() throws Exception {
        assertThat(R.keysSource(List.of(ID, SEQ), 1)).isEqualTo("json_table(?, '$[*]' columns (k0 int(11) path"
                + " '$[0]', k1 smallint(6) path '$[1]', h0 text path '$[2]', g0 text path '$[0]', g1 text path '$[1]')) k");
        assertThat(R.givenKey(1)).isEqualTo("k.g1");
        assertThat(R.keyInArray("t.`arrest_id`", ID)).isNull();
        assertThat(R.keyEquals("t.`arrest_id`", "k.k0", ID)).isEqualTo("t.`arrest_id` = k.k0");
        List<Object> bound = new ArrayList<>();
        PreparedStatement ps = (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setString")) {
                        bound.add(args[0]);
                        bound.add(args[1]);
                    }
                    return null;
                });

        int next = R.bindKeys(null, ps, 1, List.of(new String[] {"1", "2"}, new String[] {"3", "4"},
                new String[] {"O'Brien \"x\"\\\n", null}));

        assertThat(next).isEqualTo(2);
        assertThat(bound).containsExactly(1, "[[\"1\",\"3\",\"O'Brien \\\"x\\\"\\\\\\u000a\"],[\"2\",\"4\",null]]");
    }

    /** A text key is read in its column's collation, so that the key index serves the join (a latin1 key too). */
    @Test
    void aTextKeyIsReadInItsColumnsCollation() {
        Column key = MariaDbTypes.withCollation(MariaDbTypes.column("case_no", "varchar", "varchar(40)", 40, false,
                true, false), "latin1_swedish_ci");
        assertThat(key.type()).isEqualTo("varchar(40) collate latin1_swedish_ci");
        assertThat(key.isText()).isTrue();
        assertThat(R.keysSource(List.of(key), 0)).isEqualTo("json_table(?, '$[*]' columns (k0 varchar(40) collate"
                + " latin1_swedish_ci path '$[0]', g0 text path '$[0]')) k");
        assertThat(MariaDbTypes.withCollation(ID, "latin1_swedish_ci")).isSameAs(ID);
        assertThat(MariaDbTypes.withCollation(key, "x; drop")).isSameAs(key);
    }

    @Test
    void deletesAndUpdatesJoinTheKeysAndAnUpdateNamesItsColumnsWithTheAlias() {
        assertThat(R.deleteJoined("`db`.`t`", "K", "ON")).isEqualTo("delete t from `db`.`t` t join K on ON");
        assertThat(R.updateJoined("`db`.`t`", "t.`a` = null", "K", "ON", "not D"))
                .isEqualTo("update `db`.`t` t join K on ON set t.`a` = null where not D");
        assertThat(R.assigned("t", "`a`")).isEqualTo("t.`a`");
        assertThat(R.forUpdate(true)).isEqualTo(" for update");
        assertThat(R.parameter(ID)).isEqualTo("?");
    }

    @Test
    void temporaryTablesAreDroppedFirstAndTheFirstRowPerKeyIsNumbered() {
        assertThat(R.createCases("`sealing$cases`")).hasSize(2).first()
                .isEqualTo("drop temporary table if exists `sealing$cases`");
        assertThat(R.casesLoaded("`sealing$cases`")).isEmpty();
        assertThat(R.createFirstPerKey("`m`", "t.`a`, c.order_id as o", "T t join C c on X", "t.`a`", "c.order_id"))
                .containsExactly("drop temporary table if exists `m`", "create temporary table `m` engine = InnoDB as"
                        + " select * from (select t.`a`, c.order_id as o, row_number() over (partition by t.`a` order by"
                        + " c.order_id) as `sealing$rn` from T t join C c on X) x limit 0", "insert into `m` select * from"
                        + " (select t.`a`, c.order_id as o, row_number() over (partition by t.`a` order by c.order_id)"
                        + " as `sealing$rn` from T t join C c on X) x where `sealing$rn` = 1");
    }

    @Test
    void masksAreWrittenInMariaDbsFunctionsWithPostgreSqlsMeaning() {
        assertThat(R.yearOnly("t.`dob`", DOB)).isEqualTo("makedate(year(t.`dob`), 1)");
        assertThat(R.yearOnly("t.`booked`", BOOKED)).isEqualTo("timestamp(makedate(year(t.`booked`), 1))");
        assertThat(R.isHash("t.`s`")).isEqualTo("convert(cast(t.`s` as char) using utf8mb4) collate utf8mb4_nopad_bin"
                + " regexp '^[0-9a-f]{64}\\\\z'");
        assertThat(R.sameText("t.`n`", "'[SEALED]'")).isEqualTo("convert(t.`n` using utf8mb4) collate utf8mb4_nopad_bin ="
                + " convert('[SEALED]' using utf8mb4) collate utf8mb4_nopad_bin");
        assertThat(R.nextDay("c.arrest_date")).isEqualTo("c.arrest_date + interval 1 day");
        assertThat(R.text("m.`k`")).isEqualTo("cast(m.`k` as char)");
    }

    /** A schema or table name holding back-ticks and dots is read back whole from its quoted form. */
    @Test
    void theGeneratedColumnsOfATableAreAskedForByItsOwnNames() {
        assertThat(R.generatedColumns("`police`.`arrest`")).isEqualTo("select column_name from"
                + " information_schema.columns where table_schema = 'police' and table_name = 'arrest' and"
                + " is_generated <> 'NEVER'");
        // schema a`.`b, table c: the first "`.`" is inside the schema's name
        assertThat(R.generatedColumns("`a``.``b`.`c`")).contains("table_schema = 'a`.`b' and table_name = 'c'");
        assertThat(R.generatedColumns("`x```.`t.u`")).contains("table_schema = 'x`' and table_name = 't.u'");
    }
}
