package org.sealing.targetdb.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sealing.catalog.live.LiveCatalog.Column;
import org.sealing.catalog.live.LiveCatalog.Table;

/** The dialect a URL names, and what each writes: quoting, literals, session settings, suggested statements. */
class TargetDialectTests {

    private static final MariaDbDialect MARIA = MariaDbDialect.INSTANCE;

    @Test
    void theUrlNamesTheDialectAndMysqlGoesToTheMariaDbDriver() {
        assertThat(TargetDialect.of("jdbc:postgresql://h/db")).isSameAs(PostgreSqlDialect.INSTANCE);
        assertThat(TargetDialect.of("jdbc:mariadb://h:3306/db")).isSameAs(MARIA);
        assertThat(TargetDialect.of("jdbc:mysql://h/db")).isSameAs(MARIA);
        assertThat(MARIA.jdbcUrl("jdbc:mysql://h/db?x=1")).isEqualTo("jdbc:mariadb://h/db?x=1");
        assertThat(MARIA.jdbcUrl("jdbc:mariadb://h/db")).isEqualTo("jdbc:mariadb://h/db");
        assertThat(TargetDialect.find("jdbc:sqlserver://h")).isEmpty();
        assertThatThrownBy(() -> TargetDialect.of("jdbc:oracle:thin:@h")).hasMessage(
                "a target's URL must start with jdbc:postgresql:..., jdbc:mariadb:..., jdbc:mysql:...");
        assertThat(PostgreSqlDialect.INSTANCE.remediates()).isTrue();
        assertThat(MARIA.remediates()).isTrue();
    }

