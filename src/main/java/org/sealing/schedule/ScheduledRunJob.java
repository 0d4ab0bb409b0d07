package org.sealing.schedule;

import java.time.Instant;
import java.util.List;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;

import org.sealing.SealingProperties;
import org.sealing.run.RunService;
import org.sealing.support.RefusedException;

/**
 * What a fired schedule does: runs its job through Spring Batch with the scheduled fire time as the
 * run's identifying parameter, so that one fire time is one run however many nodes there are (and a
 * run that already completed for it is not run again).
 */
@DisallowConcurrentExecution
public class ScheduledRunJob implements Job {

    static final String JOB = "job";
    private static final Logger log = LoggerFactory.getLogger(ScheduledRunJob.class);

    private final RunService runs;
    private final SealingProperties properties;

    public ScheduledRunJob(RunService runs, SealingProperties properties) {
        this.runs = runs;
        this.properties = properties;
    }

    /**
     * The fire time this firing stands for. A misfire handled by "fire now" reports the moment it fired;
     * the run is then named after the fire time that was missed, the last one of its cron before now.
     */
    static Instant missedFireTime(JobExecutionContext context) {
        java.util.Date scheduled = context.getScheduledFireTime();
        if (!(context.getTrigger() instanceof org.quartz.CronTrigger cron)) {
            return scheduled.toInstant();
        }
        try {
            org.quartz.CronExpression expression = new org.quartz.CronExpression(cron.getCronExpression());
            expression.setTimeZone(cron.getTimeZone());
            if (expression.isSatisfiedBy(scheduled)) {
                return scheduled.toInstant();
            }
            for (long window : new long[] {60_000L, 3_600_000L, 86_400_000L, 400L * 86_400_000L}) {
                java.util.Date candidate = expression.getTimeAfter(new java.util.Date(scheduled.getTime() - window));
                java.util.Date last = null;
                while (candidate != null && !candidate.after(scheduled)) {
                    last = candidate;
                    candidate = expression.getTimeAfter(candidate);
                }
                if (last != null) {
                    return last.toInstant();
                }
            }
        } catch (java.text.ParseException e) {
            // a cron the scheduler accepted parses; if not, the moment of firing names the run
        }
        return scheduled.toInstant();
    }

    @Override
    public void execute(JobExecutionContext context) {
        String job = context.getMergedJobDataMap().getString(JOB);
        Instant fireTime = missedFireTime(context);
        log.info("schedule: {} fired for {}{}", job, fireTime, fireTime.equals(context.getFireTime().toInstant()) ? ""
                : " (late: it fires at " + context.getFireTime().toInstant() + ")");
        try {
            JobExecution execution = runs.run(job, false, List.of(), properties.configDir(), fireTime);
            log.info("schedule: {} execution {} ended {}", job, execution.getId(), execution.getStatus());
        } catch (RefusedException e) {
            log.warn("schedule: {} for {} refused: {}", job, fireTime, e.getMessage());
        } catch (RuntimeException e) {
            log.error("schedule: {} for {} failed to start: {}", job, fireTime, e.getMessage());
        }
    }
}
