package org.sealing.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;

import org.junit.jupiter.api.Test;
import org.quartz.CronExpression;

import org.sealing.support.ConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Cron as administrators write it, Quartz's or Unix's: what Quartz can express is translated into the
 * expression that fires at the same instants, what it cannot is refused with the reason and what to
 * write instead.
 */
class CronTests {

    private static String quartz(String unix) {
        return Cron.toQuartz(unix, "cron");
    }

    private static void refused(String cron, String message) {
        assertThatThrownBy(() -> Cron.toQuartz(cron, "schedules.nightly.cron"))
                .isInstanceOf(ConfigurationException.class).hasMessage(message);
    }

    @Test
    void quartzExpressionsAreKeptAsTheyAre() {
        assertThat(quartz("0 0 2 * * ?")).isEqualTo("0 0 2 * * ?");
        assertThat(quartz("0/20 * * * * ?")).isEqualTo("0/20 * * * * ?");
        assertThat(quartz("0 0 2 ? * MON#1")).isEqualTo("0 0 2 ? * MON#1");
        assertThat(quartz("0 0 2 L * ? 2030")).isEqualTo("0 0 2 L * ? 2030");
    }

    @Test
    void aQuartzExpressionQuartzRefusesSaysWhy() {
        refused("0 0 2 1 * 2", "schedules.nightly.cron: '0 0 2 1 * 2' is not a cron expression (Quartz: \"0 0 2 * * ?\","
                + " or Unix: \"0 2 * * *\"); Quartz says: Support for specifying both a day-of-week AND a day-of-month"
                + " parameter is not implemented.");
    }

    @Test
    void unixMinutesHoursDaysOfMonthAndMonthsKeepTheirSyntax() {
        assertThat(quartz("0 2 * * *")).isEqualTo("0 0 2 * * ?");
        assertThat(quartz("*/15 * * * *")).isEqualTo("0 */15 * * * ?");
        assertThat(quartz("5,35 9-17/2 * * *")).isEqualTo("0 5,35 9-17/2 * * ?");
        assertThat(quartz("0 4 1 * *")).isEqualTo("0 0 4 1 * ?");
        assertThat(quartz("0 4 1,15 * *")).isEqualTo("0 0 4 1,15 * ?");
        assertThat(quartz("0 2 */2 * *")).isEqualTo("0 0 2 */2 * ?");
        assertThat(quartz("0 2 1-31/10 * *")).isEqualTo("0 0 2 1-31/10 * ?");
        assertThat(quartz("0 2 1 */3 *")).isEqualTo("0 0 2 1 */3 ?");
        assertThat(quartz("0 2 1 1-12/3 *")).isEqualTo("0 0 2 1 1-12/3 ?");
        assertThat(quartz("0\t2  1 * *")).isEqualTo("0 0 2 1 * ?");
    }

    @Test
    void unixMonthNamesBecomeQuartzMonthNames() {
        assertThat(quartz("0 2 1 JAN,JUL *")).isEqualTo("0 0 2 1 JAN,JUL ?");
        assertThat(quartz("0 2 1 jan-mar *")).isEqualTo("0 0 2 1 JAN-MAR ?");
        // Quartz ignores the step of a range of names: a stepped range is written in numbers
        assertThat(quartz("0 2 1 JAN-DEC/3 *")).isEqualTo("0 0 2 1 1-12/3 ?");
    }

    @Test
    void unixDayOfWeekNumbersBecomeQuartzNumbers() {
        assertThat(quartz("0 3 * * 0")).isEqualTo("0 0 3 ? * 1");
        assertThat(quartz("0 3 * * 7")).isEqualTo("0 0 3 ? * 1");
        assertThat(quartz("0 3 * * 6")).isEqualTo("0 0 3 ? * 7");
        assertThat(quartz("30 1 * * 1-5")).isEqualTo("0 30 1 ? * 2-6");
        assertThat(quartz("0 2 * * 1,3,5")).isEqualTo("0 0 2 ? * 2,4,6");
        assertThat(quartz("0 2 * * 0,6")).isEqualTo("0 0 2 ? * 1,7");
        assertThat(quartz("0 2 * * 0-6")).isEqualTo("0 0 2 ? * 1-7");
    }

