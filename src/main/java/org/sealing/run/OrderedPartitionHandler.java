package org.sealing.run;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.step.StepExecution;

/** Starts a partitioned step's partitions in their order (the longest target first) rather than in a set's. */
final class OrderedPartitionHandler extends TaskExecutorPartitionHandler {

    @Override
    protected Set<StepExecution> doHandle(StepExecution manager, Set<StepExecution> partitions) throws Exception {
        Set<StepExecution> ordered = new LinkedHashSet<>();
        partitions.stream().sorted(Comparator.comparingInt(
                (StepExecution p) -> p.getExecutionContext().getInt(TargetPartitionStep.ORDER, 0)))
                .forEach(ordered::add);
        return super.doHandle(manager, ordered);
    }
}
