package org.sealing.run;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.partition.support.AbstractPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

import org.sealing.job.PartitionLocks;
import org.sealing.ledger.RunRecords;

/**
 * The manager's side of remote partitioning: sends each partition of a partitioned step ({@code targets},
 * {@code apply}, {@code verify}; its step execution id, nothing else) to the broker's queue, in the step's order, and polls the job repository
 * until every partition has ended, as the workers ({@link PartitionWorker}) record them. A partition no worker
 * picked up within the pickup timeout, or one whose worker died (running, while nobody holds its partition
 * lock), is failed with a message naming the target, so that a restart redoes it (the pickup timeout runs from
 * the last time a worker took one of the step's partitions or was seen running one); when the execution is asked
 * to stop, partitions not yet picked up are stopped here (the running ones stop in their workers).
 */
final class RemotePartitionHandler extends AbstractPartitionHandler {

    private static final Logger log = LoggerFactory.getLogger(RemotePartitionHandler.class);
    private static final long POLL_MILLIS = 500;

    private final Broker broker;
    private final JobRepository jobRepository;
    private final JdbcTemplate jdbc;
    private final RunRecords runs;

    RemotePartitionHandler(Broker broker, JobRepository jobRepository, JdbcTemplate jdbc, RunRecords runs) {
        this.broker = broker;
        this.jobRepository = jobRepository;
        this.jdbc = jdbc;
        this.runs = runs;
    }

    @Override
    protected Set<StepExecution> doHandle(StepExecution manager, Set<StepExecution> partitions) throws Exception {
        List<StepExecution> ordered = partitions.stream().sorted(Comparator.comparingInt(
                (StepExecution p) -> p.getExecutionContext().getInt(TargetPartitionStep.ORDER, 0))).toList();
        if (ordered.isEmpty()) {
            // a restart whose partitions of this step all completed before, or a step no target reached
            return Set.of();
        }
        CachingConnectionFactory factory = broker.connect();
        try {
            RabbitTemplate template = new RabbitTemplate(factory);
            for (StepExecution partition : ordered) {
                template.convertAndSend("", broker.queue(), String.valueOf(partition.getId()));
            }
        } finally {
            factory.destroy();
        }
        log.info("{} partitions sent to queue {} at {}", ordered.size(), broker.queue(), broker.where());
        // the pickup timeout runs from the last time a worker took one of the step's partitions or was seen
        // running one: a queue longer than the workers can take at once is not a failure, no worker at work is
        long lastPickup = System.nanoTime();
        long taken = 0;
        // partitions recorded running while nobody held their lock, since when (a death is two polls' finding)
        java.util.Map<Long, Long> unlockedSince = new java.util.HashMap<>();
        while (true) {
            Thread.sleep(POLL_MILLIS);
            boolean stopping = jobRepository.getJobExecution(manager.getJobExecutionId()).getStatus()
                    == BatchStatus.STOPPING;
            Set<StepExecution> ended = new LinkedHashSet<>();
            long nowTaken = 0;
            boolean working = false;
            for (StepExecution partition : ordered) {
                StepExecution now = check(partition, elapsed(lastPickup), stopping, unlockedSince);
                if (!now.getStatus().isRunning()) {
                    ended.add(now);
                }
                if (now.getStatus() != BatchStatus.STARTING) {
                    nowTaken++;
                }
                working |= now.getStatus() == BatchStatus.STARTED;
            }
            if (ended.size() == ordered.size()) {
                return ended;
            }
            if (nowTaken > taken || working) {
                taken = nowTaken;
                lastPickup = System.nanoTime();
            }
        }
    }

    private static Duration elapsed(long since) {
        return Duration.ofNanos(System.nanoTime() - since);
    }

    /**
     * The partition as it stands now, failed or stopped here when no live worker runs it: one that is recorded
     * running (not waiting) is failed as dead only when the poll before found it so too: one reading once failed a
     * partition whose live worker was ending it (seen once, cause not established).
     */
    private StepExecution check(StepExecution partition, Duration waited, boolean stopping,
            java.util.Map<Long, Long> unlockedSince) {
        StepExecution now = jobRepository.getStepExecution(partition.getJobExecutionId(), partition.getId());
        String target = now.getExecutionContext().getString(TargetPartitionStep.TARGET, partition.getStepName());
        String what = TargetPartitionStep.describe(now);
        BatchStatus status = now.getStatus();
        if (!status.isRunning() || PartitionLocks.isHeld(jdbc, now.getId())) {
            unlockedSince.remove(now.getId());
            return now;
        }
        // read again: a worker may have ended it (and released its lock) since
        StepExecution again = jobRepository.getStepExecution(partition.getJobExecutionId(), partition.getId());
        if (!again.getStatus().isRunning()) {
            return again;
        }
        if (again.getStatus() == BatchStatus.STARTING) {
            if (stopping) {
                return end(again, target, what, BatchStatus.STOPPED, null);
            }
            if (waited.compareTo(broker.pickupTimeout()) > 0) {
                return end(again, target, what, BatchStatus.FAILED, "no sealctl worker took a partition from queue "
                        + broker.queue() + " for " + broker.pickupTimeout().toSeconds() + "s"
                        + " (SEALING_BROKER_PICKUPTIMEOUT), so that of " + what + " was not run: start workers on"
                        + " that queue, then restart the execution");
            }
            return again;
        }
        Long since = unlockedSince.putIfAbsent(again.getId(), System.nanoTime());
        if (since == null || elapsed(since).toMillis() < POLL_MILLIS) {
            return again;
        }
        return end(again, target, what, BatchStatus.FAILED, "the sealctl worker running " + what
                + " died or lost its connection to the control database (its partition lock is gone); a restart of"
                + " the execution redoes it");
    }

    /**
     * Ends a partition that no process runs, then the target's steps it left running, then records the target's
     * failure: a worker that updated the partition meanwhile wins (the repository's versions), nothing else is
     * written, and the next poll reads what it wrote.
     */
    private StepExecution end(StepExecution partition, String target, String what, BatchStatus status,
            String reason) {
        try {
            TargetPartitionStep.close(jobRepository, partition, status, reason);
        } catch (OptimisticLockingFailureException e) {
            log.debug("partition of {} changed while being ended: {}", what, e.getMessage());
            return jobRepository.getStepExecution(partition.getJobExecutionId(), partition.getId());
        }
        if (reason != null) {
            TargetPartitionStep.closeTargetSteps(jobRepository, partition, status, reason);
            runs.targetFailed(TargetSteps.runId(partition), target, reason, true);
            log.error("{}: {}", what, reason);
        }
        return jobRepository.getStepExecution(partition.getJobExecutionId(), partition.getId());
    }

    /** Whether a step of the job is one of this target's ({@code plan.T}, {@code apply.T.purge}...). */
    static boolean isStepOf(String stepName, String target) {
        int dot = stepName.indexOf('.');
        if (dot < 0) {
            return false;
        }
        String rest = stepName.substring(dot + 1);
        return rest.equals(target) || rest.startsWith(target + ".");
    }
}
