-- A target whose step failed stays failed for the rest of that execution: a later step of the same
-- target in the same execution (another apply lane that completes) must not set it back to APPLIED
-- or clear its reason. A restart (a later execution of the run) may.
ALTER TABLE run_target ADD COLUMN failed_execution BIGINT;
