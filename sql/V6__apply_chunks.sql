-- Apply records what it did once per chunk instead of once per row.
--
-- A target's plan is applied in lanes that run side by side: one for all its purges (children before
-- parents, in plan order) and one per masked table. Each committed chunk of a lane appends one row to
-- apply_chunk: the range of plan rows it applied, in the same control transaction as the reader's
-- position, so a replayed chunk is recorded once. Rows that failed are appended to apply_failure.
-- The plan is not written again after planning; the audit ledger is the plan rows of the recorded
-- chunks (a view), so every changed row is in it exactly once, with its order, statute and HMAC
-- reference, and nothing is copied.
DROP TRIGGER audit_ledger_append_only ON audit_ledger;
DROP TABLE audit_ledger;

ALTER TABLE remediation_plan DROP CONSTRAINT IF EXISTS remediation_plan_run_id_target_table_name_row_ref_key;
DROP INDEX IF EXISTS remediation_plan_apply;
-- A lane reads its target's plan by primary key, between the bounds its planning recorded; runs are
-- found by a BRIN index, which costs almost nothing to keep (plan rows are appended run by run).
CREATE INDEX remediation_plan_run ON remediation_plan USING brin (run_id);
ALTER TABLE run_target ADD COLUMN plan_from BIGINT, ADD COLUMN plan_to BIGINT;

CREATE TABLE apply_chunk (
    chunk_id      BIGSERIAL PRIMARY KEY,
    run_id        BIGINT NOT NULL,
    target        TEXT NOT NULL,
    lane          TEXT NOT NULL,
    first_plan_id BIGINT NOT NULL,
    last_plan_id  BIGINT NOT NULL,
    execution_id  BIGINT NOT NULL,
    committed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX apply_chunk_lane ON apply_chunk (run_id, target, lane, last_plan_id);

CREATE TABLE apply_failure (
    plan_id      BIGINT PRIMARY KEY REFERENCES remediation_plan (plan_id),
    execution_id BIGINT NOT NULL,
    reason       TEXT NOT NULL,
    failed_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The ledger's tables only grow: no row of them is changed or removed (the plan may only be refused
-- by its own run's planning, before anything is applied).
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'remediation_plan' AND OLD.state = 'PLANNED' AND NEW.state = 'REFUSED'
       AND NEW.plan_id = OLD.plan_id AND NEW.row_ref = OLD.row_ref AND NEW.order_id = OLD.order_id THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit ledger is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME;
END;
$$;

CREATE TRIGGER remediation_plan_append_only BEFORE UPDATE OR DELETE ON remediation_plan
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER apply_chunk_append_only BEFORE UPDATE OR DELETE ON apply_chunk
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER apply_failure_append_only BEFORE UPDATE OR DELETE ON apply_failure
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- The plan as it stands: a planned row inside a recorded chunk of its lane is done, unless it failed.
CREATE VIEW remediation_plan_state AS
SELECT p.plan_id, p.run_id, p.target, p.table_name, p.row_ref, p.order_id, p.statute, p.action, p.depth,
       CASE WHEN f.plan_id IS NOT NULL THEN 'FAILED'
            WHEN p.state = 'PLANNED' AND p.action <> 'REVIEW' AND p.plan_id <= COALESCE(w.applied_through, 0)
                THEN 'DONE'
            ELSE p.state END AS state,
       COALESCE(f.reason, p.reason) AS reason
FROM remediation_plan p
LEFT JOIN apply_failure f ON f.plan_id = p.plan_id
LEFT JOIN (SELECT run_id, target, lane, max(last_plan_id) AS applied_through FROM apply_chunk
           GROUP BY run_id, target, lane) w
       ON w.run_id = p.run_id AND w.target = p.target
      AND w.lane = CASE WHEN p.action = 'PURGE' THEN 'purge' ELSE 'mask:' || p.table_name END;

-- The audit ledger: one row per target row a run changed, with the order and statute that required
-- it, the execution that changed it and when its chunk committed.
CREATE VIEW audit_ledger AS
SELECT p.plan_id AS audit_id, p.run_id, c.execution_id, p.target, p.table_name, p.row_ref, p.order_id, p.statute,
       p.action, c.committed_at AS changed_at
FROM apply_chunk c
JOIN remediation_plan p ON p.run_id = c.run_id AND p.target = c.target
     AND p.plan_id BETWEEN c.first_plan_id AND c.last_plan_id
     AND c.lane = CASE WHEN p.action = 'PURGE' THEN 'purge' ELSE 'mask:' || p.table_name END
WHERE p.state = 'PLANNED' AND p.action <> 'REVIEW'
  AND NOT EXISTS (SELECT 1 FROM apply_failure f WHERE f.plan_id = p.plan_id);
