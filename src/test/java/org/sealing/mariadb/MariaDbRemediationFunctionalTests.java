package org.sealing.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.RemediationWorld;
import org.sealing.support.TestControlDatabase;

/**
 * A MariaDB target is remediated as a PostgreSQL one is (SPEC section 6): its sealed rows are found inside
 * it, a masked table gets every strategy (null, constant, year-only on a date and on a time stamp, redact,
 * hash) and its sealed flag, rows that hang off it are purged through foreign keys (a photo; charges under a
 * composite key, and their notes through a chain of two), each sealed row's copy is in the vault, the
 * evidence's spot checks re-read its rows, and the verification finds nothing left: COMPLIANT. A PostgreSQL
 * twin with the same tables and rows, remediated in the same run, ends with the very same values (masks
 * mean the same on both engines, hashes included), every row of the rest of the world is as it was, and a
 * second run changes nothing.
 */
class MariaDbRemediationFunctionalTests extends FunctionalTestSupport {

    private static TestMariaDb.Database db;
    private TestControlDatabase.Database twin;
    private RemediationWorld world;

    @BeforeAll
    static void server() throws Exception {
        TestMariaDb.assumeAvailable();
        db = TestMariaDb.create("remediate");
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
        // only the two targets of this test: the world's own four are not needed
        emptyTargetsDirectory();
        twin = TestControlDatabase.create();
        MariaDbWorld.createTables(db);
        try (Connection m = TestMariaDb.root(db.name())) {
            MariaDbWorld.fill(m, world);
        }
        try (Connection p = twin.connect()) {
            MariaDbWorld.createTwinTables(p);
            MariaDbWorld.fill(p, world);
        }
        Files.writeString(properties().configDir().resolve("targets/maria.yml"), """
                name: maria
                connection:
                  url: %s
                  username: root
                  password: ""
                """.formatted(db.url()) + MariaDbWorld.TABLES);
        Files.writeString(properties().configDir().resolve("targets/twin.yml"), """
                name: twin
                connection:
                  url: %s
                  username: %s
                  password: "%s"
                """.formatted(twin.url(), twin.user(), twin.password() == null ? "" : twin.password())
                + MariaDbWorld.TABLES);
    }

    @AfterEach
    void emptyTargets() throws Exception {
        emptyTargetsDirectory();
    }

    @Test
    void aMariaDbTargetIsRemediatedExactlyAsItsPostgreSqlTwinAndVerifiesCompliant() throws Exception {
        Set<Integer> sealed = world.activeSealed();
        List<String> arrestsBefore = db.rows(MariaDbWorld.MARIA_ARRESTS);
        List<String> childrenBefore = db.rows(MariaDbWorld.MARIA_CHILDREN);
        assertThat(twinRows(MariaDbWorld.TWIN_ARRESTS)).isEqualTo(arrestsBefore);
        assertThat(twinRows(MariaDbWorld.TWIN_CHILDREN)).isEqualTo(childrenBefore);
        CliResult check = sealctl("targets", "check");
        assertThat(check.out()).as(check.out() + check.err()).contains("maria (").doesNotContain(" error:");

        CliResult run = sealctl("run", "remediate", "--json");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        int[] changed = MariaDbWorld.changed(sealed);
        JsonOutput.of(run.out()).has("verdict", "COMPLIANT", "targetsFailed", 0, "targetsVerified", 2, "purged",
                2 * changed[0], "masked", 2 * changed[1], "failed", 0, "residual", 0);
        List<String> arrestsAfter = db.rows(MariaDbWorld.MARIA_ARRESTS);
        List<String> childrenAfter = db.rows(MariaDbWorld.MARIA_CHILDREN);
        // the same values on both engines, the hashes too
        assertThat(arrestsAfter).isEqualTo(twinRows(MariaDbWorld.TWIN_ARRESTS));
        assertThat(childrenAfter).isEqualTo(twinRows(MariaDbWorld.TWIN_CHILDREN));
        // every sealed arrest masked as its strategies say, every other row as it was, byte for byte
        assertThat(arrestsAfter).isEqualTo(MariaDbWorld.expectedArrests(arrestsBefore, arrestsAfter, sealed))
                .isNotEqualTo(arrestsBefore);
        assertThat(childrenAfter).isEqualTo(MariaDbWorld.expectedChildren(childrenBefore, sealed))
                .hasSize(childrenBefore.size() - changed[0]);

        // the evidence's spot checks re-read sampled rows in both targets by their keys: every one passes
        String figures = jdbc.queryForObject("select figures::text from evidence_figures order by execution_id desc"
                + " limit 1", String.class);
        assertThat(figures).contains("\"target\": \"maria\", \"orderId\"").contains("\"passed\": true")
                .doesNotContain("\"passed\": false");
        // one vault copy per sealed row changed, as on PostgreSQL
        assertThat(jdbc.queryForObject("select count(*) from vault_copy where target = 'maria'", Long.class))
                .isEqualTo(changed[0] + changed[1]).isEqualTo(jdbc.queryForObject("select count(*) from vault_copy"
                        + " where target = 'twin'", Long.class));

        CliResult again = sealctl("run", "remediate", "--json");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        JsonOutput.of(again.out()).has("verdict", "COMPLIANT", "purged", 0, "masked", 0);
        assertThat(db.rows(MariaDbWorld.MARIA_ARRESTS)).isEqualTo(arrestsAfter);
        assertThat(db.rows(MariaDbWorld.MARIA_CHILDREN)).isEqualTo(childrenAfter);
        CliResult verify = sealctl("run", "verify", "--json");
        JsonOutput.of(verify.out()).has("verdict", "COMPLIANT");
    }

