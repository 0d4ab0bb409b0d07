-- The evidence of an execution (SPEC section 8, issue 12): its figures fixed when it ends, and every
-- version of its evidence package written since.
--
-- The report step that ends an execution computes everything its evidence shows that a later run or
-- import could change (the figures of its targets and tables, the register's bridge to active cases,
-- timeliness, the unsealed orders, the spot checks re-read in the targets, the ledger chain's head, the
-- trend) and keeps it here, once: `sealctl report ID` writes a new version from these, never from
-- the register as it is by then, so that every version shows the same figures. The scalar columns
-- are the ones later workbooks' Trend sheets read. Nothing in `figures` names a person: cases by
-- order_id, rows by row reference.
CREATE TABLE evidence_figures (
    execution_id BIGINT PRIMARY KEY,
    run_id       BIGINT NOT NULL REFERENCES remediation_run (run_id),
    frozen_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    matched      BIGINT NOT NULL,
    remediated   BIGINT NOT NULL,
    residual     BIGINT,
    verdict      TEXT NOT NULL,
    chain_seq    BIGINT NOT NULL CHECK (chain_seq >= 0),
    chain_head   TEXT NOT NULL CHECK (chain_head ~ '^[0-9a-f]{64}$'),
    figures      JSONB NOT NULL
);
CREATE INDEX evidence_figures_run ON evidence_figures (run_id, execution_id);

-- Each version of an execution's evidence package in reports/: the workbook, the ledger export and
-- the .sha256 that lists both, with their hashes and how long each took. A version is never
-- overwritten: a rewrite is the next version, beside the others.
CREATE TABLE evidence_version (
    execution_id     BIGINT NOT NULL REFERENCES evidence_figures (execution_id),
    version          INT NOT NULL CHECK (version > 0),
    workbook         TEXT NOT NULL,
    ledger           TEXT NOT NULL,
    checksums        TEXT NOT NULL,
    workbook_sha256  TEXT NOT NULL CHECK (workbook_sha256 ~ '^[0-9a-f]{64}$'),
    ledger_sha256    TEXT NOT NULL CHECK (ledger_sha256 ~ '^[0-9a-f]{64}$'),
    ledger_lines     BIGINT NOT NULL CHECK (ledger_lines >= 0),
    workbook_seconds DOUBLE PRECISION NOT NULL,
    ledger_seconds   DOUBLE PRECISION NOT NULL,
    written_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (execution_id, version)
);

-- Like the ledger, both only grow.
CREATE TRIGGER evidence_figures_append_only BEFORE UPDATE OR DELETE ON evidence_figures
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER evidence_figures_no_truncate BEFORE TRUNCATE ON evidence_figures
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_no_truncate();
CREATE TRIGGER evidence_version_append_only BEFORE UPDATE OR DELETE ON evidence_version
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER evidence_version_no_truncate BEFORE TRUNCATE ON evidence_version
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_no_truncate();