    @Test
    void unixSundayAsSevenInARangeIsQuartzSunday() {
        // 0-7 is every day, not Sunday only
        assertThat(quartz("0 2 * * 0-7")).isEqualTo("0 0 2 ? * 1-7");
        assertThat(quartz("0 2 * * 5-7")).isEqualTo("0 0 2 ? * 6-7,1");
        assertThat(quartz("0 2 * * 6-7")).isEqualTo("0 0 2 ? * 7,1");
        assertThat(quartz("0 2 * * 7-7")).isEqualTo("0 0 2 ? * 1");
        assertThat(quartz("0 2 * * 1-2,6-7")).isEqualTo("0 0 2 ? * 2-3,7,1");
    }

    @Test
    void unixDayOfWeekStepsPickTheSameDays() {
        // Unix */2 is 0,2,4,6 (Sun, Tue, Thu, Sat); Quartz */2 is 1,3,5,7: the same days
        assertThat(quartz("0 2 * * */2")).isEqualTo("0 0 2 ? * */2");
        assertThat(quartz("0 2 * * 1-5/2")).isEqualTo("0 0 2 ? * 2-6/2");
        // 1-7/2 is Mon, Wed, Fri and Sunday as 7
        assertThat(quartz("0 2 * * 1-7/2")).isEqualTo("0 0 2 ? * 2,4,6,1");
        assertThat(quartz("0 2 * * MON-FRI/2")).isEqualTo("0 0 2 ? * 2-6/2");
    }

    @Test
    void unixDayNamesStayNames() {
        assertThat(quartz("0 2 * * MON-FRI")).isEqualTo("0 0 2 ? * MON-FRI");
        assertThat(quartz("0 2 * * mon,wed")).isEqualTo("0 0 2 ? * MON,WED");
        assertThat(quartz("0 2 * * SUN")).isEqualTo("0 0 2 ? * SUN");
        assertThat(quartz("0 2 * * SUN-SAT")).isEqualTo("0 0 2 ? * SUN-SAT");
    }

    @Test
    void unixShortcuts() {
        assertThat(quartz("@hourly")).isEqualTo("0 0 * * * ?");
        assertThat(quartz("@daily")).isEqualTo("0 0 0 * * ?");
        assertThat(quartz("@midnight")).isEqualTo("0 0 0 * * ?");
        assertThat(quartz("@weekly")).isEqualTo("0 0 0 ? * 1");
        assertThat(quartz("@monthly")).isEqualTo("0 0 0 1 * ?");
        assertThat(quartz("@yearly")).isEqualTo("0 0 0 1 1 ?");
        assertThat(quartz("@ANNUALLY")).isEqualTo("0 0 0 1 1 ?");
        refused("@reboot", "schedules.nightly.cron: '@reboot' is not a cron shortcut; the shortcuts are @hourly,"
                + " @daily (or @midnight), @weekly, @monthly and @yearly (or @annually)");
    }

    @Test
    void bothDayFieldsRestrictedIsRefusedBecauseUnixMeansEitherDay() {
        refused("0 2 1 * 1", "schedules.nightly.cron: '0 2 1 * 1' fires, in Unix cron, on every day that matches"
                + " day-of-month '1' OR day-of-week '1' (cron's rule when both day fields are restricted), and a Quartz"
                + " schedule can restrict only one of the two day fields; restrict one of them ('0 2 1 * *' or"
                + " '0 2 * * 1'), or write a Quartz expression (seconds first) such as '0 0 2 ? * MON#1' for the first"
                + " Monday of each month");
        refused("30 4 1-7 * MON", "schedules.nightly.cron: '30 4 1-7 * MON' fires, in Unix cron, on every day that"
                + " matches day-of-month '1-7' OR day-of-week 'MON' (cron's rule when both day fields are restricted),"
                + " and a Quartz schedule can restrict only one of the two day fields; restrict one of them"
                + " ('30 4 1-7 * *' or '30 4 * * MON'), or write a Quartz expression (seconds first) such as"
                + " '0 30 4 ? * MON#1' for the first Monday of each month");
    }

