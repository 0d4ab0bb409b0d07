package org.sealing.vault;

import java.sql.Connection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.sealing.ledger.VaultOpenings;
import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sealctl vault open}: anything short of a known recipient kind, an authority and an order with
 * sealed copies is refused with exit code 2, showing and recording nothing; an opening shows the rows'
 * exact values (and nothing of them reaches a log, the ledger or the opening's record), records one
 * {@code vault_opening} row with the OS user and one OPENING ledger entry that {@code audit verify}
 * recomputes, so an opening edited afterwards is found.
 */
@ExtendWith(OutputCaptureExtension.class)
class VaultOpenFunctionalTests extends FunctionalTestSupport {

    private static final String ORDER = "O-OPEN-1";
    private static final String AUTHORITY = "Ind. 1234/2025, order of Hon. J. Roe";
    private static final RowImage PERSON = new RowImage(List.of(new RowImage.Column("id", "int4", "7"),
            new RowImage.Column("last_name", "text", "ZABRISKIE"), new RowImage.Column("first_name", "text", null),
            new RowImage.Column("dob", "date", "1979-03-14"), new RowImage.Column("note", "text", "line one\nQUENTIN")));
    private static final RowImage ARREST = new RowImage(List.of(new RowImage.Column("arrest_no", "text", "K87654321"),
            new RowImage.Column("amount", "numeric", "12.50")));
    /** Every value of the order's rows that identifies the person. */
    private static final List<String> VALUES = List.of("ZABRISKIE", "1979-03-14", "QUENTIN", "K87654321");

    @Autowired
    VaultStore store;

    @Autowired
    DataSource dataSource;

    @BeforeEach
    void sealedCopies() throws Exception {
        resetControlDatabase();
        jdbc.update("delete from vault_copy");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            store.put(c, List.of(new VaultStore.Copy(3, 11, "precinct", "public.person", "ref-person", ORDER, PERSON),
                    new VaultStore.Copy(3, 12, "courts", "public.arrest", "ref-arrest", ORDER, ARREST),
                    new VaultStore.Copy(3, 13, "courts", "public.arrest", "ref-other", "O-OTHER", ARREST)));
            c.commit();
        }
        // an order the register knows, with nothing sealed
        jdbc.update("""
                insert into sealing_order (order_id, order_type, arrest_number, arrest_date, disposition,
                                           disposition_date, statute, first_import_id, last_import_id)
                values ('O-REGISTERED', 'SEAL', 'B12345678', date '2020-01-01', 'DISMISSED', date '2020-02-01',
                        '160.50', 1, 1)
                """);
    }

    static List<List<String>> refusals() {
        return List.of(
                List.of("vault", "open", ORDER, "--authority", AUTHORITY),
                List.of("vault", "open", ORDER, "--recipient", "neighbour", "--authority", AUTHORITY),
                List.of("vault", "open", ORDER, "--recipient", "parole"),
                List.of("vault", "open", ORDER, "--recipient", "parole", "--authority", "   "),
                List.of("vault", "open", ORDER, "--recipient", "parole", "--authority", "x".repeat(201)),
                List.of("vault", "open", ORDER, "--recipient", "parole", "--authority", "order\n12"),
                List.of("vault", "open", "--recipient", "parole", "--authority", AUTHORITY),
                List.of("vault", "open", "O-UNKNOWN", "--recipient", "parole", "--authority", AUTHORITY),
                List.of("vault", "open", "O-REGISTERED", "--recipient", "parole", "--authority", AUTHORITY));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void anythingLessIsRefusedShowingAndRecordingNothing(List<String> args) {
        CliResult result = sealctl(args.toArray(new String[0]));

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().strip()).startsWith("sealctl: ").doesNotContain("\n");
        VALUES.forEach(v -> assertThat(result.err()).doesNotContain(v));
        assertThat(count("select count(*) from vault_opening")).isZero();
        assertThat(count("select count(*) from ledger_entry")).isZero();
    }

    @Test
    void anUnknownOrderAndOneWithNothingSealedAreRefusedInTheSameWords() {
        CliResult unknown = sealctl("vault", "open", "O-UNKNOWN", "--recipient", "accused", "--authority", AUTHORITY);
        CliResult registered = sealctl("vault", "open", "O-REGISTERED", "--recipient", "accused", "--authority",
                AUTHORITY);

        assertThat(unknown.err().strip()).isEqualTo(
                "sealctl: order O-UNKNOWN has no sealed records in the vault; nothing was shown or recorded");
        assertThat(registered.err().replace("O-REGISTERED", "O-UNKNOWN")).isEqualTo(unknown.err());
        assertThat(sealctl("vault", "open", ORDER, "--recipient", "neighbour", "--authority", AUTHORITY).err().strip())
                .isEqualTo("sealctl: unknown recipient 'neighbour': one of accused, prosecutor-acd,"
                        + " law-enforcement-court-order, gun-licensing, parole, police-employer, probation;"
                        + " see sealctl vault open --help");
    }

    @Test
    void anOpeningShowsTheExactValuesAndIsRecordedOnceInTheChainedLedger(CapturedOutput logs) {
        CliResult opened = sealctl("vault", "open", ORDER, "--recipient", "law-enforcement-court-order",
                "--authority", AUTHORITY);

        assertThat(opened.exitCode()).as(opened.err()).isZero();
        assertThat(opened.out()).isEqualTo("""
                order O-OPEN-1 opened to law-enforcement-court-order under %s: 2 sealed rows (opening %d, ledger entry 1)

                target precinct, table public.person, row ref-person
                  id = 7
                  last_name = ZABRISKIE
                  first_name is null
                  dob = 1979-03-14
                  note = line one\\nQUENTIN

                target courts, table public.arrest, row ref-arrest
                  arrest_no = K87654321
                  amount = 12.50
                """.formatted(AUTHORITY, count("select opening_id from vault_opening")));
        String user = System.getProperty("user.name");
        Map<String, Object> row = jdbc.queryForMap("select * from vault_opening");
        assertThat(row).containsEntry("order_id", ORDER).containsEntry("recipient", "law-enforcement-court-order")
                .containsEntry("authority", AUTHORITY).containsEntry("opened_by", user).containsEntry("row_count", 2L)
                .containsEntry("ledger_seq", 1L);
        Map<String, Object> entry = jdbc.queryForMap("select * from ledger_entry");
        assertThat(entry).containsEntry("kind", "OPENING").containsEntry("row_count", 2L).containsEntry("seq", 1L);

        CliResult json = sealctl("vault", "open", ORDER, "--recipient", "parole", "--authority", AUTHORITY, "--json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonOutput out = JsonOutput.of(json.out()).has("orderId", ORDER, "recipient", "parole", "authority", AUTHORITY);
        assertThat(json.out()).contains("""
                "rows":[{"target":"precinct","table":"public.person","rowRef":"ref-person","columns":{"id":"7",\
                "last_name":"ZABRISKIE","first_name":null,"dob":"1979-03-14","note":"line one\\nQUENTIN"}},\
                {"target":"courts","table":"public.arrest","rowRef":"ref-arrest","columns":{"arrest_no":"K87654321",\
                "amount":"12.50"}}]""");
        assertThat(out).isNotNull();
        assertThat(count("select count(*) from vault_opening")).isEqualTo(2);
        assertThat(count("select count(*) from ledger_entry where kind = 'OPENING'")).isEqualTo(2);

        CliResult verify = sealctl("audit", "verify", "--json");
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        JsonOutput.of(verify.out()).has("whole", true, "entries", 2L);

        // the rows' values reached stdout and nowhere else: no log line, no ledger, no opening record
        String recorded = "" + jdbc.queryForList("select row_to_json(o)::text from vault_opening o", String.class)
                + jdbc.queryForList("select row_to_json(e)::text from ledger_entry e", String.class);
        for (String value : VALUES) {
            assertThat(logs.getAll()).as("logs").doesNotContain(value);
            assertThat(opened.err() + json.err()).doesNotContain(value);
            assertThat(recorded).doesNotContain(value);
        }
    }

    @Test
    void anOpeningEditedOrRemovedAfterwardsIsFoundByAuditVerify() {
        assertThat(sealctl("vault", "open", ORDER, "--recipient", "probation", "--authority", AUTHORITY).exitCode())
                .isZero();
        assertThat(sealctl("vault", "open", ORDER, "--recipient", "accused", "--authority", AUTHORITY).exitCode())
                .isZero();

        tamper("update vault_opening set authority = 'nothing at all' where ledger_seq = 1");
        CliResult verify = sealctl("audit", "verify");
        assertThat(verify.exitCode()).isEqualTo(3);
        assertThat(verify.out().strip())
                .isEqualTo("ledger chain broken at entry 1 (OPENING: the opening it records differs)");

        tamper("update vault_opening set authority = '" + AUTHORITY + "' where ledger_seq = 1");
        assertThat(sealctl("audit", "verify").exitCode()).isZero();

        tamper("delete from vault_opening where ledger_seq = 2");
        CliResult removed = sealctl("audit", "verify", "--json");
        assertThat(removed.exitCode()).isEqualTo(3);
        assertThat(JsonOutput.of(removed.out()).has("whole", false, "brokenAt", 2L).text("reason"))
                .isEqualTo("OPENING: the opening it records is missing");
    }

    @Test
    void theOpeningsAreAppendOnly() {
        sealctl("vault", "open", ORDER, "--recipient", "probation", "--authority", AUTHORITY);

        for (String sql : List.of("update vault_opening set authority = 'x'", "delete from vault_opening",
                "truncate vault_opening")) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> jdbc.execute(sql)))
                    .hasMessageContaining("the audit ledger is append-only")
                    .hasMessageContaining("on vault_opening is not allowed");
        }
        assertThat(count("select count(*) from vault_opening where authority = ?", AUTHORITY)).isEqualTo(1);
    }

    @Test
    void aRunsWorkbookListsTheOpeningsSinceThePreviousRunOnce() {
        Instant t = Instant.parse("2026-01-10T12:00:00Z");
        run(1, t);
        run(2, t.plusSeconds(3600));
        run(3, t.plusSeconds(7200));
        VaultOpenings openings = application.getBean(VaultOpenings.class);
        sealctl("vault", "open", ORDER, "--recipient", "probation", "--authority", AUTHORITY);
        sealctl("vault", "open", ORDER, "--recipient", "parole", "--authority", "A-2");
        // as if made between the runs (which breaks their entries' digests: this test lists, it does not verify)
        tamper("update vault_opening set opened_at = timestamptz '2026-01-10T12:30:00Z' where recipient = 'probation'");
        tamper("update vault_opening set opened_at = timestamptz '2026-01-10T11:00:00Z' where recipient = 'parole'");

        assertThat(openings.listedBy(1)).extracting(VaultOpenings.Opening::authority).containsExactly("A-2");
        List<VaultOpenings.Opening> second = openings.listedBy(2);
        assertThat(second).hasSize(1);
        VaultOpenings.Opening o = second.get(0);
        assertThat(o.orderId()).isEqualTo(ORDER);
        assertThat(o.recipient()).isEqualTo("probation");
        assertThat(o.authority()).isEqualTo(AUTHORITY);
        assertThat(o.rows()).isEqualTo(2);
        assertThat(o.openedAt()).isEqualTo(Instant.parse("2026-01-10T12:30:00Z"));
        assertThat(openings.listedBy(3)).isEmpty();
    }

    private void run(long runId, Instant createdAt) {
        jdbc.update("insert into remediation_run (run_id, job, targets, config_fingerprint, as_of, created_at)"
                + " values (?, 'nightly', '{}', 'f', current_date, ?)", runId,
                OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC));
    }

    private long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    /** What only a superuser can do: change a record with the ledger's triggers set aside. */
    private void tamper(String sql) {
        jdbc.execute((Connection c) -> {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (var s = c.createStatement()) {
                s.execute("set local session_replication_role = replica");
                assertThat(s.executeUpdate(sql)).as(sql).isPositive();
                c.commit();
            } finally {
                c.setAutoCommit(autoCommit);
            }
            return null;
        });
    }
}
