package org.sealing.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;

/**
 * {@code sealctl demo} with {@code SEALING_DEMO_MARIADB_URL} set places two of its fourteen targets, summons
 * and dir, on that MariaDB server, and both nights are as on PostgreSQL alone: the sealing night COMPLIANT
 * with rows masked in both MariaDB targets, the unsealing night COMPLIANT with the reversed cases' rows put
 * back and no conflict.
 */
class MariaDbDemoFunctionalTests extends FunctionalTestSupport {

    @BeforeAll
    static void server() {
        TestMariaDb.assumeAvailable();
    }

    @AfterEach
    void forgetTheServer() throws Exception {
        System.clearProperty("SEALING_DEMO_MARIADB_URL");
        System.clearProperty("SEALING_DEMO_MARIADB_USER");
        System.clearProperty("SEALING_DEMO_MARIADB_PASSWORD");
        try (Connection c = TestMariaDb.root(null); Statement s = c.createStatement()) {
            s.execute("drop database if exists demo_summons");
            s.execute("drop database if exists demo_dir");
        }
    }

    @Test
    void theDemoPlacesSummonsAndDirOnMariaDbAndIsCompliantBothNights() throws Exception {
        resetControlDatabase();
        System.setProperty("SEALING_DEMO_MARIADB_URL", TestMariaDb.serverUrl());
        System.setProperty("SEALING_DEMO_MARIADB_USER", TestMariaDb.credentials()[0]);
        System.setProperty("SEALING_DEMO_MARIADB_PASSWORD", TestMariaDb.credentials()[1]);

        CliResult demo = sealctl("demo", "--json", "--config", "jobs");

        assertThat(demo.exitCode()).as(demo.out() + demo.err()).isZero();
        JsonOutput figures = JsonOutput.of(demo.out()).has("status", "COMPLETED", "verdict", "COMPLIANT", "targets", 14,
                "targetsVerified", 14, "residual", 0, "failed", 0);
        figures.object("unsealing").has("verdict", "COMPLIANT", "targetsVerified", 14, "conflicts", 0, "failed", 0,
                "residual", 0);
        assertThat(jdbc.queryForList("select distinct target from audit_ledger where target in ('summons', 'dir')",
                String.class)).containsExactlyInAnyOrder("summons", "dir");
        // the two targets' rows are in MariaDB, the still-sealed ones masked there
        assertThat(count("select count(*) from demo_summons.summons where defendant = '[SEALED]'")).isPositive();
        assertThat(count("select count(*) from demo_dir.incident where narrative = '[SEALED]'")).isPositive();
        assertThat(count("select count(*) from demo_summons.summons where defendant <> '[SEALED]'")).isPositive();
    }

    /**
     * The target files append the database to the server's URL: a URL with parameters (or a database) would
     * become another URL, so the demo refuses it, creating nothing.
     */
    @Test
    void aServerUrlWithParametersIsRefusedBeforeAnythingIsCreated() throws Exception {
        resetControlDatabase();
        System.setProperty("SEALING_DEMO_MARIADB_URL", TestMariaDb.serverUrl() + "?connectTimeout=5000");

        CliResult demo = sealctl("demo", "--json", "--config", "jobs");

        assertThat(demo.exitCode()).isNotZero();
        assertThat(demo.out() + demo.err()).contains("SEALING_DEMO_MARIADB_URL must be a MariaDB server's URL without a"
                + " database or parameters, jdbc:mariadb://host:port/");
        assertThat(count("select count(*) from information_schema.schemata where schema_name in ('demo_summons',"
                + " 'demo_dir')")).isZero();
    }

    private static long count(String sql) throws Exception {
        try (Connection c = TestMariaDb.root(null); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
