package org.sealing.report;

import java.time.LocalDate;
import java.util.List;

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
        // one pass over the run's plan gives timeliness; the cases found by it and earlier runs are recorded
        // by their plan steps
        Cases cases = inMemory.execute(status -> cases(runId, asOf));
        return new FrozenFigures.Register(feed[0], feed[1], feed[2], feed[3], feed[4], orders[0], orders[1], orders[2],
                cases.found(), cases.notFound(), cases.buckets(), cases.open(), cases.oldest());
    }

    private record Cases(long found, long notFound, List<Long> buckets, long open, FrozenFigures.OpenCase oldest) {
    }

    /**
     * The cases of a run's plan, in one pass over it: closed when every row of theirs is changed and every
     * target of theirs verified, in buckets of days from the effective date to the day of the last of
     * those verifications (court time); open otherwise, the oldest by effective date named (the first open
     * case in that order, not an aggregate ordering every case of the run: 0.6-1.7 s at 250,000 cases). Rows
     * are summed by case first, then the cases joined to the register. And the active cases with rows found in a
     * target, by this run (any case of its plan's changes) or an earlier one, and those found in none: from
     * {@code order_found}, which each target's plan step writes with its plan rows (not every earlier plan read
     * again each night).
     */
    private Cases cases(long runId, LocalDate asOf) {
        jdbc.queryForObject(AuditRows.MEMORY, String.class);
        return jdbc.queryForObject("""
                with per_order as materialized (
                    select p.order_id,
                           bool_and(p.state = 'DONE' and t.verified_at is not null) filter (where t.target is not null)
                               as closed,
                           max(t.verified_at) as verified, count(t.target) > 0 as timed
                    from remediation_plan_state p
                    left join run_target t on t.run_id = p.run_id and t.target = p.target
                    where p.run_id = ? and p.action in ('PURGE', 'MASK')
                    group by p.order_id
                ), cases as (
                    select c.order_id, o.effective_from, c.closed,
                           (timezone(?, c.verified))::date - o.effective_from as days
                    from per_order c join sealing_order o on o.order_id = c.order_id
                    where c.timed
                ), timeliness as (
                    select count(*) filter (where closed and days <= 1) as b1,
                           count(*) filter (where closed and days between 2 and 7) as b2,
                           count(*) filter (where closed and days between 8 and 30) as b3,
                           count(*) filter (where closed and days between 31 and 90) as b4,
                           count(*) filter (where closed and days > 90) as b5,
                           count(*) filter (where not closed) as open,
                           min(effective_from) filter (where not closed) as oldest_from
                    from cases
                ), active as (
                    select count(f.order_id) as found, count(*) - count(f.order_id) as not_found
                    from sealing_order o left join order_found f on f.order_id = o.order_id and f.run_id <= ?
                    where\s""" + ACTIVE + """
                )
                select b1, b2, b3, b4, b5, open,
                       (select order_id from cases where not closed order by effective_from, order_id limit 1),
                       oldest_from, found, not_found
                from timeliness, active
                """, (rs, i) -> {
                    LocalDate oldest = rs.getObject(8, LocalDate.class);
                    return new Cases(rs.getLong(9), rs.getLong(10), List.of(rs.getLong(1), rs.getLong(2),
                            rs.getLong(3), rs.getLong(4), rs.getLong(5)), rs.getLong(6), oldest == null ? null
                            : new FrozenFigures.OpenCase(rs.getString(7), oldest, asOf.toEpochDay()
                                    - oldest.toEpochDay()));
                }, runId, properties.zone().getId(), runId, asOf);
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
