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
 * {@code apply}, {@code verify}; its step execution id, nothing else) to the broker's queue, in the step's order, and polls the
 * partitions' statuses until every one has ended, as the workers ({@link PartitionWorker}) record them. A partition no worker
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
            boolean stopping = statusOfExecution(manager.getJobExecutionId()) == BatchStatus.STOPPING;
            java.util.Map<Long, BatchStatus> statuses = statuses(ordered);
            long nowTaken = 0;
            boolean working = false;
            boolean allEnded = true;
            for (StepExecution partition : ordered) {
                BatchStatus status = check(partition, statuses.get(partition.getId()), elapsed(lastPickup), stopping,
                        unlockedSince);
                allEnded &= !status.isRunning();
                if (status != BatchStatus.STARTING) {
                    nowTaken++;
                }
                working |= status == BatchStatus.STARTED;
            }
            if (allEnded) {
                // every partition ended in this poll: each as recorded, whole (one a worker wrote running again
                // since is waited for)
                Set<StepExecution> ended = new LinkedHashSet<>();
                for (StepExecution partition : ordered) {
                    ended.add(read(partition));
                }
                if (ended.stream().noneMatch(e -> e.getStatus().isRunning())) {
                    return ended;
                }
            }
            if (nowTaken > taken || working) {
                taken = nowTaken;
                lastPickup = System.nanoTime();
            }
        }
    }

    /**
     * The statuses of the partitions, in one query: the job repository's reading of one step execution loads the job
     * execution with every step execution of it, and reading each partition so (twice for one waiting) twice a second
     * cost the manager more CPU than its workers spent applying.
     */
    private java.util.Map<Long, BatchStatus> statuses(List<StepExecution> partitions) {
        Long[] ids = partitions.stream().map(StepExecution::getId).toArray(Long[]::new);
        java.util.Map<Long, BatchStatus> statuses = new java.util.HashMap<>();
        jdbc.query(c -> {
            java.sql.PreparedStatement ps = c.prepareStatement("select step_execution_id, status from"
                    + " batch_step_execution where step_execution_id = any(?)");
            ps.setArray(1, c.createArrayOf("bigint", ids));
            return ps;
        }, rs -> {
            statuses.put(rs.getLong(1), BatchStatus.valueOf(rs.getString(2)));
        });
        return statuses;
    }

    private BatchStatus statusOf(StepExecution partition) {
        BatchStatus status = statuses(List.of(partition)).get(partition.getId());
        if (status == null) {
            throw new IllegalStateException("partition " + partition.getId() + " has no record");
        }
        return status;
    }

    private BatchStatus statusOfExecution(long jobExecutionId) {
        String status = jdbc.queryForObject("select status from batch_job_execution where job_execution_id = ?",
                String.class, jobExecutionId);
        return BatchStatus.valueOf(status);
    }

    /** The partition as the job repository has it now, whole. */
    private StepExecution read(StepExecution partition) {
        return jobRepository.getStepExecution(partition.getJobExecutionId(), partition.getId());
    }

    private static Duration elapsed(long since) {
        return Duration.ofNanos(System.nanoTime() - since);
    }

    /**
     * The status of a partition now ({@code status}, as this poll read it), failed or stopped here when no live
     * worker runs it: one that is recorded running (not waiting) is failed as dead only when the poll before found
     * it so too: one reading once failed a partition whose live worker was ending it (seen once, cause not
     * established). It is read whole only to be ended here, and ended only if that reading still has the status
     * decided on: from that reading on, a worker's write wins over the end (the repository's versions), as it did
     * when every poll read each partition whole.
     */
    private BatchStatus check(StepExecution partition, BatchStatus status, Duration waited, boolean stopping,
            java.util.Map<Long, Long> unlockedSince) {
        if (status == null || !status.isRunning() || PartitionLocks.isHeld(jdbc, partition.getId())) {
            unlockedSince.remove(partition.getId());
            return status == null ? statusOf(partition) : status;
        }
        // read again: a worker may have ended it (and released its lock) since
        BatchStatus again = statusOf(partition);
        if (!again.isRunning()) {
            return again;
        }
        if (again == BatchStatus.STARTING) {
            if (stopping) {
                StepExecution waiting = read(partition);
                return waiting.getStatus() != again ? waiting.getStatus() : end(waiting, BatchStatus.STOPPED, null);
            }
            if (waited.compareTo(broker.pickupTimeout()) > 0) {
                StepExecution waiting = read(partition);
                if (waiting.getStatus() != again) {
                    // a worker claimed it since
                    return waiting.getStatus();
                }
                return end(waiting, BatchStatus.FAILED, "no sealctl worker took a partition from queue "
                        + broker.queue() + " for " + broker.pickupTimeout().toSeconds() + "s"
                        + " (SEALING_BROKER_PICKUPTIMEOUT), so that of " + TargetPartitionStep.describe(waiting)
                        + " was not run: start workers on that queue, then restart the execution");
            }
            return again;
        }
        Long since = unlockedSince.putIfAbsent(partition.getId(), System.nanoTime());
        if (since == null || elapsed(since).toMillis() < POLL_MILLIS) {
            return again;
        }
        StepExecution dead = read(partition);
        if (dead.getStatus() != again) {
            // its worker ended it since
            return dead.getStatus();
        }
        return end(dead, BatchStatus.FAILED, "the sealctl worker running " + TargetPartitionStep.describe(dead)
                + " died or lost its connection to the control database (its partition lock is gone); a restart of"
                + " the execution redoes it");
    }

    /**
     * Ends a partition that no process runs, then the target's steps it left running, then records the target's
     * failure: a worker that updated the partition meanwhile wins (the repository's versions), nothing else is
     * written, and the next poll reads what it wrote.
     */
    private BatchStatus end(StepExecution partition, BatchStatus status, String reason) {
        String target = partition.getExecutionContext().getString(TargetPartitionStep.TARGET, partition.getStepName());
        String what = TargetPartitionStep.describe(partition);
        try {
            TargetPartitionStep.close(jobRepository, partition, status, reason);
        } catch (OptimisticLockingFailureException e) {
            log.debug("partition of {} changed while being ended: {}", what, e.getMessage());
            return statusOf(partition);
        }
        if (reason != null) {
            TargetPartitionStep.closeTargetSteps(jobRepository, partition, status, reason);
            runs.targetFailed(TargetSteps.runId(partition), target, reason, true);
            log.error("{}: {}", what, reason);
        }
        return statusOf(partition);
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
