package org.sealing.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.TestControlDatabase;

/**
 * {@code sealctl targets check} on a MariaDB target: the findings a PostgreSQL target gets, through
 * the MariaDB dialect and {@code information_schema}. The target's user holds exactly the privileges
 * the README lists; each test breaks one thing and finds it named.
 */
class MariaDbTargetsCheckFunctionalTests extends FunctionalTestSupport {

    private static final String PASSWORD = "maria-secret-1";

    /** The schema of the clean target: a masked parent, a purged child through its foreign key, a masked child. */
    private static final String[] SCHEMA = {"""
            create table arrest (arrest_id int primary key, arrest_no varchar(20) not null, defendant varchar(64),
                dob date, arrested datetime, narrative text, is_sealed boolean not null default false,
                arrest_no_normalised varchar(20) as (ucase(regexp_replace(arrest_no, '(?-i)[^A-Za-z0-9]', ''))) virtual,
                key (arrest_no_normalised))""", """
            create table arrest_photo (photo_id int primary key, arrest_id int not null, image blob,
                constraint photo_of_arrest foreign key (arrest_id) references arrest (arrest_id))""", """
            create table charge (arrest_id int not null, charge_seq int not null, law_code int,
                charge_text varchar(200), primary key (arrest_id, charge_seq),
                constraint charge_of_arrest foreign key (arrest_id) references arrest (arrest_id))""", """
            insert into arrest (arrest_id, arrest_no, defendant, dob, arrested, narrative) values
                (1, '2019-ny-012345', 'DOE, JOHN', '1980-05-06', '2019-05-01 10:00', 'kept'),
                (2, '2020 KN 000777', 'ROE, JANE', '1990-01-02', '2020-02-10 20:00', null)""", """
            insert into arrest_photo values (10, 1, null), (11, 2, null)""", """
            insert into charge values (1, 1, 120, 'PL 120.00'), (2, 1, 155, 'PL 155.25')"""};

    private static final String TARGET = """
            name: maria
            connection:
              url: %s
              username: %s
              password: "%s"
            tables:
              - table: arrest
                key: [arrest_id]
                match: { arrest_number: arrest_no }
                action: mask
                mask: { defendant: redact, dob: year-only, narrative: "null" }
                sealed-flag: is_sealed
              - table: arrest_photo
                key: [photo_id]
                match: { via: arrest }
                holds: photographs
                action: purge
              - table: charge
                key: [arrest_id, charge_seq]
                match: { via: arrest }
                action: mask
                mask: { charge_text: redact }
            """;

    private static TestMariaDb.Database db;
    private static String user;

    @BeforeAll
    static void server() throws Exception {
        TestMariaDb.assumeAvailable();
        db = TestMariaDb.create("check");
        user = db.user(PASSWORD);
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (db != null) {
            db.drop();
        }
    }

    @BeforeEach
    void cleanTarget() throws Exception {
        db.execute("drop table if exists charge, arrest_photo, stop_card, arrest");
        db.execute(SCHEMA);
        // the README's privileges: read and change the tables, create temporary tables
        db.execute("revoke all privileges, grant option from '" + user + "'@'%'",
                "grant select, update, delete, create temporary tables on `" + db.name() + "`.* to '" + user + "'@'%'");
        writeTarget(TARGET);
    }

    @AfterEach
    void removeTargetFiles() throws Exception {
        emptyTargetsDirectory();
    }

    private void writeTarget(String text) throws Exception {
        Path targets = emptyTargetsDirectory();
        Files.writeString(targets.resolve("maria.yml"), text.formatted(db.url(), user, PASSWORD));
    }

    @Test
    void aCleanTargetPassesWithNoFindingAndTheMysqlSchemeIsTheSameTarget() throws Exception {
        CliResult check = sealctl("targets", "check");

        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("maria (").contains("): OK").contains("0 errors, 0 warnings");

        Files.writeString(emptyTargetsDirectory().resolve("maria.yml"), TARGET.formatted(db.mysqlUrl(), user, PASSWORD));
        CliResult mysql = sealctl("targets", "check");
        assertThat(mysql.exitCode()).as(mysql.out() + mysql.err()).isZero();
        assertThat(mysql.out()).contains("0 errors, 0 warnings");
    }

