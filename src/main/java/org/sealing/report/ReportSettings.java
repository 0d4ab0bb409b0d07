package org.sealing.report;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import org.sealing.support.Settings;

/**
 * The settings of the evidence (README, Settings), checked when they are bound.
 *
 * @param spotChecks how many rows each run's spot checks re-read in their targets
 *                   ({@code SEALING_REPORT_SPOTCHECKS}): 59 by default, the fewest that, all passing,
 *                   leave under 5% of rows possibly failed at 95% confidence; 0 makes none
 */
@ConfigurationProperties("sealing.report")
public record ReportSettings(@DefaultValue("59") int spotChecks) {

    /** The largest sample: each row is one query in its target, made while the run ends. */
    static final int MOST_SPOT_CHECKS = 10_000;

    public ReportSettings {
        Settings.wholeNumber("SEALING_REPORT_SPOTCHECKS", spotChecks, 0, MOST_SPOT_CHECKS);
    }
}
