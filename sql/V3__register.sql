-- The register: one row per sealing order, imported from court feeds (SPEC section 5).
-- This is the only table of the control database that holds personal data.
CREATE TABLE sealing_order (
    order_id         TEXT PRIMARY KEY,
    order_type       TEXT NOT NULL CHECK (order_type IN ('SEAL', 'UNSEAL')),
    docket_number    TEXT,
    arrest_number    TEXT NOT NULL CHECK (arrest_number ~ '^[BKMQS][0-9]{8}$'),
    nysid            TEXT CHECK (nysid ~ '^[0-9]{8}[A-Z]$'),
    last_name        TEXT,
    first_name       TEXT,
    date_of_birth    DATE,
    arrest_date      DATE NOT NULL,
    disposition      TEXT NOT NULL,
    disposition_date DATE NOT NULL CHECK (disposition_date >= arrest_date),
    statute          TEXT NOT NULL,
    effective_date   DATE,
    -- the day the order starts to apply: its effective date, or else its disposition date
    effective_from   DATE GENERATED ALWAYS AS (COALESCE(effective_date, disposition_date)) STORED,
    first_import_id  BIGINT NOT NULL,
    last_import_id   BIGINT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX sealing_order_arrest_number ON sealing_order (arrest_number);
CREATE INDEX sealing_order_nysid_arrest_date ON sealing_order (nysid, arrest_date) WHERE nysid IS NOT NULL;
CREATE INDEX sealing_order_docket_number ON sealing_order (docket_number) WHERE docket_number IS NOT NULL;

-- One import: the files of one `sealctl import` or of one nightly inbox pick-up.
CREATE TABLE feed_import (
    import_id    BIGSERIAL PRIMARY KEY,
    origin       TEXT NOT NULL CHECK (origin IN ('COMMAND', 'INBOX')),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at TIMESTAMPTZ
);

-- The files of an import, in the order they are read; counts are filled in when the import completes.
CREATE TABLE feed_file (
    import_id  BIGINT NOT NULL REFERENCES feed_import (import_id),
    file_seq   INT NOT NULL,
    path       TEXT NOT NULL,
    file_name  TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256     TEXT NOT NULL,
    lines      INT,
    accepted   INT,
    unchanged  INT,
    updated    INT,
    rejected   INT,
    PRIMARY KEY (import_id, file_seq)
);

-- The outcome of every data line of an import. Recording it in the same transaction as the register
-- change makes a replayed chunk harmless, and lets a later line find an earlier one of its order_id
-- in the same file (DUPLICATE_IN_FILE). Lines that were accepted or unchanged are deleted when the
-- import completes; updated and rejected lines stay for the workbook. Never a personal field here.
CREATE TABLE feed_line (
    import_id BIGINT NOT NULL,
    file_seq  INT NOT NULL,
    line_no   BIGINT NOT NULL,
    order_id  TEXT,
    outcome   TEXT NOT NULL CHECK (outcome IN ('ACCEPTED', 'UNCHANGED', 'UPDATED', 'REJECTED')),
    reason    TEXT,
    PRIMARY KEY (import_id, file_seq, line_no),
    FOREIGN KEY (import_id, file_seq) REFERENCES feed_file (import_id, file_seq)
);

CREATE INDEX feed_line_order ON feed_line (import_id, order_id);

-- Facts about the control database itself, such as the fingerprint of the HMAC key its row
-- references were made with.
CREATE TABLE control_setting (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
