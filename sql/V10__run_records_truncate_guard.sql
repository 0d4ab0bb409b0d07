-- A run's records decide what its restart does: the claim of each target's plan (target_plan), the
-- definitions it started with (run_definition) and the run and its targets and tables. Emptying them
-- would let a restart plan a target a second time into the ledger, so TRUNCATE is refused on them as
-- on the ledger (V8), directly or through CASCADE.
CREATE TRIGGER target_plan_no_truncate BEFORE TRUNCATE ON target_plan
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_no_truncate();
CREATE TRIGGER run_definition_no_truncate BEFORE TRUNCATE ON run_definition
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_no_truncate();
CREATE TRIGGER remediation_run_no_truncate BEFORE TRUNCATE ON remediation_run
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_no_truncate();
CREATE TRIGGER run_target_no_truncate BEFORE TRUNCATE ON run_target
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_no_truncate();
CREATE TRIGGER run_table_no_truncate BEFORE TRUNCATE ON run_table
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_no_truncate();