    @Test
    void aStarredDayFieldWithAStepAndARestrictedOtherIsRefusedBecauseUnixMeansBothDays() {
        refused("0 2 */2 * 1", "schedules.nightly.cron: '0 2 */2 * 1' fires, in Unix cron, only on the days that match"
                + " both day-of-month '*/2' AND day-of-week '1' (a day field that starts with '*' makes cron combine"
                + " the two with AND), and a Quartz schedule can restrict only one of the two day fields; restrict one"
                + " of them ('0 2 */2 * *' or '0 2 * * 1'), or write a Quartz expression (seconds first) such as"
                + " '0 0 2 ? * MON#1' for the first Monday of each month");
    }

    @Test
    void bothDayFieldsWhereOneMeansEveryDayAreTranslatedExactly() {
        // either-day with every day of the month: every day
        assertThat(quartz("0 2 1-31 * 1")).isEqualTo("0 0 2 1-31 * ?");
        assertThat(quartz("0 2 1 * 0-7")).isEqualTo("0 0 2 ? * 1-7");
        // both-days with a starred day of month that is every day: the days of the week
        assertThat(quartz("0 2 */1 * 1")).isEqualTo("0 0 2 ? * 2");
        assertThat(quartz("0 2 15 * */1")).isEqualTo("0 0 2 15 * ?");
    }

    @Test
    void aBackwardsRangeIsRefusedWithWhatToWrite() {
        refused("0 2 * * 5-0", "schedules.nightly.cron: '0 2 * * 5-0': the day-of-week range '5-0' runs backwards, and"
                + " Unix cron does not wrap a range around; for 5 through 0 write 5-7 (7 is Sunday, as 0 is)");
        refused("0 2 * * FRI-TUE", "schedules.nightly.cron: '0 2 * * FRI-TUE': the day-of-week range 'FRI-TUE' runs"
                + " backwards, and Unix cron does not wrap a range around; for 5 through 2 write 5-7,1-2 (7 is Sunday,"
                + " as 0 is)");
        refused("50-10 * * * *", "schedules.nightly.cron: '50-10 * * * *': the minute range '50-10' runs backwards, and"
                + " Unix cron does not wrap a range around; for 50 through 10 write 50-59,0-10");
        refused("0 22-0 * * *", "schedules.nightly.cron: '0 22-0 * * *': the hour range '22-0' runs backwards, and Unix"
                + " cron does not wrap a range around; for 22 through 0 write 22-23,0");
    }

    @Test
    void valuesOutsideTheirFieldAreRefused() {
        refused("60 2 * * *", "schedules.nightly.cron: '60 2 * * *': minute 60 is outside 0-59");
        refused("0 24 * * *", "schedules.nightly.cron: '0 24 * * *': hour 24 is outside 0-23");
        refused("0 2 0 * *", "schedules.nightly.cron: '0 2 0 * *': day-of-month 0 is outside 1-31");
        refused("0 2 * 13 *", "schedules.nightly.cron: '0 2 * 13 *': month 13 is outside 1-12");
        refused("0 2 * * 8", "schedules.nightly.cron: '0 2 * * 8': day-of-week 8 is outside 0-7");
        refused("0 2 * * FUN", "schedules.nightly.cron: '0 2 * * FUN': day-of-week 'FUN' is not a number or a name (SUN,"
                + " MON, TUE, WED, THU, FRI, SAT)");
        refused("0 MON * * *", "schedules.nightly.cron: '0 MON * * *': hour 'MON' is not a number");
        refused("*/0 * * * *", "schedules.nightly.cron: '*/0 * * * *': the step of minute '*/0' must be 1 to 59");
    }

    @Test
    void quartzOnlySyntaxInFiveFieldsIsRefused() {
        refused("0 2 L * *", "schedules.nightly.cron: '0 2 L * *': day-of-month 'L' is not Unix cron (a value 1-31, a"
                + " range A-B, a step */N or A-B/N, or a list of them); Quartz's L, W, # and ? need a Quartz expression"
                + " (seconds first)");
        refused("0 2 ? * 1#1", "schedules.nightly.cron: '0 2 ? * 1#1': day-of-month '?' is not Unix cron (a value 1-31,"
                + " a range A-B, a step */N or A-B/N, or a list of them); Quartz's L, W, # and ? need a Quartz"
                + " expression (seconds first)");
        refused("5/15 * * * *", "schedules.nightly.cron: '5/15 * * * *': minute '5/15' is not Unix cron (a step needs a"
                + " range); write 5-59/15 for every 15 from 5");
        refused("0 2 1, * *", "schedules.nightly.cron: '0 2 1, * *': day-of-month '' is not Unix cron (a value 1-31, a"
                + " range A-B, a step */N or A-B/N, or a list of them); Quartz's L, W, # and ? need a Quartz expression"
                + " (seconds first)");
    }

