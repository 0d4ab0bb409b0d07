package org.sealing.run;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.test.MetaDataInstanceFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The in-process partition handler: at most so many partitions at once, at most so many of one target, and a
 * partition whose target is busy never holds a place another target's partition could use.
 */
class OrderedPartitionHandlerTests {

    private final JobExecution job = MetaDataInstanceFactory.createJobExecution();
    private final AtomicInteger ids = new AtomicInteger(100);
    private final AtomicInteger atWork = new AtomicInteger();
    private final AtomicInteger mostAtWork = new AtomicInteger();
    private final Map<String, AtomicInteger> targetAtWork = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> mostOfTarget = new ConcurrentHashMap<>();
    private final List<String> started = new CopyOnWriteArrayList<>();

    @Test
    void oneTargetsRangesTakeTheFreePlacesUpToItsLanes() throws Exception {
        // four ranges of one target, four places, two lanes: two pairs side by side, never three at once
        CyclicBarrier pair = new CyclicBarrier(2);
        Set<StepExecution> partitions = partitions("flat", "flat", "flat", "flat");

        // each holds its place a while after meeting its pair, so that a third admitted beside them would be seen
        Set<StepExecution> ended = handle(4, 2, partitions, name -> {
            await(pair);
            sleep(150);
        });

        assertThat(ended).hasSize(4).allMatch(p -> p.getStatus() == BatchStatus.COMPLETED);
        assertThat(mostOfTarget.get("flat")).hasValue(2);
        assertThat(mostAtWork).hasValue(2);
    }

    @Test
    void aRangeWhoseTargetIsBusyLetsTheNextTargetsRangeStartInItsPlace() throws Exception {
        // in order: two of a, then one of b; two places, one lane each: a's second waits, b starts beside a's first
        CyclicBarrier aAndB = new CyclicBarrier(2);
        Set<StepExecution> partitions = partitions("a", "a", "b");

        Set<StepExecution> ended = handle(2, 1, partitions, name -> {
            if (!name.equals("a#1")) {
                await(aAndB);
            }
        });

        assertThat(ended).hasSize(3).allMatch(p -> p.getStatus() == BatchStatus.COMPLETED);
        assertThat(started.subList(0, 2)).as("the first two started").containsExactlyInAnyOrder("a#0", "b#2");
        assertThat(started.get(2)).as("started once a's first had ended").isEqualTo("a#1");
        assertThat(mostOfTarget.get("a")).hasValue(1);
    }

    @Test
    void neverMorePartitionsAtOnceThanItsPlaces() throws Exception {
        Set<StepExecution> partitions = partitions("a", "b", "c", "a", "b", "c", "d", "d");

        Set<StepExecution> ended = handle(3, 2, partitions, name -> sleep(100));

        assertThat(ended).hasSize(8);
        assertThat(mostAtWork.get()).isBetween(1, 3);
        assertThat(mostOfTarget.values()).allMatch(most -> most.get() <= 2);
        assertThat(started).as("every partition ran once").hasSize(8).doesNotHaveDuplicates();
    }

    @Test
    void aPartitionThatFailsOutsideItsRecordsFailsTheStepOnlyOnceEveryOtherHasEnded() throws Exception {
        Set<StepExecution> partitions = partitions("a", "b", "c");
        List<String> endedInTime = new CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> handle(2, 1, partitions, name -> {
            if (name.equals("a#0")) {
                throw new IllegalStateException("the job repository could not be reached");
            }
            sleep(300);
            endedInTime.add(name);
        })).isInstanceOf(ExecutionException.class).hasStackTraceContaining("the job repository could not be reached");

        assertThat(started).as("the others still started").containsExactlyInAnyOrder("a#0", "b#1", "c#2");
        assertThat(endedInTime).as("ended before the step failed").containsExactlyInAnyOrder("b#1", "c#2");
        assertThat(atWork).as("nothing still at work").hasValue(0);
    }

    private Set<StepExecution> handle(int parallel, int perTarget, Set<StepExecution> partitions, Work work)
            throws Exception {
        OrderedPartitionHandler handler = new OrderedPartitionHandler(parallel, perTarget);
        handler.setTaskExecutor(new SimpleAsyncTaskExecutor("test-"));
        handler.setStep(partition -> {
            String target = partition.getExecutionContext().getString(TargetPartitionStep.TARGET);
            String name = target + "#" + partition.getExecutionContext().getInt(TargetPartitionStep.ORDER);
            started.add(name);
            int all = atWork.incrementAndGet();
            mostAtWork.accumulateAndGet(all, Math::max);
            int ofTarget = targetAtWork.computeIfAbsent(target, t -> new AtomicInteger()).incrementAndGet();
            mostOfTarget.computeIfAbsent(target, t -> new AtomicInteger()).accumulateAndGet(ofTarget, Math::max);
            try {
                work.on(name);
                partition.setStatus(BatchStatus.COMPLETED);
            } catch (Exception e) {
                throw new IllegalStateException(name + ": " + e, e);
            } finally {
                targetAtWork.get(target).decrementAndGet();
                atWork.decrementAndGet();
            }
        });
        StepExecution manager = MetaDataInstanceFactory.createStepExecution(job, "apply", 1L);
        return handler.doHandle(manager, partitions);
    }

    /** Partitions of these targets, in this order (shuffled as a set would be: the handler orders them). */
    private Set<StepExecution> partitions(String... targets) {
        List<StepExecution> list = new ArrayList<>();
        for (int i = 0; i < targets.length; i++) {
            StepExecution p = MetaDataInstanceFactory.createStepExecution(job, "apply:" + targets[i] + "#" + i,
                    (long) ids.incrementAndGet());
            p.getExecutionContext().putString(TargetPartitionStep.TARGET, targets[i]);
            p.getExecutionContext().putInt(TargetPartitionStep.ORDER, i);
            list.add(p);
        }
        java.util.Collections.reverse(list);
        return new LinkedHashSet<>(list);
    }

    private interface Work {
        void on(String name) throws Exception;
    }

    /** Waits for the other party; fails the partition when it never comes (the handler kept them apart). */
    private static void await(CyclicBarrier barrier) throws Exception {
        barrier.await(10, TimeUnit.SECONDS);
    }

    private static void sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }
}
