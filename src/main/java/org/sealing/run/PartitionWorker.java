package org.sealing.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import org.sealing.SealingProperties;
import org.sealing.job.GracefulStop;
import org.sealing.job.PartitionLocks;
import org.sealing.job.RunningStatements;
import org.sealing.ledger.RunRecords;
import org.sealing.support.ConfigurationException;
import org.sealing.support.FailureMessages;

/**
 * {@code sealctl worker}: takes partitions of a run's partitioned steps (a target's plan, a range of its apply,
 * its verification) from the broker's queue and runs them against the shared control database, until SIGTERM.
 * Each of its {@code parallel-targets} takers takes a message only when it is free to run it, and acknowledges it
 * once it has claimed the partition (recorded it running under the partition's lock, {@link PartitionLocks}): a
 * worker that dies before that leaves the message to the broker for another worker, and one that dies after it
 * leaves a running partition whose lock is gone, which is how the manager tells a dead worker's partition. It runs
 * only a partition that is still waiting (a restart's partitions are new ones).
 * Every two seconds it reads whether the executions it works for were asked to stop (or lost their manager):
 * their partitions then end at their next chunk boundary, STOPPED, as on SIGTERM.
 */
@Component
public class PartitionWorker {

    private static final Logger log = LoggerFactory.getLogger(PartitionWorker.class);

    /** How long a taker waits before it looks at an empty queue again. */
    private static final long IDLE_POLL_MILLIS = 200;
    /** How long a taker waits after putting back a partition another process holds the lock of. */
    private static final long PUT_BACK_PAUSE_MILLIS = 1000;

    private final Environment env;
    private final JobRepository jobRepository;
    private final TargetPartitions partitions;
    private final PartitionLocks locks;
    private final PartitionClaims claims;
    private final RunningStatements statements;
    private final JdbcTemplate jdbc;
    private final GracefulStop stop;
    private final SealingProperties properties;
    private final RunRecords runs;
    private final Map<Long, StepExecution> running = new ConcurrentHashMap<>();
    /** Running partitions whose lock this worker lost with its connection to the control database. */
    private final Set<Long> lockLost = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean stopping = new AtomicBoolean();

    PartitionWorker(Environment env, JobRepository jobRepository, TargetPartitions partitions, PartitionLocks locks,
            PartitionClaims claims, RunningStatements statements, JdbcTemplate jdbc, GracefulStop stop,
            SealingProperties properties, RunRecords runs) {
        this.env = env;
        this.claims = claims;
        this.jobRepository = jobRepository;
        this.partitions = partitions;
        this.locks = locks;
        this.statements = statements;
        this.jdbc = jdbc;
        this.stop = stop;
        this.properties = properties;
        this.runs = runs;
    }

