package org.sealing.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.RemediationWorld;

/**
 * Until plan, apply and verify exist for MariaDB, a run does not pretend: a MariaDB target fails its
 * first step with one precise message and is left as it was (its sealed row untouched), the
 * PostgreSQL targets beside it are remediated, and the verdict is NOT COMPLIANT.
 */
class MariaDbRunRefusalFunctionalTests extends FunctionalTestSupport {

    private static final String REFUSAL = "MariaDB targets are checked by `sealctl targets check` but not yet"
            + " remediated (issue 14)";

    private static TestMariaDb.Database db;
    private RemediationWorld world;
    private String sealedArrestNumber;

    @BeforeAll
    static void server() throws Exception {
        TestMariaDb.assumeAvailable();
        db = TestMariaDb.create("run");
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (db != null) {
            db.drop();
        }
    }

    @BeforeEach
    void worlds() throws Exception {
        resetControlDatabase();
        emptyTargetsDirectory();
        world = importedWorld(60);
        int sealed = world.activeSealed().iterator().next();
        sealedArrestNumber = world.arrests().get(sealed - 1).arrestNumber();
        db.execute("drop table if exists arrest", """
                create table arrest (arrest_id int primary key, arrest_no varchar(20) not null, defendant varchar(64),
                    arrest_no_normalised varchar(20) as (ucase(regexp_replace(arrest_no, '[^A-Za-z0-9]', ''))) virtual,
                    key (arrest_no_normalised))""",
                "insert into arrest (arrest_id, arrest_no, defendant) values (1, '" + sealedArrestNumber
                        + "', 'SEALED PERSON'), (2, 'NOT-SEALED-1', 'OTHER PERSON')");
        Files.writeString(properties().configDir().resolve("targets/maria.yml"), """
                name: maria
                connection:
                  url: %s
                  username: root
                  password: ""
                tables:
                  - table: arrest
                    key: [arrest_id]
                    match: { arrest_number: arrest_no }
                    action: mask
                    mask: { defendant: redact }
                """.formatted(db.url()));
    }

    @Test
    void aRemediationRefusesTheMariaDbTargetAloneAndChangesNothingInIt() throws Exception {
        List<String> before = db.rows("select arrest_id, arrest_no, defendant from arrest order by arrest_id");
        CliResult check = sealctl("targets", "check");
        assertThat(check.out()).contains("maria (").contains("0 errors");

        CliResult run = sealctl("run", "remediate", "--json");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        JsonOutput.of(run.out()).has("verdict", "NOT_COMPLIANT", "targetsFailed", 1, "targetsVerified", 4);
        assertThat(run.err()).contains("step plan-restores.maria: " + REFUSAL);
        assertThat(db.rows("select arrest_id, arrest_no, defendant from arrest order by arrest_id"))
                .isEqualTo(before).anyMatch(r -> r.endsWith("|SEALED PERSON"));
        assertThat(jdbc.queryForObject("select count(*) from remediation_plan where target = 'maria'", Long.class))
                .isZero();
        String status = sealctl("status", "--json").out();
        assertThat(status).contains(REFUSAL);
    }

    @Test
    void aNightlyAndAVerifyRefuseItTheSameWay() throws Exception {
        CliResult nightly = sealctl("run", "nightly", "--json");
        assertThat(nightly.exitCode()).as(nightly.out() + nightly.err()).isEqualTo(1);
        JsonOutput.of(nightly.out()).has("verdict", "NOT_COMPLIANT", "targetsFailed", 1);
        assertThat(nightly.err()).contains(REFUSAL);

        CliResult verify = sealctl("run", "verify", "--json");
        JsonOutput.of(verify.out()).has("verdict", "NOT_COMPLIANT", "targetsFailed", 1);
        assertThat(db.rows("select defendant from arrest where arrest_id = 1")).containsExactly("SEALED PERSON");
    }
}
