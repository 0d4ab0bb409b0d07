-- A run is exactly once, whatever interrupts it (SPEC section 7).
--
-- A target's plan is written at most once per run. Planning first inserts the row below, in the same
-- control transaction as the plan rows it then writes: a plan is committed whole together with its
-- claim, or not at all, and a second planning of the same run and target (the step run again after a
-- stop or a kill that came after the plan committed but before the step was recorded complete) finds
-- the claim and plans nothing. Without the claim the primary key refuses a second plan, so two plans
-- of one target can never both be counted.
CREATE TABLE target_plan (
    run_id       BIGINT NOT NULL,
    target       TEXT NOT NULL,
    execution_id BIGINT NOT NULL,
    planned_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, target),
    FOREIGN KEY (run_id, target) REFERENCES run_target (run_id, target)
);

-- The target definitions a run started with, as the files said then (variables unexpanded, so no
-- credential is stored): a restart uses these, whatever the files on disk say now, and says when the
-- files differ.
CREATE TABLE run_definition (
    run_id    BIGINT NOT NULL REFERENCES remediation_run (run_id),
    target    TEXT NOT NULL,
    file_name TEXT NOT NULL,
    source    TEXT NOT NULL,
    sha256    TEXT NOT NULL,
    PRIMARY KEY (run_id, target)
);

CREATE TRIGGER target_plan_append_only BEFORE UPDATE OR DELETE ON target_plan
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER run_definition_append_only BEFORE UPDATE OR DELETE ON run_definition
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
