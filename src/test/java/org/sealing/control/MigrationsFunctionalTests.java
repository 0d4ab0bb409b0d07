package org.sealing.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.sealing.support.TestControlDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A start brings the control database to this build's schema, whatever it finds: nothing, a schema one migration
 * behind, a failed migration, or a schema a newer build migrated; and a schema already at this build's is left as
 * it is without running Flyway (the quick check of {@link Migrations}).
 */
class MigrationsFunctionalTests {

    private TestControlDatabase.Database db;
    private HikariDataSource pool;

    @BeforeEach
    void database() {
        db = TestControlDatabase.create();
        pool = ControlDatabase.pool("migrations", db.url(), db.user(), db.password(), 2);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void theVersionsFoundAreTheSqlFoldersMigrationsTheVaultsAmongThem() throws IOException {
        Set<String> files = new TreeSet<>();
        try (Stream<Path> sql = Files.walk(Path.of("sql"))) {
            sql.map(p -> p.getFileName().toString()).filter(n -> n.matches("V[0-9]+__.*\\.sql"))
                    .forEach(n -> files.add(n.substring(1, n.indexOf("__"))));
        }
        assertThat(files).contains("1", "13", "20");

        assertThat(Migrations.versions(ControlDatabaseConfiguration.MIGRATIONS)).isEqualTo(files);
        assertThat(Migrations.versions("classpath:db/migration/vault")).containsExactly("13");
    }

    @Test
    void versionsCompareAsFlywayComparesThem() {
        assertThat(Migrations.normalised("020")).isEqualTo("20");
        assertThat(Migrations.normalised("1_1")).isEqualTo("1.1");
        assertThat(Migrations.normalised("2.0.0")).isEqualTo("2");
        assertThat(Migrations.normalised("2.10")).isNotEqualTo(Migrations.normalised("2.1"));
        assertThat(Migrations.compare("2.10", "2.9")).isPositive();
        assertThat(Migrations.compare("14", "20")).isNegative();
        assertThat(Migrations.compare("3", "3.0.1")).isNegative();
        assertThat(Migrations.compare("20", "20")).isZero();
    }

    @Test
    void anEmptyDatabaseGetsEveryMigrationAndASecondStartChangesNothing() throws Exception {
        Migrations.apply(pool, ControlDatabaseConfiguration.MIGRATIONS, "flyway_schema_history");

        Set<String> versions = Migrations.versions(ControlDatabaseConfiguration.MIGRATIONS);
        assertThat(history()).isEqualTo(versions);
        assertThat(db.rows("select count(*)::text, '' from order_found")).containsExactly(Map.entry("0", ""));
        List<String> before = historyRows();

        Migrations.apply(pool, ControlDatabaseConfiguration.MIGRATIONS, "flyway_schema_history");

        assertThat(historyRows()).isEqualTo(before);
    }

    @Test
    void aDatabaseOneMigrationBehindGetsTheMissingOne() throws Exception {
        Flyway.configure().dataSource(pool).locations(ControlDatabaseConfiguration.MIGRATIONS).target("19").load()
                .migrate();
        assertThat(history()).doesNotContain("20");

        Migrations.apply(pool, ControlDatabaseConfiguration.MIGRATIONS, "flyway_schema_history");

        assertThat(history()).contains("19", "20");
        assertThat(db.rows("select count(*)::text, '' from order_found")).containsExactly(Map.entry("0", ""));
    }

    @Test
    void aFailedMigrationInTheHistoryIsNotTakenForASchemaAtThisVersion() throws Exception {
        Migrations.apply(pool, ControlDatabaseConfiguration.MIGRATIONS, "flyway_schema_history");
        // a migration that failed half-way where DDL is not transactional, or was marked so by hand
        execute("update flyway_schema_history set success = false where version = '20'");

        assertThatThrownBy(() -> Migrations.apply(pool, ControlDatabaseConfiguration.MIGRATIONS,
                "flyway_schema_history")).isInstanceOf(FlywayException.class).hasMessageContaining("failed migration");
    }

    @Test
    void aMigrationOfAnotherBuildInTheHistoryIsLeftToFlywayWhichRefusesIt() throws Exception {
        Migrations.apply(pool, ControlDatabaseConfiguration.MIGRATIONS, "flyway_schema_history");
        // version 14 is not one of this build's, and lies below its newest: another build's migration
        applied("14", "of another build");

        assertThatThrownBy(() -> Migrations.apply(pool, ControlDatabaseConfiguration.MIGRATIONS,
                "flyway_schema_history")).isInstanceOf(FlywayException.class).hasMessageContaining("14");
    }

    @Test
    void aSchemaANewerBuildMigratedIsUsedAsItIs() throws Exception {
        Migrations.apply(pool, ControlDatabaseConfiguration.MIGRATIONS, "flyway_schema_history");
        applied("99", "of a newer build");
        List<String> before = historyRows();

        Migrations.apply(pool, ControlDatabaseConfiguration.MIGRATIONS, "flyway_schema_history");

        assertThat(historyRows()).isEqualTo(before);
    }

    private Set<String> history() throws Exception {
        Set<String> versions = new TreeSet<>();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                var rs = s.executeQuery("select version from flyway_schema_history where success and version is not null")) {
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
        }
        return versions;
    }

    private List<String> historyRows() throws Exception {
        List<String> rows = new java.util.ArrayList<>();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                var rs = s.executeQuery("select concat_ws('|', installed_rank, version, checksum, installed_on, success)"
                        + " from flyway_schema_history order by installed_rank")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    /** Records in the history a migration applied with success that this build does not have. */
    private void applied(String version, String description) throws Exception {
        execute("insert into flyway_schema_history (installed_rank, version, description, type, script, checksum,"
                + " installed_by, execution_time, success) values (900, '" + version + "', '" + description + "', 'SQL',"
                + " 'V" + version + "__" + description.replace(' ', '_') + ".sql', 0, 'someone', 0, true)");
    }

    private void execute(String sql) throws Exception {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