    @Test
    void mariaDbQuotesWithBackTicksAndEscapesLiterals() {
        assertThat(MARIA.quote("arrest")).isEqualTo("`arrest`");
        assertThat(MARIA.quote("we`ird")).isEqualTo("`we``ird`");
        assertThat(MARIA.quote("no; drop table x")).isEqualTo("`no; drop table x`");
        assertThat(MARIA.qualified("db", "Arrest")).isEqualTo("`db`.`Arrest`");
        assertThatThrownBy(() -> MARIA.quote("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MARIA.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
        assertThat(MARIA.literal("O'Brien")).isEqualTo("'O''Brien'");
        assertThat(MARIA.literal("\\'; drop table arrest; --")).isEqualTo("'\\\\''; drop table arrest; --'");
        assertThatThrownBy(() -> MARIA.literal("a\0b")).hasMessageContaining("NUL");
    }

    @Test
    void aMariaDbSessionIsOneSetWithWholeSecondsTheZoneAndAFixedSqlMode() {
        assertThat(MARIA.sessionSettings(Duration.ofMillis(1500), Duration.ofHours(1), ZoneId.of("America/New_York")))
                .containsExactly("set session innodb_lock_wait_timeout = 2, lock_wait_timeout = 2,"
                        + " max_statement_time = 3600, net_write_timeout = 3600, time_zone = 'America/New_York', sql_mode = '"
                        + MariaDbDialect.SQL_MODE + "', tx_isolation = 'READ-COMMITTED'");
        assertThat(MARIA.initSql(Duration.ofMillis(10), Duration.ofHours(1), ZoneOffset.UTC))
                .startsWith("set session innodb_lock_wait_timeout = 1, lock_wait_timeout = 1,")
                .contains("time_zone = '+00:00'");
        // a zone without daylight saving time goes as its offset, which needs no time zone tables
        assertThat(MariaDbDialect.timeZone(ZoneOffset.ofHours(5))).isEqualTo("'+05:00'");
        assertThat(MariaDbDialect.timeZone(ZoneId.of("UTC+5"))).isEqualTo("'+05:00'");
        assertThat(MariaDbDialect.timeZone(ZoneId.of("Etc/GMT+3"))).isEqualTo("'-03:00'");
        assertThat(MariaDbDialect.timeZone(ZoneId.of("UTC"))).isEqualTo("'+00:00'");
        assertThat(MariaDbDialect.timeZone(ZoneId.of("Europe/Berlin"))).isEqualTo("'Europe/Berlin'");
    }

    @Test
    void postgreSqlSessionSettingsAreAsBefore() {
        assertThat(PostgreSqlDialect.INSTANCE.sessionSettings(Duration.ofSeconds(30), Duration.ofHours(1),
                ZoneId.of("America/New_York"))).containsExactly("set lock_timeout = 30000",
                        "set statement_timeout = 3600000", "set time zone E'America/New_York'");
    }

    /**
     * A match on MariaDB compares the indexed generated column of the normalised identifier, which its optimizer
     * uses only by name; PostgreSQL's expression index has no column, and a plain index is no such column.
     */
    @Test
    void aMariaDbMatchNamesTheIndexedGeneratedColumnOfItsExpression() {
        Column arrestNo = MariaDbTypes.column("arrest_no", "varchar", "varchar(20)", 20, false, true, false);
        // as MariaDbCatalog reads it back: the generation expression as the server writes it
        Table maria = new Table(1, "db", "arrest", 'r', true, true, true, true, Map.of(), List.of(
                new org.sealing.catalog.live.LiveCatalog.Index(List.of("arrest_id"), "arrest_id", true),
                new org.sealing.catalog.live.LiveCatalog.Index(List.of("arrest_no_normalised"),
                        "ucase(regexp_replace(`arrest_no`,'(?-i)[^A-Za-z0-9]',''))", false)), true);
        assertThat(maria.columnIndexedOnExpression(MARIA.normalisedIdentifier(arrestNo, null)))
                .isEqualTo("arrest_no_normalised");
        assertThat(maria.columnIndexedOnExpression("arrest_id")).isNull();
        Table pg = new Table(1, "booking", "arrest", 'r', true, true, true, true, Map.of(), List.of(
                new org.sealing.catalog.live.LiveCatalog.Index(List.of(""),
                        "upper(regexp_replace((arrest_no)::text, '[^A-Za-z0-9]'::text, ''::text, 'g'::text))", false)),
                false);
        assertThat(pg.columnIndexedOnExpression("upper(regexp_replace(\"arrest_no\", '[^A-Za-z0-9]', '', 'g'))"))
                .isNull();
    }

    @Test
    void theSuggestedStatementsAreTheEngines() {
        Column arrestNo = MariaDbTypes.column("arrest_no", "varchar", "varchar(20)", 20, false, true, false);
        Column number = MariaDbTypes.column("n", "int", "int(11)", 0, true, true, false);
        Table maria = new Table(1, "db", "arrest", 'r', true, true, true, true, Map.of(), List.of(), true);
        assertThat(MARIA.createIndex(maria, List.of("a", "b"), false)).isEqualTo("alter table `db`.`arrest` add index"
                + " (`a`, `b`);");
        assertThat(MARIA.createIndex(maria, List.of("a"), true)).isEqualTo("alter table `db`.`arrest` add unique"
                + " index (`a`);");
        assertThat(MARIA.createMatchIndex(maria, arrestNo)).isEqualTo("alter table `db`.`arrest` add column"
                + " `arrest_no_normalised` varchar(20) as (ucase(regexp_replace(`arrest_no`, '(?-i)[^A-Za-z0-9]', '')))"
                + " virtual, add index (`arrest_no_normalised`);");
        assertThat(MARIA.createMatchIndex(maria, number)).contains("varchar(255)");
        assertThat(MARIA.normalisedIdentifier(arrestNo, "t"))
                .isEqualTo("ucase(regexp_replace(t.`arrest_no`, '(?-i)[^A-Za-z0-9]', ''))");
        assertThat(MARIA.grantTemporaryTables("db")).isEqualTo("GRANT CREATE TEMPORARY TABLES ON `db`.* TO the user");

        Table pg = new Table(1, "booking", "arrest", 'r', true, true, true, true, Map.of(), List.of(), false);
        assertThat(PostgreSqlDialect.INSTANCE.createIndex(pg, List.of("a"), false))
                .isEqualTo("create index on \"booking\".\"arrest\" (\"a\");");
        assertThat(PostgreSqlDialect.INSTANCE.grantTemporaryTables("db")).isEqualTo("GRANT TEMPORARY ON DATABASE db"
                + " TO the user");
    }

    @Test
    void mariaDbTypesTakeTheCategoriesTheChecksAskFor() {
        assertThat(MariaDbTypes.column("f", "tinyint", "tinyint(1)", 0, true, false, false).isBoolean()).isTrue();
        assertThat(MariaDbTypes.column("f", "tinyint", "tinyint(4)", 0, true, false, false).category()).isEqualTo('N');
        assertThat(MariaDbTypes.column("d", "date", "date", 0, true, false, false).isDate()).isTrue();
        assertThat(MariaDbTypes.column("d", "datetime", "datetime", 0, true, false, false).isTimestamp()).isTrue();
        assertThat(MariaDbTypes.column("d", "timestamp", "timestamp", 0, true, false, false).isTimestamp()).isTrue();
        Column text = MariaDbTypes.column("t", "text", "text", 65535, false, false, false);
        assertThat(text.isText()).isTrue();
        assertThat(text.describe()).isEqualTo("text");
        assertThat(MariaDbTypes.column("c", "char", "char(10)", 10, false, false, false).length()).isEqualTo(10);
        assertThat(MariaDbTypes.column("l", "longtext", "longtext", 4294967295L, false, false, false).length())
                .isEqualTo(-1);
        assertThat(MariaDbTypes.column("e", "enum", "enum('a','b')", 1, false, false, false).isText()).isFalse();
        assertThat(MariaDbTypes.column("b", "blob", "blob", 65535, false, false, false).category()).isEqualTo('U');
        assertThat(MariaDbTypes.column("n", "int", "int(11)", 0, true, true, false).describe()).isEqualTo("int(11)");
    }

    @Test
    void aDatabasePatternOfAGrantMatchesAsMariaDbMatchesIt() {
        assertThat(MariaDbGrants.like("sealing\\_%").matcher("sealing_t_x").matches()).isTrue();
        assertThat(MariaDbGrants.like("sealing\\_%").matcher("sealingXt").matches()).isFalse();
        assertThat(MariaDbGrants.like("db_1").matcher("dbx1").matches()).isTrue();
        assertThat(MariaDbGrants.like("a.b").matcher("axb").matches()).isFalse();
        assertThat(MariaDbGrants.like("booking").matcher("booking").matches()).isTrue();
    }
}
