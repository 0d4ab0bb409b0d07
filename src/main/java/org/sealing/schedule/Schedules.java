package org.sealing.schedule;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;

import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.springframework.stereotype.Component;

import org.sealing.support.ConfigurationException;

/**
 * The schedules as Quartz keeps them in the control database (shared by every {@code serve} node):
 * one durable job and one cron trigger per scheduled job, in the group {@code sealing}. A missed fire
 * time fires once when a node next runs (misfire: fire now, then go on).
 */
@Component
public class Schedules {

    static final Set<String> JOBS = Set.of("nightly", "remediate", "verify");
    static final String GROUP = "sealing";

    private final Scheduler scheduler;

    public Schedules(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** A schedule as the scheduler has it. */
    public record Entry(String job, String cron, String zone, String state, Instant nextFireTime,
            Instant previousFireTime) {
    }

    public List<Entry> list() {
        try {
            List<Entry> entries = new ArrayList<>();
            for (TriggerKey key : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(GROUP))) {
                Trigger trigger = scheduler.getTrigger(key);
                if (trigger instanceof CronTrigger cron) {
                    entries.add(new Entry(key.getName(), cron.getCronExpression(), cron.getTimeZone().getID(),
                            scheduler.getTriggerState(key).name(), instant(cron.getNextFireTime()),
                            instant(cron.getPreviousFireTime())));
                }
            }
            entries.sort((a, b) -> a.job().compareTo(b.job()));
            return entries;
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot read the schedules: " + e.getMessage(), e);
        }
    }

    /** Sets a job's cron and zone; a paused schedule stays paused. */
    public Entry set(String job, String cron, ZoneId zone) {
        check(job);
        String quartz = Cron.toQuartz(cron, "cron");
        try {
            boolean paused = scheduler.getTriggerState(triggerKey(job)) == Trigger.TriggerState.PAUSED;
            schedule(job, quartz, zone, paused);
            return entry(job);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule " + job + ": " + e.getMessage(), e);
        }
    }

    public Entry pause(String job) {
        return change(job, "pause", scheduler::pauseTrigger);
    }

    public Entry resume(String job) {
        return change(job, "resume", scheduler::resumeTrigger);
    }

    /** Pauses or resumes the trigger of a job that has one. */
    private Entry change(String job, String verb, TriggerChange change) {
        check(job);
        try {
            requireScheduled(job);
            change.apply(triggerKey(job));
            return entry(job);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot " + verb + " " + job + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface TriggerChange {
        void apply(TriggerKey key) throws SchedulerException;
    }

    /** Makes the scheduler hold exactly the schedules of {@code schedules.yml} (or the default one). */
    public List<Entry> apply(Path configDir) {
        Map<String, ScheduleFile.Schedule> wanted = ScheduleFile.read(configDir);
        try {
            for (TriggerKey key : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(GROUP))) {
                if (!wanted.containsKey(key.getName())) {
                    scheduler.deleteJob(JobKey.jobKey(key.getName(), GROUP));
                }
            }
            for (ScheduleFile.Schedule s : wanted.values()) {
                schedule(s.job(), s.cron(), s.zone(), s.paused());
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot apply the schedules: " + e.getMessage(), e);
        }
        return list();
    }

    /** Whether any schedule exists yet (a first serve applies the file when none does). */
    public boolean isEmpty() {
        try {
            return scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(GROUP)).isEmpty();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot read the schedules: " + e.getMessage(), e);
        }
    }

    private void schedule(String job, String cron, ZoneId zone, boolean paused) throws SchedulerException {
        JobDetail detail = JobBuilder.newJob(ScheduledRunJob.class).withIdentity(job, GROUP).storeDurably()
                .usingJobData(ScheduledRunJob.JOB, job).withDescription("sealctl run " + job).build();
        CronTrigger trigger = TriggerBuilder.newTrigger().withIdentity(triggerKey(job)).forJob(detail)
                .withSchedule(CronScheduleBuilder.cronSchedule(cron).inTimeZone(TimeZone.getTimeZone(zone))
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
        scheduler.addJob(detail, true);
        if (scheduler.checkExists(triggerKey(job))) {
            scheduler.rescheduleJob(triggerKey(job), trigger);
        } else {
            scheduler.scheduleJob(trigger);
        }
        if (paused) {
            scheduler.pauseTrigger(triggerKey(job));
        }
    }

    private void requireScheduled(String job) throws SchedulerException {
        if (!scheduler.checkExists(triggerKey(job))) {
            throw new ConfigurationException(job + " has no schedule; set one with: sealctl schedule set " + job
                    + " CRON, or sealctl schedule apply");
        }
    }

    private Entry entry(String job) {
        return list().stream().filter(e -> e.job().equals(job)).findFirst().orElseThrow();
    }

    private static void check(String job) {
        if (!JOBS.contains(job)) {
            throw new ConfigurationException("no schedulable job " + job + "; the jobs are nightly, remediate, verify");
        }
    }

    private static TriggerKey triggerKey(String job) {
        return TriggerKey.triggerKey(job, GROUP);
    }

    private static Instant instant(java.util.Date date) {
        return date == null ? null : date.toInstant();
    }
}
