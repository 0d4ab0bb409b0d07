-- The plan and the audit ledger of remediation runs (SPEC section 7, DESIGN section 1).
-- A run is a Spring Batch job instance: its executions (the first and every restart) share run_id.

-- One row per target row that a run found not yet in its remediated state. The key is needed to
-- apply the change; it never leaves the control database (reports name rows by row_ref only).
CREATE TABLE remediation_plan (
    plan_id    BIGSERIAL PRIMARY KEY,
    run_id     BIGINT NOT NULL,
    target     TEXT NOT NULL,
    table_name TEXT NOT NULL,
    row_ref    TEXT NOT NULL,
    row_key    TEXT[] NOT NULL,
    order_id   TEXT NOT NULL,
    statute    TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('PURGE', 'MASK', 'REVIEW')),
    -- purges of children run before their parents': lower depth first
    depth      INT NOT NULL DEFAULT 0,
    state      TEXT NOT NULL DEFAULT 'PLANNED' CHECK (state IN ('PLANNED', 'DONE', 'FAILED', 'REFUSED')),
    reason     TEXT,
    UNIQUE (run_id, target, table_name, row_ref)
);

CREATE INDEX remediation_plan_apply ON remediation_plan (run_id, target, state, depth, table_name, plan_id);

-- The append-only audit ledger: one row per target row a run changed, with the order and statute
-- that required it. A row changed twice by one run (a replayed chunk) is recorded once.
CREATE TABLE audit_ledger (
    audit_id     BIGSERIAL PRIMARY KEY,
    run_id       BIGINT NOT NULL,
    execution_id BIGINT NOT NULL,
    target       TEXT NOT NULL,
    table_name   TEXT NOT NULL,
    row_ref      TEXT NOT NULL,
    order_id     TEXT NOT NULL,
    statute      TEXT NOT NULL,
    action       TEXT NOT NULL CHECK (action IN ('PURGE', 'MASK')),
    changed_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (run_id, target, table_name, row_ref)
);

CREATE INDEX audit_ledger_run ON audit_ledger (run_id, audit_id);

CREATE FUNCTION audit_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit ledger is append-only: % is not allowed', TG_OP;
END;
$$;

CREATE TRIGGER audit_ledger_append_only BEFORE UPDATE OR DELETE ON audit_ledger
    FOR EACH ROW EXECUTE FUNCTION audit_ledger_append_only();
