package org.sealing.schedule;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import org.sealing.SealingProperties;
import org.sealing.job.ExecutionHistory;
import org.sealing.ledger.RunFigures;
import org.sealing.ledger.TargetFigures;
import org.sealing.ledger.TargetFiguresQuery;
import org.sealing.ledger.Verdict;
import org.sealing.support.ConfigurationException;

/**
 * The health endpoint ({@code /health}) and Prometheus metrics ({@code /metrics}) of a {@code serve}
 * process, on loopback by default. Every figure is read from the control database when it is
 * scraped; the rows of a run come from the one query {@code status} and the workbook read too
 * ({@link TargetFiguresQuery}), so the three never disagree.
 */
@Component
public class MetricsServer {

    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);

    private final JdbcTemplate jdbc;
    private final SealingProperties properties;
    private final Scheduler scheduler;
    private final ExecutionHistory history;
    private final TargetFiguresQuery targets;
    private final RunFigures figures;
    private final double[] run = new double[4];
    /** The meters, made at the first scrape: only {@code serve} has any, and they cost 0.2 s of every start. */
    private Meters meters;
    private HttpServer server;

    public MetricsServer(JdbcTemplate jdbc, SealingProperties properties, Scheduler scheduler,
            ExecutionHistory history, TargetFiguresQuery targets, RunFigures figures) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.scheduler = scheduler;
        this.history = history;
        this.targets = targets;
        this.figures = figures;
    }

    /** The registry and the gauges that a scrape fills. */
    private record Meters(PrometheusMeterRegistry registry, MultiGauge planned, MultiGauge changed,
            MultiGauge residual, MultiGauge verdict) {
    }

    private synchronized Meters meters() {
        if (meters != null) {
            return meters;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MultiGauge planned = MultiGauge.builder("sealing.rows.planned").description("rows of sealed cases the latest run planned"
                + " to change, per target").register(registry);
        MultiGauge changed = MultiGauge.builder("sealing.rows.changed").description("rows the latest run purged or masked, per"
                + " target").register(registry);
        MultiGauge residual = MultiGauge.builder("sealing.residual.rows").description("rows verification still found, per target")
                .register(registry);
        MultiGauge verdict = MultiGauge.builder("sealing.last.verdict").description("1 for the verdict of the latest run")
                .register(registry);
        Gauge.builder("sealing.run.duration.seconds", run, r -> r[0]).description("duration of the latest run")
                .register(registry);
        Gauge.builder("sealing.last.success.timestamp.seconds", run, r -> r[1])
                .description("end of the latest compliant run, in seconds since 1970").register(registry);
        Gauge.builder("sealing.executions.running", run, r -> r[2]).description("executions a live process runs now")
                .register(registry);
        Gauge.builder("sealing.executions.dead", run, r -> r[3]).description("executions whose process died while"
                + " running them (DEAD in status), not yet restarted").register(registry);
        meters = new Meters(registry, planned, changed, residual, verdict);
        return meters;
    }

    /**
     * Starts the endpoint; returns its base URL, or null when it is switched off (port 0). A port
     * that is taken or an address this host does not have is a setting to fix, named as such.
     */
    public String start() throws IOException {
        int port = properties.serve().port();
        String address = properties.serve().address();
        if (port < 0 || port > 65535) {
            throw new ConfigurationException("SEALING_SERVE_PORT must be a port number 1-65535 (or 0 to switch the health"
                    + " and metrics endpoint off), not " + port);
        }
        if (port == 0) {
            return null;
        }
        meters();
        InetAddress host;
        try {
            host = InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new ConfigurationException("SEALING_SERVE_ADDRESS '" + address + "' is not an address of this host;"
                    + " the health and metrics endpoint needs one (default 127.0.0.1)");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (BindException e) {
            throw new ConfigurationException("cannot serve health and metrics on " + address + ":" + port + ": "
                    + ("Address already in use".equals(e.getMessage()) || e.getMessage() == null
                            ? "the port is already in use (another sealctl serve on this host?)"
                            : e.getMessage())
                    + "; set SEALING_SERVE_PORT to a free port (0 switches the endpoint off) or SEALING_SERVE_ADDRESS"
                    + " to another address");
        }
        server.createContext("/metrics", this::metrics);
        server.createContext("/health", this::health);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "metrics");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        String url = "http://" + properties.serve().address() + ":" + server.getAddress().getPort();
        log.info("serve: health at {}/health, metrics at {}/metrics", url, url);
        return url;
    }

    public void stop() {
        if (server != null) {
            server.stop(1);
            server = null;
        }
    }

    /** The metrics as Prometheus reads them, freshly from the control database. */
    public String scrape() {
        Meters m = meters();
        synchronized (m.registry()) {
            refresh(m);
            return m.registry().scrape();
        }
    }

    private void metrics(HttpExchange exchange) throws IOException {
        try {
            respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", scrape());
        } catch (RuntimeException e) {
            respond(exchange, 503, "text/plain; charset=utf-8", "cannot read the control database: "
                    + e.getMessage() + "\n");
        }
    }

    private void health(HttpExchange exchange) throws IOException {
        String database;
        try {
            jdbc.queryForObject("select 1", Integer.class);
            database = "UP";
        } catch (RuntimeException e) {
            database = "DOWN";
        }
        String schedulerState;
        try {
            schedulerState = scheduler.isShutdown() ? "SHUTDOWN" : scheduler.isInStandbyMode() ? "STANDBY" : "STARTED";
        } catch (SchedulerException e) {
            schedulerState = "UNKNOWN";
        }
        boolean up = database.equals("UP") && schedulerState.equals("STARTED");
        respond(exchange, up ? 200 : 503, "application/json", "{\"status\":\"" + (up ? "UP" : "DOWN")
                + "\",\"controlDatabase\":\"" + database + "\",\"scheduler\":\"" + schedulerState + "\"}\n");
    }

    /** Reads the figures of the latest remediation run, as status shows them. */
    private void refresh(Meters m) {
        Long runId = jdbc.queryForObject("select max(run_id) from remediation_run where not dry_run", Long.class);
        List<MultiGauge.Row<?>> plannedRows = new ArrayList<>();
        List<MultiGauge.Row<?>> changedRows = new ArrayList<>();
        List<MultiGauge.Row<?>> residualRows = new ArrayList<>();
        for (TargetFigures t : runId == null ? List.<TargetFigures>of() : targets.of(runId)) {
            Tags tags = Tags.of("target", t.target());
            plannedRows.add(MultiGauge.Row.of(tags, t.rows().matched()));
            changedRows.add(MultiGauge.Row.of(tags, t.rows().changed()));
            if (t.residual() != null) {
                residualRows.add(MultiGauge.Row.of(tags, t.residual()));
            }
        }
        m.planned().register(plannedRows, true);
        m.changed().register(changedRows, true);
        m.residual().register(residualRows, true);
        List<MultiGauge.Row<?>> verdictRows = new ArrayList<>();
        Verdict last = runId == null ? null : figures.recordedVerdict(runId);
        for (Verdict v : List.of(Verdict.COMPLIANT, Verdict.NOT_COMPLIANT)) {
            verdictRows.add(MultiGauge.Row.of(Tags.of("verdict", v.name()), v == last ? 1 : 0));
        }
        m.verdict().register(verdictRows, true);
        run[0] = runId == null ? 0 : jdbc.queryForObject("""
                select coalesce(extract(epoch from max(e.end_time) - min(e.start_time)), 0)
                from batch_job_execution e where e.job_instance_id = ?
                """, Double.class, runId);
        Timestamp success = jdbc.queryForObject("""
                select max(e.end_time) from batch_job_execution e join remediation_run r on r.run_id = e.job_instance_id
                where r.verdict = 'COMPLIANT' and e.status = 'COMPLETED'
                """, Timestamp.class);
        run[1] = success == null ? 0 : success.getTime() / 1000.0;
        // the repository says STARTED for an execution whose process died; only the lock says who runs
        ExecutionHistory.Liveness liveness = history.liveness();
        run[2] = liveness.running();
        run[3] = liveness.dead();
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
