-- The policy (SPEC section 7): each plan row carries the outcome the statute of its order gives the
-- kind of record its table holds, DESTROY or SEAL (a row whose outcome is none is never planned).
-- Rows planned before the policy existed were all changed for good, with nothing kept: DESTROY is
-- what became of them. The default fills them without firing the append-only row trigger, and is
-- then dropped so that every new plan row must say its outcome.
ALTER TABLE remediation_plan ADD COLUMN outcome TEXT NOT NULL DEFAULT 'DESTROY'
    CHECK (outcome IN ('DESTROY', 'SEAL'));
ALTER TABLE remediation_plan ALTER COLUMN outcome DROP DEFAULT;

-- The policy a run started with, as its file said then (null text: the built-in policy): a restart
-- uses it, whatever jobs/policy.yml says now, and says when the file differs.
CREATE TABLE run_policy (
    run_id BIGINT PRIMARY KEY REFERENCES remediation_run (run_id),
    source TEXT NOT NULL,
    text   TEXT,
    sha256 TEXT NOT NULL
);
CREATE TRIGGER run_policy_append_only BEFORE UPDATE OR DELETE ON run_policy
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER run_policy_no_truncate BEFORE TRUNCATE ON run_policy
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_no_truncate();

-- The views of V6 with the same columns, plus each row's outcome.
CREATE OR REPLACE VIEW remediation_plan_state AS
SELECT p.plan_id, p.run_id, p.target, p.table_name, p.row_ref, p.order_id, p.statute, p.action, p.depth,
       CASE WHEN f.plan_id IS NOT NULL THEN 'FAILED'
            WHEN p.state = 'PLANNED' AND p.action <> 'REVIEW' AND p.plan_id <= COALESCE(w.applied_through, 0)
                THEN 'DONE'
            ELSE p.state END AS state,
       COALESCE(f.reason, p.reason) AS reason,
       p.outcome
FROM remediation_plan p
LEFT JOIN apply_failure f ON f.plan_id = p.plan_id
LEFT JOIN (SELECT run_id, target, lane, max(last_plan_id) AS applied_through FROM apply_chunk
           GROUP BY run_id, target, lane) w
       ON w.run_id = p.run_id AND w.target = p.target
      AND w.lane = CASE WHEN p.action = 'PURGE' THEN 'purge' ELSE 'mask:' || p.table_name END;

CREATE OR REPLACE VIEW audit_ledger AS
SELECT p.plan_id AS audit_id, p.run_id, c.execution_id, p.target, p.table_name, p.row_ref, p.order_id, p.statute,
       p.action, c.committed_at AS changed_at, p.outcome
FROM apply_chunk c
JOIN remediation_plan p ON p.run_id = c.run_id AND p.target = c.target
     AND p.plan_id BETWEEN c.first_plan_id AND c.last_plan_id
     AND c.lane = CASE WHEN p.action = 'PURGE' THEN 'purge' ELSE 'mask:' || p.table_name END
WHERE p.state = 'PLANNED' AND p.action <> 'REVIEW'
  AND NOT EXISTS (SELECT 1 FROM apply_failure f WHERE f.plan_id = p.plan_id);