    @Test
    void aMissingIndexIsAWarningWithTheStatementThatAddsIt() throws Exception {
        db.execute("alter table arrest drop index arrest_no_normalised, drop column arrest_no_normalised",
                "create table stop_card (card_no int primary key, arrest_ref int, subject varchar(80))");
        writeTarget(TARGET + """
                  - table: stop_card
                    key: [card_no]
                    match: { via: { table: arrest, on: { arrest_ref: arrest_id } } }
                    action: mask
                    mask: { subject: redact }
                """);

        CliResult check = sealctl("targets", "check");

        assertThat(check.exitCode()).as(check.out()).isZero();
        assertThat(check.out()).contains(
                "WARNING tables[0].match: no index serves the match of arrest; each run reads the whole table",
                "fix: alter table `" + db.name() + "`.`arrest` add column `arrest_no_normalised` varchar(20) as"
                        + " (ucase(regexp_replace(`arrest_no`, '(?-i)[^A-Za-z0-9]', ''))) virtual,"
                        + " add index (`arrest_no_normalised`);",
                "WARNING tables[3].match.via: no index on [arrest_ref] of stop_card; each run reads the whole table",
                "fix: alter table `" + db.name() + "`.`stop_card` add index (`arrest_ref`);",
                "0 errors, 2 warnings");

        // the statement suggested is the one that makes the warning go away
        db.execute("alter table arrest add column arrest_no_normalised varchar(20) as"
                + " (ucase(regexp_replace(`arrest_no`, '(?-i)[^A-Za-z0-9]', ''))) virtual, add index (arrest_no_normalised)",
                "alter table `stop_card` add index (`arrest_ref`)");
        assertThat(sealctl("targets", "check").out()).contains("0 errors, 0 warnings");
    }

    @Test
    void aMissingPrivilegeIsNamedWithTheTableAndTheGrant() throws Exception {
        db.execute("revoke all privileges, grant option from '" + user + "'@'%'",
                "grant select, update on `" + db.name() + "`.arrest to '" + user + "'@'%'",
                "grant select, update on `" + db.name() + "`.charge to '" + user + "'@'%'",
                "grant select on `" + db.name() + "`.arrest_photo to '" + user + "'@'%'");

        CliResult check = sealctl("targets", "check");

        assertThat(check.exitCode()).isEqualTo(2);
        assertThat(check.out()).contains(
                "ERROR connection.username: the user may not create temporary tables in database " + db.name()
                        + ", where the sealed cases are matched: GRANT CREATE TEMPORARY TABLES ON `" + db.name()
                        + "`.* TO the user",
                "ERROR tables[1].action: the user may not DELETE from arrest_photo",
                "2 errors, 0 warnings");

        // through a role the user has enabled, as much as through grants of its own
        String role = "sr_" + user;
        try {
            db.execute("create role " + role, "grant delete on `" + db.name() + "`.arrest_photo to " + role,
                    "grant create temporary tables on `" + db.name() + "`.* to " + role,
                    "grant " + role + " to '" + user + "'@'%'", "set default role " + role + " for '" + user + "'@'%'");
            assertThat(sealctl("targets", "check").out()).contains("0 errors, 0 warnings");
        } finally {
            db.execute("drop role if exists " + role);
        }
    }

    @Test
    void aMaskStrategyTheColumnCannotHoldIsAnError() throws Exception {
        writeTarget(TARGET.replace("mask: { defendant: redact, dob: year-only, narrative: \"null\" }",
                "mask: { defendant: year-only, dob: redact, arrest_no: \"null\", arrested: year-only }")
                .replace("mask: { charge_text: redact }", "mask: { law_code: hash, charge_text: \"constant:"
                        + "x".repeat(201) + "\" }")
                .replace("sealed-flag: is_sealed", "sealed-flag: narrative"));

        CliResult check = sealctl("targets", "check");

        assertThat(check.exitCode()).isEqualTo(2);
        assertThat(check.out()).contains(
                "tables[0].mask.defendant: 'year-only' on text column defendant of arrest: it needs a date or time stamp",
                "tables[0].mask.dob: 'redact' on date column dob of arrest: it writes text",
                "tables[0].mask.arrest_no: 'null' on NOT NULL column arrest_no of arrest",
                "tables[0].sealed-flag: sealed flag narrative of arrest is text, not boolean",
                "tables[2].mask.law_code: 'hash' on int(11) column law_code of charge: it writes text",
                "tables[2].mask.charge_text: 'constant:" + "x".repeat(201) + "' writes 201 characters; column"
                        + " charge_text of charge holds 200")
                // a datetime is a time stamp: year-only fits it
                .doesNotContain("mask.arrested");
    }

