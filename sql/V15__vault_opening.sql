-- The recipients' access to the vault (SPEC section 3, issue 11): one row per `sealctl vault open`, who
-- ran it (the OS user), for which of the statute's recipient kinds, under which authority (the court
-- order or application), when, and how many sealed rows it showed. Never a value of those rows.
--
-- Each opening is recorded in the same control transaction as its OPENING entry of the hash-chained
-- ledger (V11), whose seq it keeps (ledger_seq), and the entry's detail is SHA-256 over this row's
-- values (org.sealing.ledger.VaultOpenings), so sealctl audit verify finds an opening edited or removed
-- afterwards. No foreign key to ledger_entry: a TRUNCATE of the ledger must meet the ledger's own
-- refusal, not a foreign key's.
CREATE TABLE vault_opening (
    opening_id BIGSERIAL PRIMARY KEY,
    ledger_seq BIGINT NOT NULL UNIQUE,
    order_id   TEXT NOT NULL,
    recipient  TEXT NOT NULL CHECK (recipient IN ('accused', 'prosecutor-acd', 'law-enforcement-court-order',
                                                  'gun-licensing', 'parole', 'police-employer', 'probation')),
    authority  TEXT NOT NULL CHECK (length(btrim(authority)) BETWEEN 1 AND 200),
    opened_by  TEXT NOT NULL,
    opened_at  TIMESTAMPTZ NOT NULL,
    row_count  BIGINT NOT NULL CHECK (row_count > 0)
);

-- the workbook's Access sheet lists the openings between two runs
CREATE INDEX vault_opening_time ON vault_opening (opened_at);

-- Like the rest of the ledger, it only grows.
CREATE TRIGGER vault_opening_append_only BEFORE UPDATE OR DELETE ON vault_opening
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER vault_opening_no_truncate BEFORE TRUNCATE ON vault_opening
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_no_truncate();
