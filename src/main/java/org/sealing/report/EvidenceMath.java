package org.sealing.report;

import java.util.Locale;

/** The little arithmetic the evidence states: compliance rates and what a clean spot check proves. */
final class EvidenceMath {

    /** The confidence the spot checks' statement is made at. */
    static final double CONFIDENCE = 0.95;

    private EvidenceMath() {
    }

    /**
     * Rows remediated as a share of the rows in scope (remediated, or still found by verification):
     * 1 when nothing was in scope; null when verification did not run.
     */
    static Double complianceRate(long remediated, Long residual) {
        if (residual == null) {
            return null;
        }
        long scope = remediated + residual;
        return scope == 0 ? 1.0 : (double) remediated / scope;
    }

    /**
     * The largest share of failed rows that a sample of {@code size} rows, all passing, leaves possible at
     * {@link #CONFIDENCE}: {@code 1 - (1 - CONFIDENCE)^(1/size)} (59 rows: 4.95%). When the sample is the
     * whole population, every row was checked and the bound is 0.
     */
    static double failureBound(int size, long population) {
        if (size <= 0) {
            return 1.0;
        }
        if (size >= population) {
            return 0.0;
        }
        return 1 - Math.pow(1 - CONFIDENCE, 1.0 / size);
    }

    /** The statement the spot checks support, in words. */
    static String confidenceStatement(FrozenFigures.SpotChecks s) {
        long passed = s.passed();
        int checked = s.checks().size();
        if (checked == 0) {
            return s.population() == 0 ? "no row was changed, so none was checked"
                    : "no spot check was made (SEALING_REPORT_SPOTCHECKS is 0)";
        }
        if (passed < checked) {
            return (checked - passed) + " of " + checked + " rows checked FAILED: the change of such rows cannot be"
                    + " relied on; see the Spot checks sheet";
        }
        if (checked >= s.population()) {
            return "all " + checked + " rows changed were checked and all passed";
        }
        return String.format(Locale.ROOT, "all %d of %d rows checked passed: at %.0f%% confidence, fewer than"
                + " %.2f%% of the %,d rows changed can have failed", checked, checked, CONFIDENCE * 100,
                failureBound(checked, s.population()) * 100, s.population());
    }
}
