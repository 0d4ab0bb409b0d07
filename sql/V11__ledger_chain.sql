-- The hash-chained ledger (SPEC section 7, issue 11): one entry per change (a recorded apply chunk),
-- and, from the pieces that follow, per restore and per vault opening. Each entry's hash covers the
-- previous entry's hash, so editing, removing or inserting an entry breaks every link after it; and
-- its detail is a digest of the rows it covers (for a change: the plan rows of the chunk, as the
-- audit_ledger view shows them), so editing a plan row or a chunk record afterwards, even with the
-- triggers set aside, breaks the entry's link. sealctl audit verify walks it.
--
-- An entry is appended in the same control transaction as what it records (a change: the chunk), so
-- it exists exactly when that does. Appends are serialized by a transaction-scoped advisory lock on
-- the chain (org.sealing.ledger.LedgerChain), so seq and prev_hash never fork; the primary key on
-- seq would refuse a fork anyway.
CREATE TABLE ledger_entry (
    seq           BIGINT PRIMARY KEY CHECK (seq > 0),
    kind          TEXT NOT NULL CHECK (kind IN ('CHANGE', 'RESTORE', 'OPENING')),
    run_id        BIGINT,
    execution_id  BIGINT,
    target        TEXT,
    -- a change's lane (purge, or mask: and the table); whatever part of a target another kind covers
    lane          TEXT,
    first_plan_id BIGINT,
    last_plan_id  BIGINT,
    row_count     BIGINT NOT NULL CHECK (row_count >= 0),
    recorded_at   TIMESTAMPTZ NOT NULL,
    detail        TEXT NOT NULL CHECK (detail ~ '^[0-9a-f]{64}$'),
    prev_hash     TEXT NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
    hash          TEXT NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
);

-- Like the rest of the ledger (V6, V8), it only grows.
CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_no_truncate();

-- V6's guard read OLD.state in the same condition as the table's name, and PL/pgSQL resolves a field
-- of the whole condition, so on a table without a state column (apply_chunk, apply_failure and now
-- ledger_entry) it failed with "record old has no field state" instead of its own refusal. Refused
-- either way; now with the message that says why.
CREATE OR REPLACE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'remediation_plan' THEN
        IF OLD.state = 'PLANNED' AND NEW.state = 'REFUSED' AND NEW.plan_id = OLD.plan_id
           AND NEW.row_ref = OLD.row_ref AND NEW.order_id = OLD.order_id THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'the audit ledger is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME;
END;
$$;
