-- Remediation runs and their outcome per target and per table. A run is a Spring Batch job instance
-- (run_id = its id): its figures cover all of its executions, the first and every restart.
CREATE TABLE remediation_run (
    run_id             BIGINT PRIMARY KEY,
    job                TEXT NOT NULL,
    dry_run            BOOLEAN NOT NULL DEFAULT false,
    targets            TEXT[] NOT NULL,
    config_fingerprint TEXT NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- the day whose active orders the run applies (effective dates are compared with it)
    as_of              DATE NOT NULL,
    verdict            TEXT,
    finished_at        TIMESTAMPTZ,
    workbook           TEXT
);

CREATE TABLE run_target (
    run_id      BIGINT NOT NULL REFERENCES remediation_run (run_id),
    target      TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'PENDING'
                CHECK (state IN ('PENDING', 'PLANNED', 'APPLIED', 'VERIFIED', 'FAILED')),
    reached     BOOLEAN NOT NULL DEFAULT false,
    reason      TEXT,
    residual    BIGINT,
    started_at  TIMESTAMPTZ,
    verified_at TIMESTAMPTZ,
    finished_at TIMESTAMPTZ,
    PRIMARY KEY (run_id, target)
);

CREATE TABLE run_table (
    run_id     BIGINT NOT NULL,
    target     TEXT NOT NULL,
    table_name TEXT NOT NULL,
    action     TEXT NOT NULL,
    total_rows BIGINT,
    refused    BOOLEAN NOT NULL DEFAULT false,
    reason     TEXT,
    residual   BIGINT,
    PRIMARY KEY (run_id, target, table_name),
    FOREIGN KEY (run_id, target) REFERENCES run_target (run_id, target)
);

-- Feed files of the nightly inbox that could not be read as feeds at all: moved to inbox/refused/.
CREATE TABLE feed_refusal (
    import_id BIGINT NOT NULL REFERENCES feed_import (import_id),
    file_name TEXT NOT NULL,
    reason    TEXT NOT NULL
);
