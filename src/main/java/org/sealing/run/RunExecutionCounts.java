package org.sealing.run;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import org.sealing.ledger.RunFigures;
import org.sealing.ledger.Verdict;
import org.sealing.job.ExecutionCounts;

/** The figures and verdict of a remediation execution for {@code status}: its run's, across restarts. */
@Component
class RunExecutionCounts implements ExecutionCounts {

    private final RunFigures figures;

    RunExecutionCounts(RunFigures figures) {
        this.figures = figures;
    }

    @Override
    public boolean supports(String jobName) {
        return RemediationJobs.JOBS.contains(jobName);
    }

    @Override
    public Map<String, Object> counts(long executionId) {
        Long runId = figures.runOf(executionId);
        Map<String, Object> counts = new LinkedHashMap<>();
        if (runId == null) {
            return counts;
        }
        // a run that died before it was recorded has no targets yet: its figures are all 0
        RunFigures.Figures f = figures.of(runId);
        counts.put("runId", runId);
        counts.putAll(f.rowFigures());
        return counts;
    }

    @Override
    public String verdict(long executionId) {
        Long runId = figures.runOf(executionId);
        Verdict verdict = runId == null ? null : figures.recordedVerdict(runId);
        return verdict == null ? null : verdict.name();
    }
}
