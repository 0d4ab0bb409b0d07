package org.sealing.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.RemediationWorld;
import org.sealing.support.SealctlProcess;
import org.sealing.vault.RowImage;
import org.sealing.vault.VaultStore;

/**
 * A remediation of a MariaDB target killed outright (SIGKILL) in the middle of applying ends, after its
 * restart, exactly where an uninterrupted run ends: every sealed row masked or purged once, the figures
 * exact, each changed row audited once, the ledger chain whole with one entry per chunk, and one vault copy
 * per sealed row that opens to the row as it was before the run (binary columns byte for byte).
 */
class MariaDbCrashFunctionalTests extends FunctionalTestSupport {

    /** The tables of the target and their primary keys. */
    private static final Map<String, List<String>> KEYS = Map.of("arrest", List.of("arrest_id"), "arrest_photo",
            List.of("photo_id"), "charge", List.of("arrest_id", "charge_seq"), "charge_note", List.of("note_id"));

    @Autowired
    VaultStore vault;

    private static TestMariaDb.Database db;
    private RemediationWorld world;
    private Map<String, String> env;

    @BeforeAll
    static void server() throws Exception {
        TestMariaDb.assumeAvailable();
        db = TestMariaDb.create("crash");
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (db != null) {
            db.drop();
        }
    }

    @BeforeEach
    void world() throws Exception {
        resetControlDatabase();
        emptyTargetsDirectory();
        world = importedWorld(880);
        emptyTargetsDirectory();
        MariaDbWorld.install(db, world, properties().configDir().resolve("targets/maria.yml"));
        env = childEnv();
        // small chunks make applying long enough to be killed in the middle
        env.put("SEALING_REMEDIATION_CHUNKSIZE", "10");
    }

    @AfterEach
    void emptyTargets() throws Exception {
        emptyTargetsDirectory();
    }

    @Test
    void aRunKilledWhileApplyingEndsAfterItsRestartExactlyAsAnUninterruptedRun() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Set<Integer> sealed = world.activeSealed();
        List<String> arrestsBefore = db.rows(MariaDbWorld.MARIA_ARRESTS);
        List<String> childrenBefore = db.rows(MariaDbWorld.MARIA_CHILDREN);
        Map<String, Map<List<String>, Map<String, String>>> rowsBefore = snapshot();

        SealctlProcess first = SealctlProcess.start(workDir, env, "run", "remediate");
        long executionId = awaitApplying(first, 50 + random.nextInt(300));
        first.kill();
        awaitStatus(executionId, "DEAD").as("seed %d", seed).has("job", "remediate", "status", "DEAD");
        assertThat(jdbc.queryForObject("select count(*) from remediation_plan_state where state <> 'DONE'",
                Long.class)).as("seed %d: the kill left work to do", seed).isPositive();

        CliResult restart = sealctl("restart", String.valueOf(executionId), "--json");

        assertThat(restart.exitCode()).as("seed %d: %s %s", seed, restart.out(), restart.err()).isZero();
        int[] changed = MariaDbWorld.changed(sealed);
        JsonOutput.of(restart.out()).has("verdict", "COMPLIANT", "matched", changed[0] + changed[1], "purged",
                changed[0], "masked", changed[1], "failed", 0, "residual", 0);
        List<String> arrestsAfter = db.rows(MariaDbWorld.MARIA_ARRESTS);
        assertThat(arrestsAfter).isEqualTo(MariaDbWorld.expectedArrests(arrestsBefore, arrestsAfter, sealed));
        assertThat(db.rows(MariaDbWorld.MARIA_CHILDREN)).isEqualTo(MariaDbWorld.expectedChildren(childrenBefore,
                sealed));
        assertThat(jdbc.queryForObject("select count(*) from audit_ledger", Long.class))
                .isEqualTo(changed[0] + changed[1]);
        long chunks = jdbc.queryForObject("select count(*) from apply_chunk", Long.class);
        CliResult audit = sealctl("audit", "verify", "--json");
        assertThat(audit.exitCode()).as("seed %d: %s %s", seed, audit.out(), audit.err()).isZero();
        JsonOutput.of(audit.out()).has("whole", true, "entries", chunks);

        // one copy per sealed plan row, each the row as it was before the run
        List<Long> sealedPlanRows = jdbc.queryForList("select plan_id from remediation_plan where outcome = 'SEAL'"
                + " order by plan_id", Long.class);
        assertThat(sealedPlanRows).hasSize(changed[0] + changed[1]);
        assertThat(jdbc.queryForList("select plan_id from vault_copy order by plan_id", Long.class))
                .isEqualTo(sealedPlanRows);
        Set<Long> opened = new HashSet<>();
        for (String order : jdbc.queryForList("select distinct order_id from vault_copy", String.class)) {
            vault.copiesOf(order, copy -> {
                VaultStore.Copy c = copy.copy();
                Map<String, String> image = new LinkedHashMap<>();
                for (RowImage.Column column : c.image().columns()) {
                    image.put(column.name(), column.value());
                }
                List<String> key = KEYS.get(c.tableName()).stream().map(image::get).toList();
                assertThat(image).as("the copy of plan row %d (%s)", c.planId(), c.tableName())
                        .isEqualTo(rowsBefore.get(c.tableName()).get(key));
                assertThat(opened.add(c.planId())).isTrue();
            });
        }
        assertThat(opened).hasSameSizeAs(sealedPlanRows);
    }

    /** Every row of the four tables, each column as the driver writes it (binary ones as {@code \x} and hex). */
    private static Map<String, Map<List<String>, Map<String, String>>> snapshot() throws Exception {
        Map<String, Map<List<String>, Map<String, String>>> tables = new HashMap<>();
        try (Connection c = TestMariaDb.root(db.name()); Statement s = c.createStatement()) {
            for (Map.Entry<String, List<String>> table : KEYS.entrySet()) {
                Map<List<String>, Map<String, String>> rows = new HashMap<>();
                try (ResultSet rs = s.executeQuery("select * from " + table.getKey())) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, String> row = new LinkedHashMap<>();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            byte[] bytes = meta.getColumnTypeName(i).equals("VARBINARY") ? rs.getBytes(i) : null;
                            row.put(meta.getColumnName(i), bytes != null ? "\\x" + HexFormat.of().formatHex(bytes)
                                    : rs.getString(i));
                        }
                        rows.put(table.getValue().stream().map(row::get).toList(), row);
                    }
                }
                tables.put(table.getKey(), rows);
            }
        }
        return tables;
    }
}
