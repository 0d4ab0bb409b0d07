package org.sealing.control;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.sealing.support.FunctionalTestSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit ledger's tables only grow: besides UPDATE and DELETE of their rows, TRUNCATE of any of
 * them is refused, alone or reached by a cascade, and the rows stay; the entries of the hash-chained
 * ledger can be neither changed, removed nor truncated.
 */
class LedgerGuardFunctionalTests extends FunctionalTestSupport {

    @BeforeEach
    void oneRowInEachLedgerTable() {
        resetControlDatabase();
        Long planId = jdbc.queryForObject("""
                insert into remediation_plan (run_id, target, table_name, row_ref, row_key, order_id, statute, action, outcome)
                values (1, 't', 's.t', 'ref', array['1'], 'O-1', '160.50', 'PURGE', 'DESTROY') returning plan_id
                """, Long.class);
        jdbc.update("insert into apply_chunk (run_id, target, lane, first_plan_id, last_plan_id, execution_id)"
                + " values (1, 't', 'purge', ?, ?, 1)", planId, planId);
        jdbc.update("insert into apply_failure (plan_id, execution_id, reason) values (?, 1, 'x')", planId);
        jdbc.update("insert into remediation_run (run_id, job, targets, config_fingerprint, as_of)"
                + " values (1, 'remediate', array['t'], 'f', current_date)");
        jdbc.update("insert into run_target (run_id, target) values (1, 't')");
        jdbc.update("insert into target_plan (run_id, target, execution_id) values (1, 't', 1)");
        jdbc.update("insert into ledger_entry (seq, kind, run_id, execution_id, target, lane, first_plan_id,"
                + " last_plan_id, row_count, recorded_at, detail, prev_hash, hash)"
                + " values (1, 'CHANGE', 1, 1, 't', 'purge', ?, ?, 0, now(), repeat('d', 64), repeat('0', 64),"
                + " repeat('a', 64))", planId, planId);
        jdbc.update("insert into order_found (order_id, run_id) values ('O-1', 2)");
        jdbc.update("insert into run_definition (run_id, target, file_name, source, sha256) values (1, 't', 't.yml',"
                + " 'name: t', 'x')");
    }

    @ParameterizedTest
    @ValueSource(strings = {"truncate target_plan", "truncate run_definition", "truncate run_target cascade",
        "truncate remediation_run cascade", "truncate run_table"})
    void truncatingTheRecordsARestartReliesOnIsRefused(String truncate) {
        assertThatThrownBy(() -> jdbc.execute(truncate)).hasMessageContaining("TRUNCATE on");

        assertThat(jdbc.queryForObject("select count(*) from target_plan", Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from run_definition", Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from remediation_run", Long.class)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"update ledger_entry set hash = repeat('b', 64)", "update ledger_entry set row_count = 1",
        "delete from ledger_entry", "truncate ledger_entry", "truncate ledger_entry cascade"})
    void changingOrRemovingAnEntryOfTheChainIsRefusedAndItStays(String statement) {
        assertThatThrownBy(() -> jdbc.execute(statement)).hasMessageContaining("the audit ledger is append-only:")
                .hasMessageContaining("on ledger_entry is not allowed");

        assertThat(jdbc.queryForObject("select count(*) from ledger_entry where hash = repeat('a', 64)"
                + " and row_count = 0", Long.class)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"update apply_chunk set lane = 'mask:s.t'", "delete from apply_chunk",
        "update apply_failure set reason = 'y'", "delete from apply_failure", "update remediation_plan set order_id = 'O-2'",
        "delete from remediation_plan"})
    void changingOrRemovingARowOfTheLedgerIsRefusedSayingWhy(String statement) {
        assertThatThrownBy(() -> jdbc.execute(statement)).hasMessageContaining("the audit ledger is append-only: ")
                .hasMessageContaining(" is not allowed");

        assertThat(jdbc.queryForObject("select count(*) from apply_chunk where lane = 'purge'", Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from apply_failure where reason = 'x'", Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from remediation_plan where order_id = 'O-1'", Long.class))
                .isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"delete from order_found", "update order_found set run_id = 3",
        "update order_found set order_id = 'O-2'", "truncate order_found"})
    void anOrderFoundStaysFoundByItsFirstRun(String statement) {
        assertThatThrownBy(() -> jdbc.execute(statement)).hasMessageContaining(" on order_found is not allowed");

        assertThat(jdbc.queryForObject("select run_id from order_found where order_id = 'O-1'", Long.class))
                .isEqualTo(2);
        // a restart that plans an older run's target later finds it first
        jdbc.update("update order_found set run_id = 1 where order_id = 'O-1'");
        assertThat(jdbc.queryForObject("select run_id from order_found where order_id = 'O-1'", Long.class))
                .isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"truncate remediation_plan cascade", "truncate apply_chunk", "truncate apply_failure",
        "truncate apply_chunk, apply_failure", "truncate remediation_run, remediation_plan cascade"})
    void truncatingALedgerTableIsRefusedAndItsRowsStay(String truncate) {
        assertThatThrownBy(() -> jdbc.execute(truncate)).hasMessageContaining("the audit ledger is append-only:"
                + " TRUNCATE on");

        assertThat(jdbc.queryForObject("select count(*) from remediation_plan", Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from apply_chunk", Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from apply_failure", Long.class)).isEqualTo(1);
    }
}
