package org.sealing.run;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
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
import org.sealing.job.ExecutionLocks;
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
 * as it takes it, so that the broker never hands a partition a worker started to another one; the worker
 * holds the partition's lock ({@link PartitionLocks}) while it runs it, which is how the manager tells a dead
 * worker's partition. It runs only a partition that is still waiting (a restart's partitions are new ones).
 * Every two seconds it reads whether the executions it works for were asked to stop (or lost their manager):
 * their partitions then end at their next chunk boundary, STOPPED, as on SIGTERM.
 */
@Component
public class PartitionWorker {

    private static final Logger log = LoggerFactory.getLogger(PartitionWorker.class);

    private final Environment env;
    private final JobRepository jobRepository;
    private final TargetPartitions partitions;
    private final PartitionLocks locks;
    private final RunningStatements statements;
    private final JdbcTemplate jdbc;
    private final GracefulStop stop;
    private final SealingProperties properties;
    private final RunRecords runs;
    private final Map<Long, StepExecution> running = new ConcurrentHashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();

    PartitionWorker(Environment env, JobRepository jobRepository, TargetPartitions partitions, PartitionLocks locks,
            RunningStatements statements, JdbcTemplate jdbc, GracefulStop stop, SealingProperties properties,
            RunRecords runs) {
        this.env = env;
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
     * Takes partitions from the queue one at a time, each as soon as this taker is free, until the worker stops:
     * a message is acknowledged as it is taken, so the broker never hands a partition a worker started to another
     * one; one taken just as the worker stops is put back on the queue for another worker.
     */
    private void take(RabbitTemplate template, Broker broker, Step step) {
        while (!stopping.get()) {
            Message message;
            try {
                message = template.receive(broker.queue(), 1000);
            } catch (AmqpException e) {
                log.warn("cannot take a partition from queue {} at {}: {}; trying again", broker.queue(),
                        broker.where(), FailureMessages.of(e));
                pause(2000);
                continue;
            }
            if (message == null) {
                continue;
            }
            String body = new String(message.getBody(), StandardCharsets.US_ASCII).strip();
            if (stopping.get()) {
                template.send("", broker.queue(), message);
                return;
            }
            try {
                run(step, Long.parseLong(body));
            } catch (NumberFormatException e) {
                log.warn("ignored a message of queue {} that names no partition", broker.queue());
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

    /** Runs one partition, if it is still waiting for a worker and no other process runs it. */
    private void run(Step step, long partitionId) {
        if (!locks.hold(partitionId)) {
            return;
        }
        try {
            StepExecution partition = jobRepository.getStepExecution(partitionId);
            if (partition == null || partition.getStatus() != BatchStatus.STARTING
                    || partition.getJobExecution().getStatus() != BatchStatus.STARTED) {
                // ended by its manager (stopped, or not picked up in time), or its execution is stopping
                log.info("partition {} is no longer waiting; skipped", partitionId);
                return;
            }
            if (managerGone(partition.getJobExecutionId())) {
                // its manager died after sending it: the restart of the execution sends its partitions anew
                log.info("partition {} skipped: the process that ran execution {} is gone", partitionId,
                        partition.getJobExecutionId());
                return;
            }
            MDC.put("execution", "e" + partition.getJobExecutionId());
            running.put(partitionId, partition);
            if (stopping.get()) {
                return;
            }
            log.info("running partition {}", partition.getStepName());
            step.execute(partition);
            awaitTargetSteps(partition);
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
        } finally {
            running.remove(partitionId);
            locks.release(partitionId);
            MDC.remove("execution");
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
        if (partition.getStatus() != BatchStatus.FAILED
                || !(stopping.get() || managerGone(partition.getJobExecutionId()))) {
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

    /** Whether the process that ran an execution (its manager) is gone: nobody holds the execution's lock. */
    private boolean managerGone(long executionId) {
        return !ExecutionLocks.isExecutionLockHeld(jdbc, executionId);
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
        String reason = stopping.get() || !managerGone(executionId)
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