    /** Works until SIGTERM (or SIGINT), then ends the partitions it runs at a chunk boundary; exit code 0. */
    public int work() throws InterruptedException {
        Broker broker = Broker.of(env);
        if (broker == null) {
            throw new ConfigurationException("sealctl worker needs SEALING_BROKER_URL"
                    + " (amqp://user:password@host:port/vhost), the RabbitMQ broker its managers send partitions to");
        }
        CachingConnectionFactory factory = broker.connect();
        Step step = partitions.workerStep();
        int consumers = properties.remediation().parallelTargets();
        // each taker takes a partition from the queue only when it is free to run it: nothing waits in a busy
        // worker's buffer while another worker is idle (a consumer's prefetch would hold one there)
        RabbitTemplate template = new RabbitTemplate(factory);
        List<Thread> takers = new ArrayList<>();
        for (int i = 1; i <= consumers; i++) {
            takers.add(new Thread(() -> take(template, broker, step), "worker-" + i));
        }
        ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "worker-monitor");
            t.setDaemon(true);
            return t;
        });
        stop.install(true);
        takers.forEach(Thread::start);
        monitor.scheduleWithFixedDelay(this::check, 2, 2, TimeUnit.SECONDS);
        log.info("worker taking partitions from queue {} at {}, {} at a time", broker.queue(), broker.where(),
                consumers);
        try {
            stop.await();
            stopping.set(true);
            running.values().forEach(this::interrupt);
            log.warn("stopping: {} partitions end at their next chunk boundary", running.size());
            while (!running.isEmpty()) {
                Thread.sleep(100);
            }
            for (Thread taker : takers) {
                taker.join();
            }
        } finally {
            monitor.shutdownNow();
            factory.destroy();
        }
        return 0;
    }

    /**
     * Takes partitions from the queue one at a time, each as soon as this taker is free, until the worker stops, and
     * runs each it claims ({@link PartitionClaims#claim}). A partition claimed is run even when the broker failed afterwards (its
     * message not acknowledged): it holds this worker's lock and is recorded running, so that nobody else would.
     */
    private void take(RabbitTemplate template, Broker broker, Step step) {
        while (!stopping.get()) {
            AtomicReference<StepExecution> claimed = new AtomicReference<>();
            PartitionClaims.Taken taken;
            try {
                taken = template.execute(channel -> claims.claim(channel, broker, stopping::get, claimed::set));
            } catch (AmqpException e) {
                if (claimed.get() != null) {
                    run(step, claimed.get());
                    continue;
                }
                log.warn("cannot take a partition from queue {} at {}: {}; trying again", broker.queue(),
                        broker.where(), FailureMessages.of(e));
                pause(2000);
                continue;
            }
            if (taken == null) {
                pause(IDLE_POLL_MILLIS);
            } else if (taken.partition() != null) {
                run(step, taken.partition());
            } else if (taken.putBack()) {
                pause(PUT_BACK_PAUSE_MILLIS);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs a partition this worker claimed (it holds its lock), then releases its lock. */
    private void run(Step step, StepExecution partition) {
        long partitionId = partition.getId();
        try {
            MDC.put("execution", "e" + partition.getJobExecutionId());
            running.put(partitionId, partition);
            if (stopping.get()) {
                // claimed as the worker stops: it ends at once, as a partition the stop interrupted does
                interrupt(partition);
            }
            log.info("running partition {}", partition.getStepName());
            step.execute(partition);
            awaitTargetSteps(partition);
            if (partition.getStatus() == BatchStatus.UNKNOWN && !partition.getFailureExceptions().isEmpty()) {
                // its end could not be recorded
                List<Throwable> failures = partition.getFailureExceptions();
                failedUnrecorded(partition, failures.get(failures.size() - 1));
            }
            if (stoppedByThisWorker(partition) && !executionStopping(partition.getJobExecutionId())) {
                stoppedHere(partition);
            }
            log.info("partition {} ended {}", partition.getStepName(), partition.getStatus());
            if (log.isDebugEnabled()) {
                partition.getJobExecution().getStepExecutions().forEach(s -> log.debug("step {}: {}", s.getStepName(),
                        s.getStatus()));
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.error("partition {} failed: {}", partitionId, FailureMessages.of(e));
            failedUnrecorded(partition, e);
        } finally {
            running.remove(partitionId);
            lockLost.remove(partitionId);
            locks.release(partitionId);
            MDC.remove("execution");
        }
    }

    /**
     * Records FAILED, with why, a partition whose run could not record its own end: Spring Batch records a step's
     * start outside the step's error handling (the control database refused it, say, and the flow of its target had
     * not begun), and leaves a step whose end it could not record UNKNOWN. Its manager then says why, rather than
     * fail it as a dead worker's once its lock is released; if this record cannot be written either, the manager
     * does that.
     */
    private void failedUnrecorded(StepExecution partition, Throwable failure) {
        try {
            StepExecution recorded = jobRepository.getStepExecution(partition.getJobExecutionId(), partition.getId());
            // UNKNOWN: Spring Batch's record of a step whose end it could not save, which it would refuse to restart
            if (recorded == null || !recorded.getStatus().isRunning() && recorded.getStatus() != BatchStatus.UNKNOWN) {
                return;
            }
            String target = recorded.getExecutionContext().getString(TargetPartitionStep.TARGET,
                    recorded.getStepName());
            String what = TargetPartitionStep.describe(recorded);
            String reason = "the sealctl worker running " + what + " could not run it: " + FailureMessages.of(failure)
                    + "; a restart of the execution redoes it";
            TargetPartitionStep.close(jobRepository, recorded, BatchStatus.FAILED, reason);
            TargetPartitionStep.closeTargetSteps(jobRepository, recorded, BatchStatus.FAILED, reason);
            runs.targetFailed(TargetSteps.runId(recorded), target, reason, true);
            log.warn("{}: {}", what, reason);
        } catch (RuntimeException e) {
            log.error("cannot record partition {} failed: {}", partition.getId(), FailureMessages.of(e));
        }
    }

    /**
     * Waits until no step of the partition's target runs any more: a flow that is interrupted ends while the
     * lanes of its apply split finish their chunk in their own threads, and the partition must not be reported
     * ended (nor its lock released, nor this worker exit) before they have.
     */
    private void awaitTargetSteps(StepExecution partition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (jdbc.queryForList("select step_name from batch_step_execution where job_execution_id = ?"
                + " and status in ('STARTING', 'STARTED', 'STOPPING')", String.class, partition.getJobExecutionId())
                .stream().anyMatch(name -> TargetPartitionStep.runs(partition, name))) {
            if (System.nanoTime() > deadline) {
                log.warn("steps of {} still recorded running 10 minutes after its partition ended",
                        TargetPartitionStep.describe(partition));
                return;
            }
            Thread.sleep(100);
        }
    }

    /**
     * Whether a partition ended because this worker stopped it (SIGTERM, or its execution's process gone): STOPPED,
     * or FAILED by the interruption alone.
     */
    private boolean stoppedByThisWorker(StepExecution partition) {
        if (partition.getStatus() == BatchStatus.STOPPED) {
            return true;
        }
        if (partition.getStatus() != BatchStatus.FAILED || !(stopping.get() || lockLost.contains(partition.getId())
                || managerGone(partition.getJobExecutionId()))) {
            return false;
        }
        // the flow of a target whose step stopped may end FAILED: it was this worker's stop when every step of the
        // target that failed did so for the stop, none for a reason of its own
        return jdbc.queryForList("select step_name, exit_message from batch_step_execution where job_execution_id = ?"
                + " and status = 'FAILED'", partition.getJobExecutionId()).stream()
                .filter(step -> TargetPartitionStep.runs(partition, (String) step.get("step_name")))
                .allMatch(step -> FailureMessages.STOPPED.equals(
                        FailureMessages.ofTrace((String) step.get("exit_message"))));
    }

    private boolean managerGone(long executionId) {
        return PartitionClaims.managerGone(jdbc, executionId);
    }

    private boolean executionStopping(long executionId) {
        String status = jdbc.queryForObject("select status from batch_job_execution where job_execution_id = ?",
                String.class, executionId);
        return "STOPPING".equals(status) || "STOPPED".equals(status);
    }

    /**
     * A partition this worker stopped (SIGTERM, or its execution's process gone) while its execution was not asked
     * to stop: it fails, naming the target and why, so that the execution ends FAILED and a restart redoes the target
     * (a STOPPED partition would leave the execution to end as if the target had been done).
     */
    private void stoppedHere(StepExecution partition) {
        String target = partition.getExecutionContext().getString(TargetPartitionStep.TARGET, partition.getStepName());
        String what = TargetPartitionStep.describe(partition);
        long executionId = partition.getJobExecutionId();
        String reason = lockLost.contains(partition.getId())
                ? "the sealctl worker running " + what + " lost its partition lock (its connection to the control"
                        + " database broke), so it ended it at a chunk boundary; a restart of the execution redoes it"
                : stopping.get() || !managerGone(executionId)
                ? "the sealctl worker running " + what + " was stopped (SIGTERM) at a chunk boundary;"
                        + " a restart of the execution redoes it"
                : "the sealctl process that ran execution " + executionId + " is gone (killed or crashed), so the"
                        + " sealctl worker running " + what + " ended it at a chunk boundary; a restart of the"
                        + " execution redoes it";
        partition.setStatus(BatchStatus.FAILED);
        partition.setExitStatus(org.springframework.batch.core.ExitStatus.FAILED.addExitDescription(reason));
        jobRepository.update(partition);
        runs.targetFailed(TargetSteps.runId(partition), target, reason, true);
        log.warn("{}: {}", what, reason);
    }

    /** Ends, at their next chunk boundary, the partitions of executions asked to stop or whose manager is gone. */
    private void check() {
        try {
            for (long id : locks.lost()) {
                StepExecution partition = running.get(id);
                if (partition != null && lockLost.add(id)) {
                    log.warn("the lock of partition {} went with a broken connection to the control database: it"
                            + " ends at its next chunk boundary, and a restart of the execution redoes it",
                            partition.getStepName());
                    interrupt(partition);
                }
            }
            for (StepExecution partition : running.values()) {
                long id = partition.getJobExecutionId();
                if (executionStopping(id) || managerGone(id)) {
                    interrupt(partition);
                }
            }
        } catch (RuntimeException e) {
            log.debug("checking the running partitions: {}", e.getMessage());
        }
    }

    private void interrupt(StepExecution partition) {
        JobExecution execution = partition.getJobExecution();
        if (execution.getStatus().isLessThan(BatchStatus.STOPPING)) {
            execution.setStatus(BatchStatus.STOPPING);
        }
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getStatus().isRunning()) {
                step.setTerminateOnly();
            }
        }
        partition.setTerminateOnly();
        statements.cancel(execution.getId());
    }
}
