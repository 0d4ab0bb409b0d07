package org.sealing.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import org.sealing.job.ExecutionLocks;
import org.sealing.job.PartitionLocks;
import org.sealing.support.FailureMessages;

/**
 * How a {@code sealctl worker} takes a partition from the broker's queue ({@link PartitionWorker}): it claims the
 * partition (under its lock, {@link PartitionLocks}, records it running) before it acknowledges the message, so
 * that the broker hands the message of a partition nobody claimed to another worker, and no worker runs one that
 * another has claimed.
 */
@Component
class PartitionClaims {

    private static final Logger log = LoggerFactory.getLogger(PartitionClaims.class);

    private final JobRepository jobRepository;
    private final PartitionLocks locks;
    private final JdbcTemplate jdbc;

    PartitionClaims(JobRepository jobRepository, PartitionLocks locks, JdbcTemplate jdbc) {
        this.jobRepository = jobRepository;
        this.locks = locks;
        this.jdbc = jdbc;
    }

    /**
     * What a taker took from the queue: a partition it claimed and runs now, or none: skipped, or put back in the
     * queue for later.
     */
    record Taken(StepExecution partition, boolean putBack) {

        static final Taken SKIPPED = new Taken(null, false);
        static final Taken PUT_BACK = new Taken(null, true);
    }

    /**
     * Takes the next message of the queue, if any (null when it is empty), and claims its partition before it
     * acknowledges the message: under the partition's lock, a partition still waiting is recorded running (STARTED).
     * A worker that dies before that leaves the message unacknowledged, and the broker hands it to another worker;
     * one that dies after it leaves a partition running with its lock gone, which its manager fails as dead. A
     * partition that is no longer waiting, or whose manager is gone, is acknowledged and skipped; one taken as the
     * worker stops goes back to the queue for another worker, and so does one this worker could not claim (the
     * control database out of reach, say) or one whose lock a process holds while it is still waiting (a worker that
     * died as it claimed it, whose lock the server has not released yet: its message came back to the queue).
     * {@code claimed} hears of a partition the moment it is claimed, so that a broker that fails after that (its
     * acknowledgement, the channel's close) cannot lose it; {@code stopping} says whether the worker is stopping.
     */
    Taken claim(Channel channel, Broker broker, BooleanSupplier stopping, Consumer<StepExecution> claimed)
            throws IOException {
        GetResponse response = channel.basicGet(broker.queue(), false);
        if (response == null) {
            return null;
        }
        long tag = response.getEnvelope().getDeliveryTag();
        boolean settled = false;
        try {
            if (stopping.getAsBoolean()) {
                channel.basicNack(tag, false, true);
                settled = true;
                return Taken.SKIPPED;
            }
            long partitionId;
            try {
                partitionId = Long.parseLong(new String(response.getBody(), StandardCharsets.US_ASCII).strip());
            } catch (NumberFormatException e) {
                log.warn("ignored a message of queue {} that names no partition", broker.queue());
                channel.basicAck(tag, false);
                settled = true;
                return Taken.SKIPPED;
            }
            Taken taken = begin(partitionId);
            if (taken.putBack()) {
                channel.basicNack(tag, false, true);
                settled = true;
                return taken;
            }
            if (taken.partition() == null) {
                channel.basicAck(tag, false);
                settled = true;
                return taken;
            }
            claimed.accept(taken.partition());
            settled = true;
            try {
                channel.basicAck(tag, false);
            } catch (IOException | RuntimeException e) {
                // claimed all the same: a copy the broker hands out again finds it running, and is skipped
                log.warn("partition {} claimed, but its message could not be acknowledged: {}; running it",
                        partitionId, FailureMessages.of(e));
            }
            return taken;
        } finally {
            if (!settled) {
                channel.basicNack(tag, false, true);
            }
        }
    }

    /**
     * Takes the lock of a partition and records it running, if it is still waiting and its manager alive; else
     * skipped (the lock released) when another process runs it, it is no longer waiting, or its manager is gone,
     * and put back when another process holds its lock while it still waits.
     */
    private Taken begin(long partitionId) {
        if (!locks.hold(partitionId)) {
            StepExecution partition = jobRepository.getStepExecution(partitionId);
            if (partition != null && partition.getStatus() == BatchStatus.STARTING
                    && partition.getJobExecution().getStatus() == BatchStatus.STARTED) {
                log.info("partition {} is locked by a process that has not claimed it (one that died as it took"
                        + " it?); put back in the queue", partitionId);
                return Taken.PUT_BACK;
            }
            return Taken.SKIPPED;
        }
        boolean begun = false;
        try {
            StepExecution partition = jobRepository.getStepExecution(partitionId);
            if (partition == null || partition.getStatus() != BatchStatus.STARTING
                    || partition.getJobExecution().getStatus() != BatchStatus.STARTED) {
                // ended by its manager (stopped, or not picked up in time), or its execution is stopping
                log.info("partition {} is no longer waiting; skipped", partitionId);
                return Taken.SKIPPED;
            }
            if (managerGone(jdbc, partition.getJobExecutionId())) {
                // its manager died after sending it: the restart of the execution sends its partitions anew
                log.info("partition {} skipped: the process that ran execution {} is gone", partitionId,
                        partition.getJobExecutionId());
                return Taken.SKIPPED;
            }
            partition.setStatus(BatchStatus.STARTED);
            try {
                jobRepository.update(partition);
            } catch (OptimisticLockingFailureException e) {
                // its manager ended it meanwhile (stopped, or not picked up in time)
                log.info("partition {} changed as it was taken; skipped", partitionId);
                return Taken.SKIPPED;
            }
            begun = true;
            return new Taken(partition, false);
        } finally {
            if (!begun) {
                locks.release(partitionId);
            }
        }
    }

    /** Whether the process that ran an execution (its manager) is gone: nobody holds the execution's lock. */
    static boolean managerGone(JdbcTemplate jdbc, long executionId) {
        return !ExecutionLocks.isExecutionLockHeld(jdbc, executionId);
    }
}
