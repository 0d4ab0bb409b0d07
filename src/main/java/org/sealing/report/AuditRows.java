package org.sealing.report;

/**
 * The rows of a run's audit ledger up to one of its executions, as the evidence reads them: the plan
 * rows inside a recorded chunk of their lane, not failed and not a restore conflict, exactly as the
 * view {@code audit_ledger} defines them, each with its chunk ({@code c}) and the ledger entry the
 * chunk's commit appended ({@code e}, null for chunks recorded before the chain).
 *
 * <p>The view joins every plan row with every chunk of its lane and keeps the one whose range holds it,
 * which takes minutes for a million rows. Here the chunks of each lane are gathered into arrays sorted by
 * their first plan row, and each plan row finds its chunk by a binary search ({@code width_bucket}) in
 * one scan of the run's plan rows, which PostgreSQL may split between workers; failures and conflicts,
 * few, are hashed once.
 */
final class AuditRows {

    private AuditRows() {
    }

    /**
     * {@code with audit_lanes as (...), audit_rows as (...)}: the audit rows of run {@code runId} up to
     * execution {@code executionId}, each with {@code chunk_id}; more common table expressions may follow
     * after a comma.
     */
    static String with(long runId, long executionId) {
        return """
                with audit_lanes as (
                    select c.target, c.lane,
                           array_agg(c.first_plan_id order by c.first_plan_id) as firsts,
                           array_agg(c.last_plan_id order by c.first_plan_id) as lasts,
                           array_agg(c.chunk_id order by c.first_plan_id) as chunks
                    from apply_chunk c where c.run_id = %1$d and c.execution_id <= %2$d
                    group by c.target, c.lane
                ), audit_rows as (
                    select p.*, l.chunks[width_bucket(p.plan_id, l.firsts)] as chunk_id
                    from remediation_plan p
                    join audit_lanes l on l.target = p.target
                         and l.lane = case when p.action = 'PURGE' then 'purge' when p.action = 'RESTORE' then 'restore'
                                           else 'mask:' || p.table_name end
                    where p.run_id = %1$d and p.state = 'PLANNED' and p.action <> 'REVIEW'
                      and width_bucket(p.plan_id, l.firsts) > 0
                      and p.plan_id <= l.lasts[width_bucket(p.plan_id, l.firsts)]
                      and p.plan_id not in (select f.plan_id from apply_failure f)
                      and p.plan_id not in (select r.plan_id from restore_conflict r)
                )
                """.formatted(runId, executionId);
    }

    /**
     * The Audit sheet's rows: the audit rows grouped by order, statute, target, table, action and outcome,
     * each group's rows and its first and last change, in the sheet's order. Each row's chunk is joined
     * with its ledger entries (one, or none for chunks recorded before the chain) as the ledger export's
     * lines are, so that the sheet's rows sum the export's lines. Grouped in the order the sheet lists
     * them, so that one sort makes both and the groups stream out as they are summed, not after all of them.
     */
    static String groups(long runId, long executionId) {
        return with(runId, executionId) + """
                , audit_chunks as (
                    select c.chunk_id, c.committed_at
                    from apply_chunk c
                    left join ledger_entry e on e.kind in ('CHANGE', 'RESTORE') and e.run_id = c.run_id
                         and e.target = c.target and e.lane = c.lane and e.first_plan_id = c.first_plan_id
                         and e.last_plan_id = c.last_plan_id
                    where c.run_id = %1$d and c.execution_id <= %2$d
                )
                select p.order_id collate "C", p.statute, p.target collate "C", p.table_name collate "C", lower(p.action),
                       lower(p.outcome), count(*), min(c.committed_at), max(c.committed_at)
                from audit_rows p
                join audit_chunks c on c.chunk_id = p.chunk_id
                group by p.order_id collate "C", p.target collate "C", p.table_name collate "C", p.action, p.outcome,
                         p.statute
                order by p.order_id collate "C", p.target collate "C", p.table_name collate "C", p.action, p.outcome,
                         p.statute
                """.formatted(runId, executionId);
    }

    /**
     * Lets the statements of the caller's transaction sort and hash in memory (the evidence groups and
     * orders a million rows); {@code set_config(..., true)} lasts until the transaction ends.
     */
    static final String MEMORY = "select set_config('work_mem', '64MB', true)";

    /**
     * Keeps the caller's transaction to hash joins. Right after a first large run the plan's statistics are not
     * there yet (autovacuum has not analysed the rows just written), PostgreSQL takes the run's plan rows for one,
     * and it joined them with every chunk of the run and each of those with every ledger entry in nested loops:
     * the chain bench's Audit (121,940 rows, 17 chunks) took 13.5 s, 2 million joined rows filtered 35 million
     * times. Hash joins do the same in a pass over the rows whatever the estimates.
     */
    static final String HASH_JOINS = "select set_config('enable_nestloop', 'off', true)";
}
