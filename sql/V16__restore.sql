-- Unsealing (SPEC section 7, issue 11): when the court reverses a sealing order (an UNSEAL line for its
-- order_id), the next nightly or remediate run restores every row of the case that the vault keeps.
--
-- A restore is a plan row like any change: action RESTORE, in the lane 'restore' of its target, which a
-- run applies before it plans its purges and masks (so that a restored row that still belongs to another
-- active case is found and sealed again under that case). It names the plan row whose vault copy it
-- restores (restores); its key, reference, order, statute and outcome are that row's. Restore rows are
-- planned in an order of their own (parents before children), between bounds of their own on run_target.
ALTER TABLE remediation_plan DROP CONSTRAINT remediation_plan_action_check;
ALTER TABLE remediation_plan ADD CONSTRAINT remediation_plan_action_check
    CHECK (action IN ('PURGE', 'MASK', 'REVIEW', 'RESTORE'));
ALTER TABLE remediation_plan ADD COLUMN restores BIGINT;
ALTER TABLE remediation_plan ADD CONSTRAINT remediation_plan_restores_check
    CHECK ((action = 'RESTORE') = (restores IS NOT NULL));

ALTER TABLE run_target ADD COLUMN restore_from BIGINT, ADD COLUMN restore_to BIGINT,
    ADD COLUMN restore_missing BIGINT;

-- A target's restores are planned once per run, like its changes (target_plan).
CREATE TABLE target_restore_plan (
    run_id       BIGINT NOT NULL,
    target       TEXT NOT NULL,
    execution_id BIGINT NOT NULL,
    planned_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, target),
    FOREIGN KEY (run_id, target) REFERENCES run_target (run_id, target)
);
CREATE TRIGGER target_restore_plan_append_only BEFORE UPDATE OR DELETE ON target_restore_plan
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER target_restore_plan_no_truncate BEFORE TRUNCATE ON target_restore_plan
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_no_truncate();

-- A restore that would overwrite something: the row changed since it was sealed (a row under its key
-- that is not the sealed original, a masked row no longer as masked, or gone). Nothing is written; the
-- row awaits a person's decision, its vault copy kept, and the next run tries again. Recorded in the
-- control transaction of its chunk, like a failure (apply_failure).
CREATE TABLE restore_conflict (
    plan_id      BIGINT PRIMARY KEY REFERENCES remediation_plan (plan_id),
    execution_id BIGINT NOT NULL,
    reason       TEXT NOT NULL,
    found_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TRIGGER restore_conflict_append_only BEFORE UPDATE OR DELETE ON restore_conflict
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER restore_conflict_no_truncate BEFORE TRUNCATE ON restore_conflict
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_no_truncate();

-- The views of V12, the restore lane and the conflict state added; the same columns, then restores.
CREATE OR REPLACE VIEW remediation_plan_state AS
SELECT p.plan_id, p.run_id, p.target, p.table_name, p.row_ref, p.order_id, p.statute, p.action, p.depth,
       CASE WHEN c.plan_id IS NOT NULL THEN 'CONFLICT'
            WHEN f.plan_id IS NOT NULL THEN 'FAILED'
            WHEN p.state = 'PLANNED' AND p.action <> 'REVIEW' AND p.plan_id <= COALESCE(w.applied_through, 0)
                THEN 'DONE'
            ELSE p.state END AS state,
       COALESCE(c.reason, f.reason, p.reason) AS reason,
       p.outcome,
       p.restores
FROM remediation_plan p
LEFT JOIN apply_failure f ON f.plan_id = p.plan_id
LEFT JOIN restore_conflict c ON c.plan_id = p.plan_id
LEFT JOIN (SELECT run_id, target, lane, max(last_plan_id) AS applied_through FROM apply_chunk
           GROUP BY run_id, target, lane) w
       ON w.run_id = p.run_id AND w.target = p.target
      AND w.lane = CASE WHEN p.action = 'PURGE' THEN 'purge' WHEN p.action = 'RESTORE' THEN 'restore'
                        ELSE 'mask:' || p.table_name END;

CREATE OR REPLACE VIEW audit_ledger AS
SELECT p.plan_id AS audit_id, p.run_id, c.execution_id, p.target, p.table_name, p.row_ref, p.order_id, p.statute,
       p.action, c.committed_at AS changed_at, p.outcome
FROM apply_chunk c
JOIN remediation_plan p ON p.run_id = c.run_id AND p.target = c.target
     AND p.plan_id BETWEEN c.first_plan_id AND c.last_plan_id
     AND c.lane = CASE WHEN p.action = 'PURGE' THEN 'purge' WHEN p.action = 'RESTORE' THEN 'restore'
                       ELSE 'mask:' || p.table_name END
WHERE p.state = 'PLANNED' AND p.action <> 'REVIEW'
  AND NOT EXISTS (SELECT 1 FROM apply_failure f WHERE f.plan_id = p.plan_id)
  AND NOT EXISTS (SELECT 1 FROM restore_conflict r WHERE r.plan_id = p.plan_id);

-- Restore planning finds, among an unsealed order's plan rows, the one each vault copy belongs to.
CREATE INDEX remediation_plan_restores ON remediation_plan (restores) WHERE restores IS NOT NULL;
