package org.sealing.report;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import org.sealing.SealingProperties;

/**
 * What the register and the plan say of a run's cases, for the figures fixed when it ends: the bridge
 * from the feed's lines to active cases and from active cases to rows (Reconciliation), days from
 * effective date to verified remediation (Timeliness), and each unsealed order's rows (Unsealed).
 */
@Component
class RegisterQueries {

    /** Active: a sealing order whose effective date had come on the run's day. */
    private static final String ACTIVE = "o.order_type = 'SEAL' and o.effective_from <= ?";

    private final JdbcTemplate jdbc;
    private final SealingProperties properties;

    /** A transaction of its own whose statements may hash and sort in memory. */
    private final TransactionTemplate inMemory;

    RegisterQueries(JdbcTemplate jdbc, SealingProperties properties, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.inMemory = new TransactionTemplate(transactions);
        this.inMemory.setReadOnly(true);
        this.inMemory.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The imports of a run (a nightly run has one; its restarts the same). */
    List<Long> imports(long runId) {
        return jdbc.queryForList("""
                select distinct cast(p.parameter_value as bigint) from batch_job_execution_params p
                join batch_job_execution e on e.job_execution_id = p.job_execution_id
                where e.job_instance_id = ? and p.parameter_name = 'import.id' order by 1
                """, Long.class, runId);
    }

    long activeCases(LocalDate asOf) {
        return jdbc.queryForObject("select count(*) from sealing_order o where " + ACTIVE, Long.class, asOf);
    }

    FrozenFigures.Register register(long runId, LocalDate asOf) {
        Long[] ids = imports(runId).toArray(new Long[0]);
        long[] feed = jdbc.queryForObject("""
                select coalesce(sum(lines), 0), coalesce(sum(accepted), 0), coalesce(sum(updated), 0),
                       coalesce(sum(unchanged), 0), coalesce(sum(rejected), 0)
                from feed_file where import_id = any(?)
                """, (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)},
                (Object) ids);
        long[] orders = jdbc.queryForObject("""
                select count(*), count(*) filter (where o.order_type = 'UNSEAL'),
                       count(*) filter (where o.order_type = 'SEAL' and o.effective_from > ?)
                from sealing_order o
                """, (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}, asOf);
        // timeliness reads the run's plan on a connection of its own while cases found read all runs' plans
        CompletableFuture<Timeliness> cases = CompletableFuture.supplyAsync(() -> inMemory.execute(
                status -> timeliness(runId, asOf)), task -> {
                    Thread thread = new Thread(task, "timeliness-run" + runId);
                    thread.setDaemon(true);
                    thread.start();
                });
        // one pass over the plan (a hash of its orders), not a search of it per order
        long[] found = jdbc.queryForObject("select count(f.order_id), count(*) - count(f.order_id)"
                + " from sealing_order o left join (select distinct order_id from remediation_plan"
                + " where run_id <= ? and action in ('PURGE', 'MASK')) f on f.order_id = o.order_id where " + ACTIVE,
                (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}, runId, asOf);
        Timeliness timeliness = cases.join();
        return new FrozenFigures.Register(feed[0], feed[1], feed[2], feed[3], feed[4], orders[0], orders[1], orders[2],
                found[0], found[1], timeliness.buckets(), timeliness.open(),
                timeliness.oldest());
    }

    private record Timeliness(List<Long> buckets, long open, FrozenFigures.OpenCase oldest) {
    }

    /**
     * The cases of a run's plan: closed when every row of theirs is changed and every target of theirs
     * verified, in buckets of days from the effective date to the day of the last of those verifications
     * (court time); open otherwise, the oldest by effective date named. Rows are summed by case first,
     * then the few cases joined to the register.
     */
    private Timeliness timeliness(long runId, LocalDate asOf) {
        jdbc.queryForObject(AuditRows.MEMORY, String.class);
        return jdbc.queryForObject("""
                with per_order as (
                    select p.order_id, bool_and(p.state = 'DONE' and t.verified_at is not null) as closed,
                           max(t.verified_at) as verified
                    from remediation_plan_state p
                    join run_target t on t.run_id = p.run_id and t.target = p.target
                    where p.run_id = ? and p.action in ('PURGE', 'MASK')
                    group by p.order_id
                ), cases as (
                    select c.order_id, o.effective_from, c.closed,
                           (timezone(?, c.verified))::date - o.effective_from as days
                    from per_order c join sealing_order o on o.order_id = c.order_id
                )
                select count(*) filter (where closed and days <= 1),
                       count(*) filter (where closed and days between 2 and 7),
                       count(*) filter (where closed and days between 8 and 30),
                       count(*) filter (where closed and days between 31 and 90),
                       count(*) filter (where closed and days > 90),
                       count(*) filter (where not closed),
                       (array_agg(order_id order by effective_from, order_id) filter (where not closed))[1],
                       min(effective_from) filter (where not closed)
                from cases
                """, (rs, i) -> {
                    LocalDate oldest = rs.getObject(8, LocalDate.class);
                    return new Timeliness(List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5)), rs.getLong(6), oldest == null ? null : new FrozenFigures.OpenCase(
                                    rs.getString(7), oldest, asOf.toEpochDay() - oldest.toEpochDay()));
                }, runId, properties.zone().getId());
    }

    /**
     * Every order the court has unsealed, with its rows: restored (by this run, and by any run up to it),
     * restore conflicts of this run, rows destroyed while it was in effect (never to return; rows sealed
     * before the vault existed count here too), and sealed rows not yet restored.
     */
    List<FrozenFigures.UnsealedOrder> unsealed(long runId) {
        // the plan has no index by order: it is read only when the court has unsealed something
        if (!Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from sealing_order"
                + " where order_type = 'UNSEAL')", Boolean.class))) {
            return List.of();
        }
        return jdbc.query("""
                select o.order_id, o.statute,
                       count(p.plan_id) filter (where p.action = 'RESTORE' and p.state = 'DONE' and p.run_id = ?),
                       count(p.plan_id) filter (where p.action = 'RESTORE' and p.state = 'DONE'),
                       count(p.plan_id) filter (where p.action = 'RESTORE' and p.state = 'CONFLICT' and p.run_id = ?),
                       count(p.plan_id) filter (where p.action in ('PURGE', 'MASK') and p.state = 'DONE'
                                                  and p.outcome = 'DESTROY'),
                       count(p.plan_id) filter (where p.action in ('PURGE', 'MASK') and p.state = 'DONE'
                                                  and p.outcome = 'SEAL')
                from sealing_order o
                left join remediation_plan_state p on p.order_id = o.order_id and p.run_id <= ?
                where o.order_type = 'UNSEAL'
                group by o.order_id, o.statute
                order by o.order_id
                """, (rs, i) -> new FrozenFigures.UnsealedOrder(rs.getString(1), rs.getString(2), rs.getLong(3),
                rs.getLong(4), rs.getLong(5), rs.getLong(6), Math.max(0, rs.getLong(7) - rs.getLong(4))),
                runId, runId, runId);
    }
}
