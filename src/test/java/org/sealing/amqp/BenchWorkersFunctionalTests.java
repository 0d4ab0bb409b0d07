package org.sealing.amqp;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        // each target's plan, apply ranges and verification, all taken by the workers, both of which took some
        assertThat(logs.getAll()).contains("bench: 2 workers take the product's partitions",
                "product checked: " + (long) result.decimal("matched") + " rows changed, none left");
        Matcher ran = Pattern.compile("bench: the workers ran (\\d+) partitions: \\[(\\d+), (\\d+)\\]")
                .matcher(logs.getAll());
        assertThat(ran.find()).as(logs.getAll()).isTrue();
        int all = Integer.parseInt(ran.group(1));
        assertThat(all).isGreaterThanOrEqualTo(3 * 3)
                .isEqualTo(Integer.parseInt(ran.group(2)) + Integer.parseInt(ran.group(3)));
        assertThat(Integer.parseInt(ran.group(2))).isPositive();
        assertThat(Integer.parseInt(ran.group(3))).isPositive();
    }

    @Test
    void workersNeedABroker() {
        CliResult bench = sealctl("bench", "--rows", "4000", "--contenders", "product", "--workers", "1");

        assertThat(bench.exitCode()).isEqualTo(2);
        assertThat(bench.err()).contains("--workers sends the product's partitions over RabbitMQ: set SEALING_BROKER_URL");
    }
}