    @Test
    void aPurgeChainWithoutItsForeignKeyIsAnError() throws Exception {
        // charge is masked, but references the purged arrest_photo's parent only: purge arrest, and photo's
        // rule no longer covers it; charge matches through arrest without a foreign key to it
        db.execute("alter table charge drop foreign key charge_of_arrest");
        writeTarget("""
                name: maria
                connection:
                  url: %s
                  username: %s
                  password: "%s"
                tables:
                  - table: arrest
                    key: [arrest_id]
                    match: { arrest_number: arrest_no }
                    action: purge
                  - table: charge
                    key: [arrest_id, charge_seq]
                    match: { via: arrest }
                    action: mask
                    mask: { charge_text: redact }
                """);

        CliResult check = sealctl("targets", "check");

        assertThat(check.exitCode()).isEqualTo(2);
        assertThat(check.out()).contains(
                "ERROR tables[0].action: table " + db.name() + ".arrest_photo references purged arrest (foreign key"
                        + " photo_of_arrest) and no rule covers it: add a rule that purges it 'via: arrest'",
                "ERROR tables[1].match.via: no foreign key from charge to arrest: name the columns with"
                        + " 'via: { table: arrest, on: { child_column: parent_column } }'");
    }

    @Test
    void aBrokenFileGetsTheSameFindingsOnMariaDbAsOnPostgreSql() throws Exception {
        TestControlDatabase.Database pg = TestControlDatabase.create();
        try (var c = pg.connect(); var s = c.createStatement()) {
            s.execute("""
                    create table arrest (arrest_id int primary key, arrest_no varchar(20) not null, defendant varchar(64),
                        dob date, arrested timestamp, narrative text, is_sealed boolean not null default false);
                    create index on arrest ((upper(regexp_replace(arrest_no, '[^A-Za-z0-9]', '', 'g'))));
                    create table arrest_photo (photo_id int primary key, arrest_id int not null, image bytea,
                        constraint photo_of_arrest foreign key (arrest_id) references arrest (arrest_id));
                    create index on arrest_photo (arrest_id);
                    create table charge (arrest_id int not null, charge_seq int not null, law_code int,
                        charge_text varchar(200), primary key (arrest_id, charge_seq));
                    create table dup (id int not null, note text);
                    insert into dup values (1, 'a'), (1, 'b');
                    """);
        }
        db.execute("alter table charge drop foreign key charge_of_arrest",
                "create table dup (id int not null, note text)", "insert into dup values (1, 'a'), (1, 'b')");
        String broken = """
                name: %s
                connection:
                  url: %s
                  username: %s
                  password: "%s"
                tables:
                  - table: arrest
                    key: [arrest_id]
                    match: { arrest_number: arrest_no, nysid: no_such_column }
                    action: purge
                  - table: charge
                    key: [arrest_id, charge_seq]
                    match: { via: arrest }
                    action: mask
                    mask: { charge_text: "null", defendant: redact }
                  - table: nowhere
                    key: [id]
                    match: { docket_number: docket }
                    action: mask
                    mask: { docket: hash }
                  - table: dup
                    key: [id]
                    match: { docket_number: note }
                    action: mask
                    mask: { note: year-only }
                """;
        Path targets = emptyTargetsDirectory();
        Files.writeString(targets.resolve("pg.yml"), broken.formatted("pg", pg.url(), pg.user(),
                pg.password() == null ? "" : pg.password()));
        Files.writeString(targets.resolve("maria.yml"), broken.formatted("maria", db.url(), user, PASSWORD));

        CliResult check = sealctl("targets", "check", "--json");

        assertThat(check.exitCode()).isEqualTo(2);
        List<String> onPostgreSql = errors(check.out(), "pg");
        List<String> onMariaDb = errors(check.out(), "maria");
        assertThat(onPostgreSql).hasSizeGreaterThanOrEqualTo(6);
        // the messages name the tables as the files do; the MariaDB catalog names its schema by the database
        assertThat(onMariaDb).containsExactlyInAnyOrderElementsOf(onPostgreSql.stream()
                .map(e -> e.replace("public.arrest_photo", db.name() + ".arrest_photo")
                        .replace("in database " + pg.name(), "in database " + db.name())).toList());
    }

    private static List<String> errors(String json, String target) {
        Object errors = org.sealing.support.JsonOutput.of(json).item("targets", "target", target).value("errors");
        List<String> lines = new java.util.ArrayList<>();
        ((Iterable<?>) errors).forEach(e -> lines.add(e instanceof tools.jackson.databind.JsonNode n ? n.asString()
                : String.valueOf(e)));
        return lines;
    }
}
