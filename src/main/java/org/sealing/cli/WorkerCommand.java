package org.sealing.cli;

import org.sealing.run.PartitionWorker;
import picocli.CommandLine.Command;

/** {@code sealctl worker}: runs partitions of remediation runs sent over RabbitMQ, until SIGTERM. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Runs partitions (one target each) of the remediation runs of any node sharing this control"
            + " database, taken from the RabbitMQ queue SEALING_BROKER_QUEUE (default sealing.partitions) of the"
            + " broker SEALING_BROKER_URL (amqp://user:password@host:port/vhost), until SIGTERM.",
            "On SIGTERM the partitions it runs stop at their next chunk boundary (restartable) and the process exits"
            + " 0; a second signal exits at once. An unreachable broker is exit 2."})
class WorkerCommand extends ContextCommand {

    WorkerCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() throws Exception {
        return context.bean(PartitionWorker.class).work();
    }
}
