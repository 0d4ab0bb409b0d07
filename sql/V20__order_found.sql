-- The orders whose rows some run's plan found in a target (to purge or mask), each with the first run that found
-- them: the Reconciliation's "active cases with rows found in some target, by this run or an earlier one". Each
-- target's plan step writes its orders here in the transaction that writes its plan rows, so that the figures
-- of a nightly run no longer read every earlier run's plan (at 5 million earlier plan rows that took 5 s a
-- night, and it grew with every run). A restart that plans an older run's target later lowers an order's run.
CREATE TABLE order_found (
    order_id TEXT PRIMARY KEY,
    run_id   BIGINT NOT NULL
);
INSERT INTO order_found (order_id, run_id)
SELECT order_id, min(run_id) FROM remediation_plan WHERE action IN ('PURGE', 'MASK') GROUP BY order_id;

-- derived from the plan, which is append-only: an order once found stays found
CREATE OR REPLACE FUNCTION order_found_only_earlier() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.order_id = OLD.order_id AND NEW.run_id < OLD.run_id THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the orders found are append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME;
END $$;
CREATE TRIGGER order_found_append_only BEFORE UPDATE OR DELETE ON order_found
    FOR EACH ROW EXECUTE FUNCTION order_found_only_earlier();
CREATE TRIGGER order_found_no_truncate BEFORE TRUNCATE ON order_found
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_no_truncate();
