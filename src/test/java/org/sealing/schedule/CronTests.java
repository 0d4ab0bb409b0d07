package org.sealing.schedule;

import org.junit.jupiter.api.Test;

import org.sealing.support.ConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cron as administrators write it, Quartz's or Unix's. */
class CronTests {

    @Test
    void quartzExpressionsAreKeptAsTheyAre() {
        assertThat(Cron.toQuartz("0 0 2 * * ?", "cron")).isEqualTo("0 0 2 * * ?");
        assertThat(Cron.toQuartz("0/20 * * * * ?", "cron")).isEqualTo("0/20 * * * * ?");
    }

    @Test
    void unixExpressionsGainSecondsAndQuartzDayNumbers() {
        assertThat(Cron.toQuartz("0 2 * * *", "cron")).isEqualTo("0 0 2 * * ?");
        assertThat(Cron.toQuartz("30 1 * * 1-5", "cron")).isEqualTo("0 30 1 ? * 2-6");
        assertThat(Cron.toQuartz("0 3 * * 0", "cron")).isEqualTo("0 0 3 ? * 1");
        assertThat(Cron.toQuartz("*/15 * * * *", "cron")).isEqualTo("0 */15 * * * ?");
        assertThat(Cron.toQuartz("0 4 1 * *", "cron")).isEqualTo("0 0 4 1 * ?");
    }

    @Test
    void anythingElseIsAConfigurationErrorNamingWhere() {
        assertThatThrownBy(() -> Cron.toQuartz("at two every night", "schedules.nightly.cron"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("schedules.nightly.cron").hasMessageContaining("is not a cron expression");
    }
}
