package org.sealing.cli;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.sealing.support.Feeds;
import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sealctl status} as operators read it: times say their zone, the court's, and a wrong
 * {@code --limit} is a usage error naming it, never quietly made into another number.
 */
class StatusFunctionalTests extends FunctionalTestSupport {

    @Test
    void timesAreIsoWithTheCourtsOffsetInPlainAndJsonOutput() throws Exception {
        Path feed = Feeds.write(workDir, "status-feed.csv", Feeds.valid("STATUS-1", "Q12345678"));
        CliResult imported = sealctl("import", feed.toString(), "--json");
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        long id = JsonOutput.of(imported.out()).number("executionId");
        Timestamp[] times = jdbc.queryForObject("select start_time, end_time from batch_job_execution"
                + " where job_execution_id = ?", (rs, i) -> new Timestamp[] {rs.getTimestamp(1), rs.getTimestamp(2)}, id);
        ZoneId court = properties().zone();
        DateTimeFormatter iso = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
        String started = iso.format(times[0].toInstant().atZone(court).truncatedTo(ChronoUnit.SECONDS));
        String ended = iso.format(times[1].toInstant().atZone(court).truncatedTo(ChronoUnit.SECONDS));
        assertThat(started).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[-+]\\d\\d:\\d\\d");

        CliResult json = sealctl("status", "--json", "--limit", "1");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonOutput execution = JsonOutput.of(json.out()).items("executions").get(0)
                .has("executionId", id, "startTime", started, "endTime", ended);
        assertThat(OffsetDateTime.parse(execution.text("startTime")).toInstant())
                .isEqualTo(times[0].toInstant().truncatedTo(ChronoUnit.SECONDS));

        CliResult plain = sealctl("status", "--limit", "1");
        assertThat(plain.out()).contains(started + "  " + ended);
        CliResult detail = sealctl("status", String.valueOf(id));
        assertThat(detail.out()).contains("started " + started + ", ended " + ended);
    }

    @Test
    void aLimitThatIsNotAWholeNumberOfOneOrMoreIsAUsageErrorNamingIt() {
        for (String limit : List.of("0", "-1", "abc", "1.5", "")) {
            CliResult status = sealctl("status", "--limit", limit);
            assertThat(status.exitCode()).as(limit).isEqualTo(2);
            assertThat(status.out()).as(limit).isEmpty();
            assertThat(status.err().lines().toList()).as(limit).containsExactly("sealctl: --limit must be a whole"
                    + " number of 1 or more (how many executions to show), not '" + limit + "'; see sealctl status --help");
        }
        CliResult json = sealctl("status", "--json", "--limit", "0");
        assertThat(json.exitCode()).isEqualTo(2);
        assertThat(json.out().strip()).isEqualTo("{\"error\":\"--limit must be a whole number of 1 or more (how many"
                + " executions to show), not '0'; see sealctl status --help\",\"exitCode\":2}");
        assertThat(sealctl("status", "--limit", "3").exitCode()).isZero();
    }
}