    /**
     * An order the court reverses after its rows were remediated: the next run puts its rows back from their
     * vault copies in both engines, parents before children (the charge before its notes), byte for byte as
     * they were, while every other sealed row stays remediated.
     */
    @Test
    void theRowsOfAnUnsealedOrderArePutBackExactlyOnBothEngines() throws Exception {
        Set<Integer> sealed = world.activeSealed();
        List<String> arrestsBefore = db.rows(MariaDbWorld.MARIA_ARRESTS);
        List<String> childrenBefore = db.rows(MariaDbWorld.MARIA_CHILDREN);
        CliResult first = sealctl("run", "remediate", "--json");
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        List<String> arrestsSealed = db.rows(MariaDbWorld.MARIA_ARRESTS);
        RemediationWorld.Arrest reversed = world.arrests().stream().filter(a -> sealed.contains(a.id()))
                .filter(a -> a.id() % 7 != 0 && a.id() % 11 != 0).findFirst().orElseThrow();
        java.nio.file.Path feed = org.sealing.support.Feeds.write(Files.createDirectories(workDir.resolve("feeds")),
                "unseal-maria.csv", reversed.orderId() + ",UNSEAL,,,,,,,,,,,");
        CliResult imported = sealctl("import", feed.toString());
        assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();

        CliResult second = sealctl("run", "remediate", "--json");

        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        JsonOutput.of(second.out()).has("verdict", "COMPLIANT", "failed", 0);
        Set<Integer> stillSealed = new java.util.HashSet<>(sealed);
        stillSealed.remove(reversed.id());
        List<String> arrestsAfter = db.rows(MariaDbWorld.MARIA_ARRESTS);
        assertThat(arrestsAfter).isEqualTo(MariaDbWorld.expectedArrests(arrestsBefore, arrestsSealed, stillSealed));
        assertThat(arrestsAfter.get(reversed.id() - 1)).isEqualTo(arrestsBefore.get(reversed.id() - 1));
        assertThat(db.rows(MariaDbWorld.MARIA_CHILDREN)).isEqualTo(MariaDbWorld.expectedChildren(childrenBefore,
                stillSealed)).hasSize(childrenBefore.size() - MariaDbWorld.changed(stillSealed)[0]);
        assertThat(arrestsAfter).isEqualTo(twinRows(MariaDbWorld.TWIN_ARRESTS));
        assertThat(db.rows(MariaDbWorld.MARIA_CHILDREN)).isEqualTo(twinRows(MariaDbWorld.TWIN_CHILDREN));
        // the restored rows' copies are gone from the vault, the others' kept
        assertThat(jdbc.queryForObject("select count(*) from vault_copy where target = 'maria'", Long.class))
                .isEqualTo(MariaDbWorld.changed(stillSealed)[0] + MariaDbWorld.changed(stillSealed)[1]);
    }

    /**
     * MariaDB's driver logs each error the server returns with its text, which may quote a value of a row: the
     * product's log leaves those lines out, and the error reaches the user through its cleaned message.
     */
    @Test
    void theDriversOwnLogOfAServerErrorIsNotInTheLog() throws Exception {
        Files.writeString(properties().configDir().resolve("targets/maria.yml"), """
                name: maria
                connection:
                  url: %s
                  username: root
                  password: ""
                """.formatted(db.url() + "_missing") + MariaDbWorld.TABLES);
        org.sealing.support.SealctlProcess check = org.sealing.support.SealctlProcess.start(workDir, childEnv(),
                "targets", "check");

        assertThat(check.waitFor(120)).isNotZero();
        assertThat(check.out() + check.err()).contains("Unknown database '" + db.name() + "_missing'")
                .doesNotContain("ErrorPacket").doesNotContain("1049-42000");
    }

    private List<String> twinRows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = twin.connect(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
