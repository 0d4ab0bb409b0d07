-- How many plan rows a target's plan step wrote for each table (its purges or masks), recorded with the table's
-- other figures in the transaction that writes them: apply's split reads them instead of counting the run's plan
-- again (1.1 s at 500,000 plan rows, on the run's way from plan to apply). Null where a version before this one
-- planned the table; the split then counts the plan as it did.
ALTER TABLE run_table ADD COLUMN plan_rows BIGINT;
