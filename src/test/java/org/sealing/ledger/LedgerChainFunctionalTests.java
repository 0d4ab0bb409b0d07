package org.sealing.ledger;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hash-chained ledger after a remediation run: one change entry per recorded chunk, and
 * {@code sealctl audit verify} finds the chain whole; then, with the database's guards set aside as a
 * superuser can, a plan row, a chunk record or an entry edited or removed afterwards is found, and
 * the first entry whose link no longer holds is named.
 */
class LedgerChainFunctionalTests extends FunctionalTestSupport {

    @BeforeEach
    void aRemediatedWorld() throws Exception {
        resetControlDatabase();
        emptyTargetsDirectory();
        importedWorld(200);
        CliResult run = sealctl("run", "nightly", "--json");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(count("select count(*) from ledger_entry")).as("entries enough to remove a middle one")
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void aRunLeavesOneChangeEntryPerChunkAndTheChainWhole() {
        long chunks = count("select count(*) from apply_chunk");
        String head = jdbc.queryForObject("select hash from ledger_entry order by seq desc limit 1", String.class);

        CliResult verify = sealctl("audit", "verify", "--json");

        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        JsonOutput.of(verify.out()).has("whole", true, "entries", chunks, "head", head);
        assertThat(count("select count(*) from ledger_entry where kind = 'CHANGE'")).isEqualTo(chunks);
        // every chunk has exactly one entry, and the entries count every audited row
        assertThat(count("""
                select count(*) from apply_chunk c
                where (select count(*) from ledger_entry e where e.run_id = c.run_id and e.target = c.target
                       and e.lane = c.lane and e.first_plan_id = c.first_plan_id and e.last_plan_id = c.last_plan_id
                       and e.execution_id = c.execution_id) <> 1
                """)).isZero();
        assertThat(count("select sum(row_count) from ledger_entry")).isEqualTo(count("select count(*) from audit_ledger"));
        assertThat(application.getBean(LedgerChain.class).head()).isEqualTo(new LedgerEntry.Head(chunks, head));
        CliResult text = sealctl("audit", "verify");
        assertThat(text.exitCode()).isZero();
        assertThat(text.out().trim()).isEqualTo("ledger chain whole: " + chunks + " entries, head " + head);
    }

    @ParameterizedTest
    @ValueSource(strings = {"order_id = 'O-EDITED'", "row_ref = md5(row_ref)", "statute = '160.59'",
        "outcome = case when outcome = 'SEAL' then 'DESTROY' else 'SEAL' end"})
    void aPlanRowEditedAfterItsChangeBreaksTheEntryThatCoversIt(String edit) {
        // an entry in the middle of the chain, so that the entries before it stay whole
        long seq = count("select min(seq) from ledger_entry where row_count > 0"
                + " and seq > (select max(seq) / 2 from ledger_entry)");
        Map<String, Object> entry = jdbc.queryForMap("select * from ledger_entry where seq = ?", seq);
        String lane = (String) entry.get("lane");
        Long planId = jdbc.queryForObject("""
                select min(audit_id) from audit_ledger where run_id = ? and target = ? and audit_id between ? and ?
                and case when action = 'PURGE' then 'purge' else 'mask:' || table_name end = ?
                """, Long.class, entry.get("run_id"), entry.get("target"), entry.get("first_plan_id"),
                entry.get("last_plan_id"), lane);

        tamper("update remediation_plan set " + edit + " where plan_id = " + planId);

        assertBrokenAt(seq, "the rows it covers differ");
        CliResult text = sealctl("audit", "verify");
        assertThat(text.out().trim()).isEqualTo("ledger chain broken at entry " + seq + " (CHANGE of run "
                + entry.get("run_id") + ", target " + entry.get("target") + ", lane " + lane
                + ": the rows it covers differ)");
    }

    @Test
    void aChunkRecordRemovedBreaksItsEntry() {
        long seq = count("select min(seq) from ledger_entry where row_count > 0");
        tamper("delete from apply_chunk c using ledger_entry e where e.seq = " + seq + " and c.run_id = e.run_id"
                + " and c.target = e.target and c.lane = e.lane and c.first_plan_id = e.first_plan_id");

        assertBrokenAt(seq, "the rows it covers differ");
    }

    @Test
    void anEntryWhoseHashWasEditedIsNamed() {
        tamper("update ledger_entry set hash = repeat('a', 64) where seq = 2");

        assertBrokenAt(2, "recorded hash differs");
    }

    @Test
    void anEntryWhoseCountWasEditedIsNamed() {
        tamper("update ledger_entry set row_count = row_count + 1 where seq = 2");

        assertBrokenAt(2, "recorded hash differs");
    }

    @Test
    void anEntryRemovedIsFoundAtTheNextOne() {
        tamper("delete from ledger_entry where seq = 2");

        assertBrokenAt(3, "previous hash differs");
    }

    @Test
    void theFirstEntryRemovedIsFoundAtTheSecond() {
        tamper("delete from ledger_entry where seq = 1");

        assertBrokenAt(2, "previous hash differs");
    }

    private void assertBrokenAt(long seq, String reason) {
        CliResult verify = sealctl("audit", "verify", "--json");
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isEqualTo(3);
        JsonOutput json = JsonOutput.of(verify.out()).has("whole", false, "brokenAt", seq);
        assertThat(json.text("reason")).endsWith(": " + reason);
    }

    /** Runs a statement as a superuser whose session sets the ledger's triggers aside. */
    private void tamper(String sql) {
        jdbc.execute((java.sql.Connection c) -> {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("set local session_replication_role = replica");
                assertThat(s.executeUpdate(sql)).as(sql).isPositive();
                c.commit();
            } finally {
                c.setAutoCommit(autoCommit);
            }
            return null;
        });
    }

    private long count(String sql) {
        Long value = jdbc.queryForObject(sql, Long.class);
        return value == null ? 0 : value;
    }
}
