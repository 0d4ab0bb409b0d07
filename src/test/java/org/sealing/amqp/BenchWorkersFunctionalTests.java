package org.sealing.amqp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sealctl bench --workers N}: the product's partitions taken by worker processes over the local
 * RabbitMQ, the product's result checked by the benchmark as always (every sealed row changed, nothing left,
 * one audit row each). No time is asserted.
 */
@ExtendWith(OutputCaptureExtension.class)
class BenchWorkersFunctionalTests extends FunctionalTestSupport {

    @Test
    void theChainWorldsPartitionsAreTakenByTwoWorkers(CapturedOutput logs) {
        TestRabbitMq.assumeAvailable();
        System.setProperty("sealing.broker.url", TestRabbitMq.URL);
        CliResult bench;
        try {
            bench = sealctl("bench", "--world", "chain", "--rows", "4000", "--contenders", "product", "--workers", "2",
                    "--json");
        } finally {
            System.clearProperty("sealing.broker.url");
        }

        assertThat(bench.exitCode()).as(bench.out() + bench.err()).isZero();
        JsonOutput result = JsonOutput.of(bench.out());
        result.has("world", "chain", "targets", 3, "workers", 2);
        assertThat(result.object("product").decimal("seconds")).isPositive();
        // one partition per target, all taken by the workers: the product ran none in its own process
        assertThat(logs.getAll()).contains("bench: 2 workers take the product's partitions",
                "bench: the workers ran 3 partitions",
                "product checked: " + (long) result.decimal("matched") + " rows changed, none left");
    }

    @Test
    void workersNeedABroker() {
        CliResult bench = sealctl("bench", "--rows", "4000", "--contenders", "product", "--workers", "1");

        assertThat(bench.exitCode()).isEqualTo(2);
        assertThat(bench.err()).contains("--workers sends the product's partitions over RabbitMQ: set SEALING_BROKER_URL");
    }
}
