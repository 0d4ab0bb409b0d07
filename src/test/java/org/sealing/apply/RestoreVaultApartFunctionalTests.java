package org.sealing.apply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.TestControlDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restores with the vault in a database of its own ({@code SEALING_VAULT_URL}): the copies of restored rows are
 * deleted from it once their chunk's control transaction has committed, so a crash between the two commits
 * leaves copies whose restore is recorded. The next run deletes them and restores nothing again: not a row a
 * person has since deleted from the target, and not a count.
 */
class RestoreVaultApartFunctionalTests extends FunctionalTestSupport {

    private static final TestControlDatabase.Database VAULT = TestControlDatabase.create();

    @DynamicPropertySource
    static void vaultApart(DynamicPropertyRegistry registry) {
        registry.add("sealing.vault.url", VAULT::url);
        registry.add("sealing.vault.user", VAULT::user);
        registry.add("sealing.vault.password", VAULT::password);
        // this class's properties make Spring start a second application in the test JVM. Quartz registers a
        // scheduler's data source JVM-wide under the scheduler's name: under the same name as the shared
        // application's, this one's control database would replace the shared one's, and every later
        // "schedule set" in the test JVM would write its trigger into this class's database, where no serve
        // node looks (ScheduleFunctionalTests then waited for fire times that never came)
        registry.add("spring.quartz.scheduler-name", () -> "sealing-vault-apart");
    }

    @AfterEach
    void removeTargets() throws Exception {
        emptyTargetsDirectory();
    }

    @Test
    void copiesThatOutliveTheirRestoreAreDeletedByTheNextRunAndNothingIsRestoredTwice() throws Exception {
        resetControlDatabase();
        RestoreWorld world = RestoreWorld.create(4);
        world.writeTarget(emptyTargetsDirectory());
        Map<String, Map<String, String>> original = world.snapshot();
        Path feeds = Files.createDirectories(workDir.resolve("feeds"));
        assertThat(sealctl("import", world.sealFeed(feeds, "apart-seal.csv", 1, 4).toString()).exitCode()).isZero();
        CliResult seal = sealctl("run", "remediate", "--json");
        JsonOutput.of(seal.out()).has("verdict", "COMPLIANT", "sealed", 4 * RestoreWorld.ROWS_PER_ORDER);
        assertThat(jdbc.queryForObject("select count(*) from vault_copy", Long.class)).isZero();
        assertThat(vaultCount("true")).isEqualTo(4 * RestoreWorld.ROWS_PER_ORDER);
        vault("create table saved_copy as select * from vault_copy where order_id = '" + RestoreWorld.order(1) + "'");
        assertThat(sealctl("import", RestoreWorld.unsealFeed(feeds, "apart-unseal.csv",
                List.of(RestoreWorld.order(1), RestoreWorld.order(2))).toString()).exitCode()).isZero();

        CliResult restore = sealctl("run", "remediate", "--json");

        JsonOutput.of(restore.out()).has("verdict", "COMPLIANT", "restored", 2 * RestoreWorld.ROWS_PER_ORDER,
                "conflicts", 0, "failed", 0);
        assertThat(world.rowsOf(1)).isEqualTo(RestoreWorld.rowsOf(original, 1));
        assertThat(world.rowsOf(2)).isEqualTo(RestoreWorld.rowsOf(original, 2));
        assertThat(vaultCount("order_id in ('RW-00001', 'RW-00002')")).isZero();

        // a crash between a chunk's control commit and the vault's delete: order 1's copies are there again; and,
        // the record being public again, a person deletes a note of the case from the target
        vault("insert into vault_copy select * from saved_copy");
        world.execute("delete from entry_note where entry_id = 1 and n = 1");
        Map<String, String> now = world.rowsOf(1);
        CliResult next = sealctl("run", "remediate", "--json");

        JsonOutput.of(next.out()).has("verdict", "COMPLIANT", "restored", 0, "conflicts", 0, "failed", 0,
                "residual", 0);
        assertThat(world.rowsOf(1)).isEqualTo(now).doesNotContainKey("entry_note/1/1");
        assertThat(vaultCount("order_id = 'RW-00001'")).isZero();
        assertThat(vaultCount("true")).isEqualTo(2 * RestoreWorld.ROWS_PER_ORDER);
        CliResult audit = sealctl("audit", "verify", "--json");
        assertThat(audit.exitCode()).as(audit.out() + audit.err()).isZero();
    }

    private static void vault(String sql) throws Exception {
        try (Connection c = VAULT.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long vaultCount(String where) throws Exception {
        try (Connection c = VAULT.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from vault_copy where " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
