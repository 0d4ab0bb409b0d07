package org.sealing.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.task.TaskRejectedException;

/**
 * Runs a partitioned step's partitions in this process, in their order (the longest target first), at most
 * {@code parallel} at once and at most {@code perTarget} of one target at once: a partition whose target has as
 * many at work already waits, and the next one of another target starts in its place, so that no thread sits
 * idle behind a busy target while another target has work (the apply step's ranges of one large target, say).
 * With fewer targets than {@code parallel}, a target's ranges use the free places, up to {@code perTarget}.
 */
final class OrderedPartitionHandler extends TaskExecutorPartitionHandler {

    private final int parallel;
    private final int perTarget;
    private org.springframework.core.task.TaskExecutor executor;

    OrderedPartitionHandler(int parallel, int perTarget) {
        this.parallel = parallel;
        this.perTarget = perTarget;
    }

    @Override
    public void setTaskExecutor(org.springframework.core.task.TaskExecutor taskExecutor) {
        super.setTaskExecutor(taskExecutor);
        this.executor = taskExecutor;
    }

    @Override
    protected Set<StepExecution> doHandle(StepExecution manager, Set<StepExecution> partitions) throws Exception {
        List<StepExecution> waiting = new ArrayList<>(partitions);
        waiting.sort(Comparator.comparingInt(
                (StepExecution p) -> p.getExecutionContext().getInt(TargetPartitionStep.ORDER, 0)));
        LinkedBlockingQueue<StepExecution> ended = new LinkedBlockingQueue<>();
        Map<String, Integer> atWork = new HashMap<>();
        List<FutureTask<StepExecution>> tasks = new ArrayList<>();
        Set<StepExecution> result = new HashSet<>();
        int running = 0;
        while (!waiting.isEmpty()) {
            for (Iterator<StepExecution> it = waiting.iterator(); it.hasNext() && running < parallel;) {
                StepExecution partition = it.next();
                String target = targetOf(partition);
                if (atWork.getOrDefault(target, 0) >= perTarget) {
                    continue;
                }
                it.remove();
                FutureTask<StepExecution> task = new FutureTask<>(() -> {
                    getStep().execute(partition);
                    return partition;
                }) {
                    @Override
                    protected void done() {
                        // ended, whichever way: its place and its target's lane are free
                        ended.add(partition);
                    }
                };
                try {
                    executor.execute(task);
                } catch (TaskRejectedException e) {
                    partition.setStatus(BatchStatus.FAILED);
                    partition.setExitStatus(ExitStatus.FAILED.addExitDescription(
                            "TaskExecutor rejected the task for this step."));
                    result.add(partition);
                    continue;
                }
                tasks.add(task);
                atWork.merge(target, 1, Integer::sum);
                running++;
            }
            if (waiting.isEmpty()) {
                break;
            }
            // every place taken, or every waiting partition's target busy: wait for one to end
            StepExecution done = ended.take();
            atWork.merge(targetOf(done), -1, Integer::sum);
            running--;
        }
        // every partition has ended before the step does, even when one failed outside its own records (a step
        // that ended while others still applied would let the job go on to verify and release its lock under them)
        java.util.concurrent.ExecutionException failed = null;
        for (FutureTask<StepExecution> task : tasks) {
            try {
                result.add(task.get());
            } catch (java.util.concurrent.ExecutionException e) {
                if (failed == null) {
                    failed = e;
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
        return result;
    }

    private static String targetOf(StepExecution partition) {
        return partition.getExecutionContext().getString(TargetPartitionStep.TARGET, partition.getStepName());
    }
}
