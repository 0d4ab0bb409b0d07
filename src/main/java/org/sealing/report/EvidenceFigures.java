package org.sealing.report;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import org.sealing.ledger.LedgerChain;
import org.sealing.ledger.LedgerEntry;
import org.sealing.ledger.RunFigures;
import org.sealing.ledger.TargetFigures;
import org.sealing.ledger.TargetFiguresQuery;

/**
 * The figures of an execution, fixed once (table {@code evidence_figures}): by its report step as it
 * ends, or, for an execution that ended without one (killed, or run before this version), by the first
 * {@code sealctl report} of it. They are computed from the one query of the run's figures and the
 * register as they stand at that moment, and never again.
 */
@Component
class EvidenceFigures {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EvidenceFigures.class);

    /** Made at its first use: a command that reads no figures starts without Jackson (500 classes). */
    private static final class Json {
        static final JsonMapper MAPPER = JsonMapper.builder().build();
    }

    private final JdbcTemplate jdbc;
    private final TargetFiguresQuery targets;
    private final RegisterQueries register;
    private final SpotChecker spotChecker;
    private final RecordedTargets recorded;
    private final LedgerChain chain;
    private final TransactionTemplate transaction;

    EvidenceFigures(JdbcTemplate jdbc, TargetFiguresQuery targets, RegisterQueries register, SpotChecker spotChecker,
            RecordedTargets recorded, LedgerChain chain, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.targets = targets;
        this.register = register;
        this.spotChecker = spotChecker;
        this.recorded = recorded;
        this.chain = chain;
        this.transaction = new TransactionTemplate(transactions);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
    }

    /** The fixed figures of an execution, fixing them now when they never were. */
    FrozenFigures of(WorkbookReader.Execution e) {
        FrozenFigures known = read(e.executionId());
        return known != null ? known : transaction.execute(status -> freeze(e));
    }

    /**
     * Fixes the figures of an execution, in the caller's transaction (the report step's), unless they were
     * fixed already (a step run again after a crash keeps the first).
     */
    FrozenFigures freeze(WorkbookReader.Execution e) {
        FrozenFigures known = read(e.executionId());
        if (known != null) {
            return known;
        }
        long began = System.nanoTime();
        jdbc.queryForObject(AuditRows.MEMORY, String.class);
        long runId = e.runId();
        Map<String, Object> run = jdbc.queryForMap("select job, dry_run, as_of, config_fingerprint, created_at"
                + " from remediation_run where run_id = ?", runId);
        LocalDate asOf = ((java.sql.Date) run.get("as_of")).toLocalDate();
        boolean dryRun = Boolean.TRUE.equals(run.get("dry_run"));
        // the sample is drawn and re-read in the targets while the run's and the register's figures are summed
        CompletableFuture<Long> changed = new CompletableFuture<>();
        CompletableFuture<FrozenFigures.SpotChecks> sampled = CompletableFuture.supplyAsync(
                () -> spotChecker.check(runId, !dryRun, changed::join), task -> {
                    Thread thread = new Thread(task, "spot-checks-e" + e.executionId());
                    thread.setDaemon(true);
                    thread.start();
                });
        List<TargetFigures> figures;
        RunFigures.Figures totals;
        try {
            figures = targets.of(runId);
            totals = RunFigures.Figures.of(runId, dryRun, figures);
            changed.complete(dryRun ? 0 : totals.changed());
        } catch (RuntimeException ex) {
            changed.completeExceptionally(ex);
            throw ex;
        }
        LedgerEntry.Head head = chain.head();
        FrozenFigures.Register reg = register.register(runId, asOf);
        List<Long> imports = register.imports(runId);
        long[] feed = {reg.accepted() + reg.updated(), reg.rejected()};
        Instant previous = jdbc.query("select max(created_at) from remediation_run where run_id < ?",
                rs -> rs.next() && rs.getTimestamp(1) != null ? rs.getTimestamp(1).toInstant() : null, runId);
        Instant created = ((Timestamp) run.get("created_at")).toInstant();
        List<FrozenFigures.TrendPoint> trend = trend(runId);
        if (!dryRun) {
            trend.add(new FrozenFigures.TrendPoint(runId, (String) run.get("job"), created, totals.matched(),
                    totals.changed(), totals.residual(), totals.verdict().name()));
        }
        long activeCases = register.activeCases(asOf);
        Map<String, Instant> verifiedAt = verifiedAt(runId);
        Map<String, String> holds = holds(runId);
        List<FrozenFigures.UnsealedOrder> unsealed = register.unsealed(runId);
        List<FrozenFigures.HashedFile> feeds = feeds(imports);
        List<FrozenFigures.HashedFile> definitions = recorded.definitionHashes(runId);
        FrozenFigures.HashedFile policy = recorded.policyHash(runId);
        FrozenFigures.SpotChecks checks = sampled.join();
        FrozenFigures frozen = new FrozenFigures(e.executionId(), runId, (String) run.get("job"), dryRun,
                Instant.now(), asOf, (String) run.get("config_fingerprint"), previous, activeCases, feed[0], feed[1],
                head.seq(), head.hash(), figures, verifiedAt, holds, reg, unsealed, checks, trend, feeds, definitions,
                policy);
        jdbc.update("""
                insert into evidence_figures (execution_id, run_id, frozen_at, matched, remediated, residual, verdict,
                                              chain_seq, chain_head, figures)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                on conflict (execution_id) do nothing
                """, e.executionId(), runId, Timestamp.from(frozen.frozenAt()), totals.matched(), totals.changed(),
                totals.residual(), totals.verdict().name(), head.seq(), head.hash(), Json.MAPPER.writeValueAsString(frozen));
        log.info("figures of execution {} fixed in {} s (spot checks: {} of {} passed)", e.executionId(),
                Math.round((System.nanoTime() - began) / 1e7) / 100.0, checks.passed(), checks.checks().size());
        return read(e.executionId());
    }

    /** The figures fixed for an execution, or null. */
    FrozenFigures read(long executionId) {
        List<String> json = jdbc.queryForList("select figures::text from evidence_figures where execution_id = ?",
                String.class, executionId);
        return json.isEmpty() ? null : Json.MAPPER.readValue(json.get(0), FrozenFigures.class);
    }

    /**
     * Every earlier run that changed targets, by the figures fixed at its end (the last execution's), or,
     * for a run that has none (run before this version), by its figures now.
     */
    private List<FrozenFigures.TrendPoint> trend(long runId) {
        List<FrozenFigures.TrendPoint> points = new ArrayList<>();
        jdbc.query("""
                select r.run_id, r.job, r.created_at, f.matched, f.remediated, f.residual, coalesce(f.verdict, r.verdict),
                       f.execution_id is not null
                from remediation_run r
                left join lateral (select * from evidence_figures x where x.run_id = r.run_id
                                   order by x.execution_id desc limit 1) f on true
                where r.run_id < ? and not r.dry_run
                order by r.run_id
                """, rs -> {
                    long id = rs.getLong(1);
                    Instant created = rs.getTimestamp(3).toInstant();
                    if (rs.getBoolean(8)) {
                        points.add(new FrozenFigures.TrendPoint(id, rs.getString(2), created, rs.getLong(4),
                                rs.getLong(5), rs.getObject(6, Long.class), rs.getString(7)));
                    } else {
                        RunFigures.Figures f = RunFigures.Figures.of(id, false, targets.of(id));
                        points.add(new FrozenFigures.TrendPoint(id, rs.getString(2), created, f.matched(), f.changed(),
                                f.residual(), rs.getString(7)));
                    }
                }, runId);
        return points;
    }

    private Map<String, Instant> verifiedAt(long runId) {
        Map<String, Instant> at = new java.util.TreeMap<>();
        jdbc.query("select target, verified_at from run_target where run_id = ? and verified_at is not null",
                rs -> {
                    at.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                }, runId);
        return at;
    }

    /** What each table of the run's definitions holds (the kind of record the policy decides by). */
    private Map<String, String> holds(long runId) {
        Map<String, String> holds = new java.util.TreeMap<>();
        for (RecordedTargets.Parsed d : recorded.definitions(runId)) {
            if (d.definition() != null) {
                d.definition().tables().forEach(rule -> holds.put(d.target() + "/" + rule.table(), rule.holds()));
            }
        }
        return holds;
    }

    private List<FrozenFigures.HashedFile> feeds(List<Long> imports) {
        return jdbc.query("select file_name, sha256 from feed_file where import_id = any(?) order by import_id, file_seq",
                (rs, i) -> new FrozenFigures.HashedFile("Feed", rs.getString(1), rs.getString(2)),
                (Object) imports.toArray(new Long[0]));
    }
}