    @Test
    void anythingElseIsAConfigurationErrorNamingWhere() {
        assertThatThrownBy(() -> Cron.toQuartz("at two every night", "schedules.nightly.cron"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("schedules.nightly.cron: 'at two every night' is not a cron expression (Quartz:"
                        + " \"0 0 2 * * ?\", or Unix: \"0 2 * * *\")");
    }

    /**
     * The translations fire when Unix cron would: the instants below were worked out by hand from a
     * calendar (2026-11-27 is a Friday), from Friday 2026-11-27 12:00 UTC.
     */
    @Test
    void translationsFireWhenUnixCronWould() throws Exception {
        Instant from = Instant.parse("2026-11-27T12:00:00Z");
        // weekdays at 01:30
        assertThat(fires("30 1 * * 1-5", from, 5)).containsExactly("2026-11-30T01:30:00Z", "2026-12-01T01:30:00Z",
                "2026-12-02T01:30:00Z", "2026-12-03T01:30:00Z", "2026-12-04T01:30:00Z");
        // Friday, Saturday and Sunday (7) at 02:00; Friday's has passed
        assertThat(fires("0 2 * * 5-7", from, 4)).containsExactly("2026-11-28T02:00:00Z", "2026-11-29T02:00:00Z",
                "2026-12-04T02:00:00Z", "2026-12-05T02:00:00Z");
        // 0-7 is every day
        assertThat(fires("0 2 * * 0-7", from, 3)).containsExactly("2026-11-28T02:00:00Z", "2026-11-29T02:00:00Z",
                "2026-11-30T02:00:00Z");
        // the 1st OR any day: every day
        assertThat(fires("0 2 1 * 0-7", from, 3)).containsExactly("2026-11-28T02:00:00Z", "2026-11-29T02:00:00Z",
                "2026-11-30T02:00:00Z");
        // Monday, Wednesday, Friday and Sunday (1-7/2)
        assertThat(fires("0 2 * * 1-7/2", from, 5)).containsExactly("2026-11-29T02:00:00Z", "2026-11-30T02:00:00Z",
                "2026-12-02T02:00:00Z", "2026-12-04T02:00:00Z", "2026-12-06T02:00:00Z");
        // Sunday, Tuesday, Thursday, Saturday (*/2 from 0)
        assertThat(fires("0 2 * * */2", from, 4)).containsExactly("2026-11-28T02:00:00Z", "2026-11-29T02:00:00Z",
                "2026-12-01T02:00:00Z", "2026-12-03T02:00:00Z");
        // every six hours on the 1st and the 15th
        assertThat(fires("0 */6 1,15 * *", from, 5)).containsExactly("2026-12-01T00:00:00Z", "2026-12-01T06:00:00Z",
                "2026-12-01T12:00:00Z", "2026-12-01T18:00:00Z", "2026-12-15T00:00:00Z");
        // Sunday midnight
        assertThat(fires("@weekly", from, 2)).containsExactly("2026-11-29T00:00:00Z", "2026-12-06T00:00:00Z");
        // the first of January, April, July and October
        assertThat(fires("0 0 1 */3 *", from, 3)).containsExactly("2027-01-01T00:00:00Z", "2027-04-01T00:00:00Z",
                "2027-07-01T00:00:00Z");
    }

    private static List<String> fires(String unix, Instant from, int count) throws Exception {
        CronExpression expression = new CronExpression(quartz(unix));
        expression.setTimeZone(TimeZone.getTimeZone("UTC"));
        List<String> times = new ArrayList<>();
        Date t = Date.from(from);
        for (int i = 0; i < count; i++) {
            t = expression.getTimeAfter(t);
            times.add(t.toInstant().toString());
        }
        return times;
    }
}
