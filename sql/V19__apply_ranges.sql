-- A masked table's plan rows are applied in ranges of plan ids, side by side (issue 14: partitions are a
-- target's table and key range). Each chunk records the lower bound (exclusive) of the range it belongs to; a
-- lane applied in one range, as before, records 0 (a lane with chunks is never cut into ranges later). What was
-- applied of a range is the rows up to its last chunk, within the range: a later range that completed says
-- nothing of an earlier one still to do.
ALTER TABLE apply_chunk ADD COLUMN range_from BIGINT NOT NULL DEFAULT 0;

CREATE OR REPLACE VIEW remediation_plan_state AS
SELECT p.plan_id, p.run_id, p.target, p.table_name, p.row_ref, p.order_id, p.statute, p.action, p.depth,
       CASE WHEN c.plan_id IS NOT NULL THEN 'CONFLICT'
            WHEN f.plan_id IS NOT NULL THEN 'FAILED'
            WHEN p.state = 'PLANNED' AND p.action <> 'REVIEW' AND w.applied_through IS NOT NULL THEN 'DONE'
            ELSE p.state END AS state,
       COALESCE(c.reason, f.reason, p.reason) AS reason,
       p.outcome,
       p.restores
FROM remediation_plan p
LEFT JOIN apply_failure f ON f.plan_id = p.plan_id
LEFT JOIN restore_conflict c ON c.plan_id = p.plan_id
LEFT JOIN (SELECT run_id, target, lane, range_from, max(last_plan_id) AS applied_through FROM apply_chunk
           GROUP BY run_id, target, lane, range_from) w
       ON w.run_id = p.run_id AND w.target = p.target
      AND w.lane = CASE WHEN p.action = 'PURGE' THEN 'purge' WHEN p.action = 'RESTORE' THEN 'restore'
                        ELSE 'mask:' || p.table_name END
      AND p.plan_id > w.range_from AND p.plan_id <= w.applied_through;

-- The ranges a target's lanes are applied in, recorded when the run's apply step first splits the target (its
-- plan no longer changes then), so that a restart, on this machine or a worker's, works on the same ranges
-- whatever SEALING_REMEDIATION_PARTITIONROWS says by then. The purge lane is one range (children's rows before
-- their parents'); a masked table's rows are cut into ranges of consecutive plan ids.
CREATE TABLE apply_range (
    run_id     BIGINT NOT NULL,
    target     TEXT NOT NULL,
    lane       TEXT NOT NULL,
    part       INT NOT NULL,
    parts      INT NOT NULL,
    range_from BIGINT NOT NULL,
    range_to   BIGINT NOT NULL,
    plan_rows  BIGINT NOT NULL,
    PRIMARY KEY (run_id, target, lane, part),
    FOREIGN KEY (run_id, target) REFERENCES run_target (run_id, target)
);
CREATE TRIGGER apply_range_append_only BEFORE UPDATE OR DELETE ON apply_range
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER apply_range_no_truncate BEFORE TRUNCATE ON apply_range
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_no_truncate();
