package org.sealing.targetdb;

import java.time.ZoneId;
import java.time.ZoneOffset;

import org.sealing.targetdb.dialect.PostgreSqlDialect;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A target session runs in the court's zone, named as PostgreSQL reads it (an offset with ISO's sign). */
class TargetSessionZoneTests {

    @Test
    void aRegionIsSetByItsNameAndAnOffsetAsAnIntervalEastOfGreenwich() {
        assertThat(PostgreSqlDialect.timeZone(ZoneId.of("America/New_York")))
                .isEqualTo("set time zone E'America/New_York'");
        assertThat(PostgreSqlDialect.timeZone(ZoneOffset.ofHours(5)))
                .isEqualTo("set time zone interval E'+05:00' hour to minute");
        assertThat(PostgreSqlDialect.timeZone(ZoneOffset.UTC)).isEqualTo("set time zone interval E'+00:00' hour to minute");
        // PostgreSQL reads 'UTC+5' as five hours west: a fixed region goes as its offset
        assertThat(PostgreSqlDialect.timeZone(ZoneId.of("UTC+5")))
                .isEqualTo("set time zone interval E'+05:00' hour to minute");
    }
}
