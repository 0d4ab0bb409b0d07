package org.sealing.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * The {@code sealctl worker} processes of a benchmark run with {@code --workers N}: started, each with the
 * product's settings, before the product's run, and ready (taking partitions from the run's own queue)
 * before its clock starts, as long-running workers of a deployment are; stopped by SIGTERM after it.
 */
final class BenchWorkers implements AutoCloseable {

    /** How long a worker may take to start (its JVM and context) before the benchmark gives up. */
    private static final long READY_SECONDS = 180;
    private static final String READY = "worker taking partitions from queue";
    // its lines are the benchmark's
    private static final Logger log = LoggerFactory.getLogger(Benchmark.class);

    private final List<Process> processes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private final Map<String, String> settings;

    private BenchWorkers(Map<String, String> settings) {
        this.settings = settings;
    }

    /** Starts {@code count} workers (none for 0) and waits until each takes partitions. */
    static BenchWorkers start(int count, Path workDir, Map<String, String> settings, String name)
            throws IOException, InterruptedException {
        BenchWorkers workers = new BenchWorkers(count > 0 ? settings : null);
        try {
            List<Path> logs = workers.logs;
            for (int i = 1; i <= count; i++) {
                Path err = workDir.resolve(name + "-worker-" + i + ".err");
                ProcessBuilder builder = new ProcessBuilder(ProductProcess.command(List.of("worker")))
                        .directory(workDir.toFile()).redirectOutput(workDir.resolve(name + "-worker-" + i + ".out")
                                .toFile()).redirectError(err.toFile());
                ProductProcess.environment(builder.environment(), settings);
                workers.processes.add(builder.start());
                logs.add(err);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
            for (int i = 0; i < count; i++) {
                while (!ready(logs.get(i))) {
                    Process p = workers.processes.get(i);
                    if (!p.isAlive()) {
                        throw new IllegalStateException("bench: worker " + (i + 1) + " exited with " + p.exitValue()
                                + " before it took partitions: " + ProductContender.tail(logs.get(i)));
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("bench: worker " + (i + 1) + " took no partitions within "
                                + READY_SECONDS + " s: " + ProductContender.tail(logs.get(i)));
                    }
                    Thread.sleep(100);
                }
            }
            if (count > 0) {
                log.info("bench: {} workers take the product's partitions", count);
            }
            return workers;
        } catch (IOException | InterruptedException | RuntimeException e) {
            workers.close();
            throw e;
        }
    }

    private static boolean ready(Path err) throws IOException {
        return Files.exists(err) && Files.readString(err).contains(READY);
    }

    /**
     * Stops the workers (SIGTERM, then, after a minute, at once), logs how many partitions each ran, and deletes
     * the benchmark's queue.
     */
    @Override
    public void close() {
        processes.forEach(Process::destroy);
        for (Process p : processes) {
            try {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (!logs.isEmpty()) {
            List<Long> ran = new ArrayList<>();
            for (Path err : logs) {
                try {
                    ran.add(Files.readAllLines(err).stream().filter(l -> l.contains("running partition ")).count());
                } catch (IOException e) {
                    ran.add(-1L);
                }
            }
            log.info("bench: the workers ran {} partitions: {}", ran.stream().mapToLong(Long::longValue).sum(), ran);
        }
        if (settings != null) {
            CachingConnectionFactory broker = new CachingConnectionFactory(URI.create(settings.get("SEALING_BROKER_URL")));
            try {
                new RabbitAdmin(broker).deleteQueue(settings.get("SEALING_BROKER_QUEUE"));
            } catch (RuntimeException e) {
                log.warn("bench: the queue {} is left on the broker: {}", settings.get("SEALING_BROKER_QUEUE"),
                        e.getClass().getSimpleName());
            } finally {
                broker.destroy();
            }
        }
    }
}
