-- The vault (issue 11): the original of each sealed row, encrypted (AES-256-GCM) under the vault key
-- named by key_id, with the copy's place (run, plan row, target, table, row_ref, order) bound into its
-- ciphertext. One copy per plan row: a chunk done again never makes a second one. Copies are never
-- changed: UPDATE and TRUNCATE are refused; the restore of an unsealed row deletes its copy, one by one.
-- This file sits in a folder of its own so that a vault in a database of its own (SEALING_VAULT_URL)
-- is migrated with it alone.
CREATE TABLE vault_copy (
    copy_id    BIGSERIAL PRIMARY KEY,
    run_id     BIGINT NOT NULL,
    plan_id    BIGINT NOT NULL UNIQUE,
    target     TEXT NOT NULL,
    table_name TEXT NOT NULL,
    row_ref    TEXT NOT NULL,
    order_id   TEXT NOT NULL,
    key_id     TEXT NOT NULL,
    nonce      BYTEA NOT NULL CHECK (octet_length(nonce) = 12),
    ciphertext BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX vault_copy_order ON vault_copy (order_id, copy_id);

CREATE FUNCTION vault_copy_unchanged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the vault keeps its copies as they were made: % on % is not allowed', TG_OP, TG_TABLE_NAME;
END;
$$;

CREATE TRIGGER vault_copy_no_update BEFORE UPDATE ON vault_copy
    FOR EACH ROW EXECUTE FUNCTION vault_copy_unchanged();
CREATE TRIGGER vault_copy_no_truncate BEFORE TRUNCATE ON vault_copy
    FOR EACH STATEMENT EXECUTE FUNCTION vault_copy_unchanged();
