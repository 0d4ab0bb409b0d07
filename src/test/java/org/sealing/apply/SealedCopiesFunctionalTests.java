package org.sealing.apply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.sealing.support.Feeds;
import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.SealctlProcess;
import org.sealing.support.TestControlDatabase;
import org.sealing.support.VaultChecks;
import org.sealing.vault.VaultStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under the built-in policy a sealed row is changed only with its vault copy made, and copied once: after
 * a remediation of records (masked arrests and charges, purged notes) and photographs (destroyed under
 * 160.50 and 160.55, sealed under 160.57), every sealed row has one copy that opens to the row exactly as it
 * was (whatever form the driver receives values in), a destroyed row has none, a second run adds none, and
 * nothing of a row shows outside its copy.
 */
@ExtendWith(OutputCaptureExtension.class)
class SealedCopiesFunctionalTests extends FunctionalTestSupport {

    /** Values only the target rows hold: none may leave them but encrypted. */
    private static final List<String> PERSONAL = List.of("ALPHA OUNCEMAN", "BRAVO TWOMEY", "CHARLIE THRICE",
            "burglary of a dwelling", "petit larceny", "note about alpha", "note about charlie");

    @Autowired
    VaultStore vault;

    private TestControlDatabase.Database db;

    @BeforeEach
    void world() throws Exception {
        resetControlDatabase();
        db = TestControlDatabase.create();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("""
                    create table arrest (arrest_id int primary key, arrest_no text not null, name text,
                        born date, weight numeric(5,1), sealed boolean not null default false);
                    insert into arrest values (1, 'K00000001', 'ALPHA OUNCEMAN', '1980-01-02', 81.5, false),
                        (2, 'K00000002', 'BRAVO TWOMEY', '0044-03-15 BC', null, false),
                        (3, 'K00000003', 'CHARLIE THRICE', '1999-12-31', 70.0, false),
                        (4, 'K00000004', 'DELTA FOURSOME', '2001-02-03', 90.25, false);
                    create table photo (photo_id int primary key, arrest_id int not null references arrest,
                        taken timestamptz, image bytea);
                    create index on photo (arrest_id);
                    insert into photo select a * 10 + p, a, '2019-05-01 10:00:00+00'::timestamptz + p * interval '1 h',
                        decode('ffeedd' || a || p, 'hex') from generate_series(1, 4) a, generate_series(1, 2) p;
                    create table charge (arrest_id int not null references arrest, seq smallint not null,
                        charge_text text, primary key (arrest_id, seq));
                    insert into charge select a, s, case when s = 1 then 'burglary of a dwelling' else 'petit larceny' end
                        from generate_series(1, 4) a, generate_series(1, 2) s;
                    create table note (note_id serial primary key, arrest_id int not null references arrest, body text,
                        fee numeric);
                    create index on note (arrest_id);
                    insert into note values (31, 1, 'note about alpha', 12.50), (33, 3, 'note about charlie', 'NaN'),
                        (34, 4, 'note about delta', 0);
                    """);
        }
        Path feed = Feeds.write(Files.createDirectories(workDir.resolve("feeds")), "sealed-copies.csv",
                Feeds.line("VLT-5050", "SEAL", "", "K00000001", "", "", "", "", "2019-05-01", "DISMISSED",
                        "2019-09-01", "160.50", ""),
                Feeds.line("VLT-5055", "SEAL", "", "K00000002", "", "", "", "", "2019-05-02", "VIOLATION",
                        "2019-09-02", "160.55", ""),
                Feeds.line("VLT-5057", "SEAL", "", "K00000003", "", "", "", "", "2012-05-03", "CLEAN_SLATE",
                        "2023-11-16", "160.57", ""));
        assertThat(sealctl("import", feed.toString()).exitCode()).isZero();
        Files.writeString(emptyTargetsDirectory().resolve("records.yml"), """
                name: records
                connection:
                  url: %s
                  username: %s
                  password: "%s"
                tables:
                  - table: arrest
                    key: [arrest_id]
                    match: { arrest_number: arrest_no }
                    action: mask
                    mask: { name: redact, born: year-only }
                    sealed-flag: sealed
                  - table: charge
                    key: [arrest_id, seq]
                    match: { via: arrest }
                    action: mask
                    mask: { charge_text: redact }
                  - table: note
                    key: [note_id]
                    match: { via: arrest }
                    action: purge
                  - table: photo
                    key: [photo_id]
                    match: { via: arrest }
                    holds: photographs
                    action: purge
                """.formatted(binaryFirst(db.url()), db.user(), db.password() == null ? "" : db.password()));
    }

    @AfterEach
    void removeTargets() throws Exception {
        // the configuration directory is shared with the other test classes
        emptyTargetsDirectory();
    }

    @Test
    void everySealedRowHasOneCopyOfItsRowAsItWasAndADestroyedRowNone() throws Exception {
        VaultChecks checks = snapshot();

        CliResult run = sealctl("run", "remediate", "--json");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        // sealed: 3 arrests, 6 charges, 2 notes, the 160.57 arrest's 2 photographs; destroyed: 4 photographs
        JsonOutput.of(run.out()).has("verdict", "COMPLIANT", "failed", 0, "residual", 0, "destroyed", 4, "sealed", 13);
        assertThat(checks.assertOneExactCopyPerSealedRow(jdbc, vault)).isEqualTo(13);
        assertThat(jdbc.queryForObject("select count(*) from vault_copy v join remediation_plan p using (plan_id)"
                + " where p.outcome = 'DESTROY'", Long.class)).isZero();
        // the rows were changed after they were copied
        try (Connection c = db.connect(); Statement s = c.createStatement();
                var rs = s.executeQuery("select count(*) from arrest where name = '[SEALED]' and sealed")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(3);
        }

        // a second run finds nothing to change, and copies nothing again
        CliResult again = sealctl("run", "remediate", "--json");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from vault_copy", Long.class)).isEqualTo(13);
        checks.assertOneExactCopyPerSealedRow(jdbc, vault);
    }

    @Test
    void nothingOfASealedRowShowsInTheLogsOutputsOrControlDatabaseButEncrypted(CapturedOutput logs) throws Exception {
        CliResult run = sealctl("run", "remediate", "--json");
        CliResult status = sealctl("status", "--json");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from vault_copy", Long.class)).isEqualTo(13);
        StringBuilder control = new StringBuilder();
        for (String table : jdbc.queryForList("select table_name from information_schema.tables"
                + " where table_schema = 'public' and table_type = 'BASE TABLE'", String.class)) {
            jdbc.queryForList("select t::text from \"" + table + "\" t", String.class)
                    .forEach(row -> control.append(table).append(": ").append(row).append('\n'));
        }
        String everywhere = run.out() + run.err() + status.out() + status.err() + logs.getAll() + control;
        for (String value : PERSONAL) {
            assertThat(everywhere).as("a value of a sealed row").doesNotContain(value);
        }
        assertThat(run.out() + run.err() + logs.getAll()).doesNotContain("K00000001", "K00000003");
    }

    @Test
    void aSealedRowAnotherSessionChangesWhileTheRunWaitsForItIsCopiedAsThatSessionLeftIt() throws Exception {
        // a masked row and a purged one, both sealed, each changed by a session that keeps it locked until the
        // run waits for it (the run's lanes take them in either order)
        try (Connection masked = db.connect(); Connection purged = db.connect()) {
            Map<Connection, Boolean> holders = new LinkedHashMap<>();
            hold(masked, "update arrest set weight = 99.9, born = '1980-01-03' where arrest_id = 1");
            hold(purged, "update note set fee = 13.75 where note_id = 31");
            holders.put(masked, false);
            holders.put(purged, false);
            // the rows as the run must copy them: as those sessions will have committed them
            VaultChecks checks = new VaultChecks();
            checks.snapshot("records", masked, "public", "arrest", "arrest");
            checks.snapshot("records", purged, "public", "note", "note");
            checks.snapshot("records", masked, "public", "charge", "charge");
            checks.snapshot("records", masked, "public", "photo", "photo");
            SealctlProcess run = SealctlProcess.start(workDir, childEnv(), "run", "remediate", "--json");
            for (int released = 0; released < 2; released++) {
                Connection holder = awaitBlocking(run, holders);
                holder.commit();
                holders.put(holder, true);
            }

            assertThat(run.waitFor(120)).as(run.err()).isZero();
            JsonOutput.of(run.out()).has("verdict", "COMPLIANT", "failed", 0, "residual", 0, "sealed", 13);
            assertThat(checks.assertOneExactCopyPerSealedRow(jdbc, vault)).isEqualTo(13);
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
                var rs = s.executeQuery("select count(*) from note where note_id = 31")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
                var rs = s.executeQuery("select weight, born, name, sealed from arrest where arrest_id = 1")) {
            rs.next();
            assertThat(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getBoolean(4))
                    .isEqualTo("99.9 1980-01-01 [SEALED] true");
        }
    }

    private static void hold(Connection c, String update) throws Exception {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute(update);
        }
    }

    /** Waits until a session of the run is blocked by one of the holders not yet released; returns that holder. */
    private Connection awaitBlocking(SealctlProcess run, Map<Connection, Boolean> holders) throws Exception {
        Map<Connection, Integer> pids = new LinkedHashMap<>();
        for (Connection holder : holders.keySet()) {
            try (Statement s = holder.createStatement(); var rs = s.executeQuery("select pg_backend_pid()")) {
                rs.next();
                pids.put(holder, rs.getInt(1));
            }
        }
        long deadline = System.currentTimeMillis() + 120_000;
        try (Connection c = db.connect(); var ps = c.prepareStatement("select count(*) from pg_stat_activity"
                + " where datname = current_database() and ? = any(pg_blocking_pids(pid))")) {
            while (System.currentTimeMillis() < deadline) {
                assertThat(run.isAlive()).as("the run ended before it waited: %s", run.err()).isTrue();
                for (Map.Entry<Connection, Integer> holder : pids.entrySet()) {
                    if (holders.get(holder.getKey())) {
                        continue;
                    }
                    ps.setInt(1, holder.getValue());
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            return holder.getKey();
                        }
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the run never waited for the rows: " + run.err());
    }

    private VaultChecks snapshot() throws Exception {
        VaultChecks checks = new VaultChecks();
        try (Connection c = db.connect()) {
            for (String table : List.of("arrest", "charge", "note", "photo")) {
                checks.snapshot("records", c, "public", table, table);
            }
        }
        return checks;
    }

    /**
     * The target's URL with the driver receiving in binary, from a statement's first run, every type it can:
     * the images stay exact only because the target's sessions receive the others as text.
     */
    private static String binaryFirst(String url) {
        return url + (url.contains("?") ? "&" : "?") + "prepareThreshold=-1";
    }
}
