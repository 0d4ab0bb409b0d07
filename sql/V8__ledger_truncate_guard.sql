-- The ledger's tables only grow (V6 forbids UPDATE and DELETE of their rows); TRUNCATE fires no row
-- trigger, so it needs a guard of its own. A statement trigger on each table refuses it, and a
-- TRUNCATE ... CASCADE that reaches a ledger table through a foreign key is refused the same way.
-- (The register's tables are not append-only: imports update orders and their files' counts, and
-- the accepted lines of an import are deleted when it completes.)
CREATE FUNCTION ledger_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit ledger is append-only: TRUNCATE on % is not allowed', TG_TABLE_NAME;
END;
$$;

CREATE TRIGGER remediation_plan_no_truncate BEFORE TRUNCATE ON remediation_plan
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_no_truncate();
CREATE TRIGGER apply_chunk_no_truncate BEFORE TRUNCATE ON apply_chunk
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_no_truncate();
CREATE TRIGGER apply_failure_no_truncate BEFORE TRUNCATE ON apply_failure
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_no_truncate();
