package org.sealing.apply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import org.sealing.support.Feeds;
import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.SealctlProcess;
import org.sealing.support.TestControlDatabase;
import org.sealing.vault.RowImage;
import org.sealing.vault.VaultStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows far wider than the heap allows in one chunk: sealed mugshots (purged, the first four thumbnails, the
 * rest 1 MB) and scanned print cards (masked, 1 MB), 24 of each, remediated by a process with a 160 MB heap.
 * Before the reading of rows to copy was bounded by bytes, a chunk of them was received whole (and held again
 * as text), and the process ran out of memory. Every sealed row is changed, and its vault copy opens to its
 * bytes exactly. Then every sealing is reversed, and the same small heap restores all 48 rows in one chunk (its
 * copies were opened all at once before a restore, too, was bounded by bytes): each comes back byte for byte.
 */
class WideRowsFunctionalTests extends FunctionalTestSupport {

    private static final int SEALED = 24;

    @Autowired
    VaultStore vault;

    private TestControlDatabase.Database db;

    @BeforeEach
    void world() throws Exception {
        resetControlDatabase();
        db = TestControlDatabase.create();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // 1 MB of bytes a row (compressed in the target's storage; the driver and the vault hold them all)
            s.execute("""
                    create function megabyte(seed int) returns bytea language sql as $$
                        select decode(repeat(lpad(to_hex(seed), 8, '0'), 262144), 'hex') $$;
                    create table mugshot (shot_id int primary key, arrest_no text not null, image bytea);
                    create index on mugshot (arrest_no);
                    -- the first mugshots are thumbnails: the table's rows grow wide only further on
                    insert into mugshot select i, 'K' || lpad(i::text, 8, '0'),
                        case when i <= 4 then substring(megabyte(i) from 1 for 100) else megabyte(i) end
                        from generate_series(1, %1$d) i;
                    insert into mugshot values (900, 'K99999999', megabyte(900));
                    create table print_card (card_id int primary key, arrest_no text not null, subject text, scan bytea);
                    create index on print_card (arrest_no);
                    insert into print_card select 1000 + i, 'K' || lpad(i::text, 8, '0'), 'SUBJECT ' || i,
                        megabyte(1000 + i) from generate_series(1, %1$d) i;
                    insert into print_card values (1900, 'K99999999', 'NOT SEALED', megabyte(1900));
                    """.formatted(SEALED));
        }
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= SEALED; i++) {
            lines.add(Feeds.line("WIDE-" + i, "SEAL", "", "K%08d".formatted(i), "", "", "", "", "2019-05-01",
                    "DISMISSED", "2019-09-01", "160.50", ""));
        }
        Path feed = Feeds.write(Files.createDirectories(workDir.resolve("feeds")), "wide.csv",
                lines.toArray(String[]::new));
        assertThat(sealctl("import", feed.toString()).exitCode()).isZero();
        Files.writeString(emptyTargetsDirectory().resolve("photos.yml"), """
                name: photos
                connection:
                  url: %s
                  username: %s
                  password: "%s"
                tables:
                  - table: mugshot
                    key: [shot_id]
                    match: { arrest_number: arrest_no }
                    action: purge
                  - table: print_card
                    key: [card_id]
                    match: { arrest_number: arrest_no }
                    action: mask
                    mask: { subject: redact, scan: null }
                """.formatted(db.url(), db.user(), db.password() == null ? "" : db.password()));
    }

    @AfterEach
    void removeTargets() throws Exception {
        // the configuration directory is shared with the other test classes
        emptyTargetsDirectory();
    }

    @Test
    void megabyteRowsAreSealedByASmallHeapEachCopyExact() throws Exception {
        Map<Integer, String> digests = digests();
        Map<String, String> env = childEnv();
        // parts of 20 rows: the first of each table read before any of its rows was seen, the later ones after
        env.put("SEALING_REMEDIATION_CHUNKSIZE", "20");

        SealctlProcess run = SealctlProcess.startWithHeap("160m", workDir, env, "run", "remediate", "--json");

        assertThat(run.waitFor(300)).as(run.out() + run.err()).isZero();
        JsonOutput.of(run.out()).has("verdict", "COMPLIANT", "failed", 0, "residual", 0, "purged", SEALED,
                "masked", SEALED, "sealed", 2 * SEALED);
        assertThat(db.rows("select count(*)::text, string_agg(shot_id::text, ',') from mugshot"))
                .containsExactly(Map.entry("1", "900"));
        assertThat(db.rows("select count(*)::text, count(*) filter (where scan is null and subject = '[SEALED]')::text"
                + " from print_card where card_id <> 1900")).containsExactly(Map.entry(String.valueOf(SEALED),
                        String.valueOf(SEALED)));
        assertThat(db.rows("select subject, encode(sha256(scan), 'hex') from print_card where card_id = 1900"))
                .containsExactly(Map.entry("NOT SEALED", digests.get(1900)));

        // every copy opens to the row's bytes as they were
        List<Long> planIds = jdbc.queryForList("select plan_id from remediation_plan where action in ('PURGE', 'MASK')",
                Long.class);
        assertThat(planIds).hasSize(2 * SEALED);
        Map<Long, RowImage> copies = vault.open(planIds);
        assertThat(copies).hasSize(2 * SEALED);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (RowImage image : copies.values()) {
            RowImage.Column id = image.column("shot_id") != null ? image.column("shot_id") : image.column("card_id");
            RowImage.Column bytes = image.column("image") != null ? image.column("image") : image.column("scan");
            assertThat(bytes.value()).startsWith("\\x");
            if (Integer.parseInt(id.value()) > 4) {
                assertThat(bytes.value()).hasSize(2 + 2 * 1024 * 1024);
            }
            String digest = HexFormat.of().formatHex(sha.digest(HexFormat.of().parseHex(bytes.value().substring(2))));
            assertThat(digest).as("row " + id.value()).isEqualTo(digests.get(Integer.parseInt(id.value())));
        }

        // the court reverses every sealing: one chunk of 48 megabyte copies is opened a few at a time, and every row
        // comes back with its bytes
        String[] unseal = new String[SEALED];
        for (int i = 1; i <= SEALED; i++) {
            unseal[i - 1] = "WIDE-" + i + ",UNSEAL,,,,,,,,,,,";
        }
        assertThat(sealctl("import", Feeds.write(workDir.resolve("feeds"), "unseal.csv", unseal).toString())
                .exitCode()).isZero();
        env.put("SEALING_REMEDIATION_CHUNKSIZE", "100");

        SealctlProcess restore = SealctlProcess.startWithHeap("160m", workDir, env, "run", "remediate", "--json");

        assertThat(restore.waitFor(300)).as(restore.out() + restore.err()).isZero();
        JsonOutput.of(restore.out()).has("failed", 0, "restored", 2 * SEALED);
        assertThat(digests()).isEqualTo(digests);
        assertThat(db.rows("select count(*)::text, count(*) filter (where subject = 'SUBJECT ' || (card_id - 1000))::text"
                + " from print_card where card_id <> 1900")).containsExactly(Map.entry(String.valueOf(SEALED),
                        String.valueOf(SEALED)));
    }

    /** The SHA-256 of each row's photograph or scan, by its key (null where the row has none). */
    private Map<Integer, String> digests() throws Exception {
        Map<Integer, String> digests = new HashMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select shot_id, encode(sha256(image), 'hex') from mugshot"
                        + " union all select card_id, encode(sha256(scan), 'hex') from print_card")) {
            while (rs.next()) {
                digests.put(rs.getInt(1), rs.getString(2));
            }
        }
        return digests;
    }
}
