package org.sealing.report;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import org.sealing.catalog.check.TargetChecker;
import org.sealing.support.FailureMessages;
import org.sealing.targetdb.ResolvedTarget;
import org.sealing.targetdb.TargetDatabases;
import org.sealing.vault.VaultStore;

/**
 * The spot checks of a run (SPEC section 8): a random sample of the rows it changed, drawn with a seed
 * the workbook states (the rows whose {@code md5(seed || ':' || plan_id)} sort first, so anyone with the
 * control database can draw the same sample), each re-read in its target by its key, outside the match
 * rules that found it: a purged row must be gone, a masked row must hold its masks and its sealed flag,
 * and a sealed row must have its copy in the vault. Results name columns, never a value.
 */
@Component
class SpotChecker {

    private static final Logger log = LoggerFactory.getLogger(SpotChecker.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final RecordedTargets recorded;
    private final TargetChecker checker;
    private final TargetDatabases databases;
    private final VaultStore vault;
    private final ReportSettings settings;

    SpotChecker(JdbcTemplate jdbc, RecordedTargets recorded, TargetChecker checker, TargetDatabases databases,
            VaultStore vault, ReportSettings settings) {
        this.jdbc = jdbc;
        this.recorded = recorded;
        this.checker = checker;
        this.databases = databases;
        this.vault = vault;
        this.settings = settings;
    }

    /** One sampled row: where it is, its key (which never leaves this class), what the ledger says of it. */
    record Sampled(long planId, String target, String table, String rowRef, List<String> key, String orderId,
            String action, String outcome) {
    }

    /**
     * Draws and checks the sample of the rows a run changed ({@code changes}: false for a dry run, which
     * changes none); {@code population} (the rows it changed) may still be being counted while the first
     * candidates are drawn.
     */
    FrozenFigures.SpotChecks check(long runId, boolean changes, java.util.function.LongSupplier population) {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        String seed = HexFormat.of().formatHex(bytes);
        int size = settings.spotChecks();
        List<Sampled> drawn = size == 0 || !changes ? List.of() : sample(runId, seed, size, population);
        long changed = population.getAsLong();
        List<Sampled> sample = changed == 0 ? List.of() : drawn;
        Map<String, List<Sampled>> byTarget = new LinkedHashMap<>();
        sample.forEach(s -> byTarget.computeIfAbsent(s.target(), t -> new ArrayList<>()).add(s));
        Map<Long, Result> results = new java.util.HashMap<>();
        Map<String, RecordedTargets.Parsed> definitions = new LinkedHashMap<>();
        if (!byTarget.isEmpty()) {
            recorded.definitions(runId).forEach(d -> definitions.put(d.target(), d));
        }
        Set<Long> copied = vaultCopies(sample);
        byTarget.forEach((target, rows) -> results.putAll(checkTarget(definitions.get(target), rows, copied)));
        List<FrozenFigures.SpotCheck> checks = new ArrayList<>();
        for (int i = 0; i < sample.size(); i++) {
            Sampled s = sample.get(i);
            Result r = results.get(s.planId());
            checks.add(new FrozenFigures.SpotCheck(i + 1, s.target(), s.table(), s.rowRef(), s.orderId(),
                    s.action().toLowerCase(), s.outcome().toLowerCase(), r.passed(), r.text()));
        }
        long failed = checks.stream().filter(c -> !c.passed()).count();
        if (failed > 0) {
            log.warn("spot checks: {} of {} sampled rows did not pass (see the workbook's Spot checks sheet)", failed,
                    checks.size());
        }
        return new FrozenFigures.SpotChecks(seed, size, changed, checks);
    }

    /**
     * The first {@code size} rows the run changed in the order of
     * {@code md5(seed || ':' || plan_id)}: drawn from that many candidates of the run's plan first (a
     * top-N of the plan alone is cheap), then kept if the audit ledger has them changed, with more
     * candidates while too few were.
     */
    private List<Sampled> sample(long runId, String seed, int size, java.util.function.LongSupplier population) {
        for (long candidates = 4L * size; ; candidates *= 8) {
            if (candidates > 4L * size && population.getAsLong() == 0) {
                return List.of();
            }
            List<Sampled> drawn = jdbc.query("""
                    select p.plan_id, p.target, p.table_name, p.row_ref, p.row_key, p.order_id, p.action, p.outcome
                    from remediation_plan p
                    where p.run_id = ? and p.action in ('PURGE', 'MASK')
                    order by md5(? || ':' || p.plan_id), p.plan_id
                    limit ?
                    """, (rs, i) -> new Sampled(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    List.of((String[]) rs.getArray(5).getArray()), rs.getString(6), rs.getString(7), rs.getString(8)),
                    runId, seed, candidates);
            Set<Long> changed = new HashSet<>(jdbc.queryForList("select plan_id from remediation_plan_state"
                    + " where plan_id = any(?) and state = 'DONE'", Long.class,
                    (Object) drawn.stream().map(Sampled::planId).toArray(Long[]::new)));
            List<Sampled> sample = drawn.stream().filter(s -> changed.contains(s.planId())).limit(size).toList();
            if (sample.size() == size || drawn.size() < candidates) {
                return sample;
            }
        }
    }

    /** What re-reading one row found. */
    record Result(boolean passed, String text) {
    }

    private Map<Long, Result> checkTarget(RecordedTargets.Parsed definition, List<Sampled> rows, Set<Long> copied) {
        Map<Long, Result> results = new java.util.HashMap<>();
        String problem = definition == null ? "the run recorded no definition of this target"
                : definition.problem();
        ResolvedTarget resolved = null;
        if (problem == null) {
            TargetChecker.Report report = checker.check(definition.definition());
            if (report.hasErrors()) {
                problem = report.errors().get(0).message();
            } else {
                resolved = report.resolved();
            }
        }
        if (problem != null) {
            for (Sampled s : rows) {
                results.put(s.planId(), new Result(false, "not checked: " + problem));
            }
            return results;
        }
        try (Connection c = databases.connect(definition.definition())) {
            c.setReadOnly(true);
            for (Sampled s : rows) {
                ResolvedTarget.ResolvedTable table = resolved.table(s.table());
                Result r = table == null ? new Result(false, "not checked: the table is no longer in the definition")
                        : reread(c, table, s);
                if (r.passed() && "SEAL".equals(s.outcome()) && copied != null && !copied.contains(s.planId())) {
                    r = new Result(false, r.text() + "; but its vault copy is MISSING");
                } else if (r.passed() && "SEAL".equals(s.outcome()) && copied != null) {
                    r = new Result(true, r.text() + "; its copy is in the vault");
                }
                results.put(s.planId(), r);
            }
            c.rollback();
        } catch (SQLException e) {
            for (Sampled s : rows) {
                results.putIfAbsent(s.planId(), new Result(false, "not checked: " + FailureMessages.of(e)));
            }
        }
        return results;
    }

    /** Re-reads one row by its key; {@link RowCheck} writes the statement. */
    private static Result reread(Connection c, ResolvedTarget.ResolvedTable table, Sampled s) throws SQLException {
        RowCheck check = new RowCheck(table);
        try (PreparedStatement ps = c.prepareStatement(check.sql())) {
            for (int i = 0; i < s.key().size(); i++) {
                ps.setString(i + 1, s.key().get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                return check.result(rs);
            }
        }
    }

    /** The plan rows of the sample whose copy the vault holds; null when the vault cannot be read. */
    private Set<Long> vaultCopies(List<Sampled> sample) {
        Long[] sealed = sample.stream().filter(s -> "SEAL".equals(s.outcome())).map(Sampled::planId)
                .toArray(Long[]::new);
        if (sealed.length == 0) {
            return Set.of();
        }
        try {
            return new HashSet<>(new JdbcTemplate(vault.dataSource()).queryForList(
                    "select plan_id from vault_copy where plan_id = any(?)", Long.class, (Object) sealed));
        } catch (RuntimeException e) {
            log.warn("spot checks: the vault cannot be read, its copies are not checked: {}", FailureMessages.of(e));
            return null;
        }
    }
}
