package org.sealing.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.sealing.ledger.RunFigures;
import org.sealing.ledger.TargetFigures;
import org.sealing.ledger.Verdict;

/**
 * Everything an execution's evidence shows that a later run, import or opening could change, fixed
 * when the execution's report step ends it (table {@code evidence_figures}): every version of its
 * evidence is written from these. Cases are named by order_id, rows by their reference; nothing here
 * identifies a person.
 *
 * @param frozenAt      when the figures were fixed: the end of the execution's report step, or, for an
 *                      execution that ended without one, the first {@code sealctl report} of it
 * @param previousRun   when the run before this one started, null for the first
 * @param chainSeq      the ledger chain's last entry when the figures were fixed
 * @param chainHead     that entry's hash
 * @param verifiedAt    when each verified target's verification ended, by target
 * @param holds         what kind of record each table holds, by {@code target/table}
 * @param register      the bridge from the register to active cases, and timeliness
 * @param unsealed      every order the court had unsealed by then, with its rows
 * @param spotChecks    the sample of changed rows re-read in their targets
 * @param trend         every run that changed targets, up to this one, oldest first
 * @param feeds         the feed files of this run's import, with their SHA-256
 * @param definitions   the target definitions the run used, with their SHA-256
 * @param policy        the policy the run used, with its SHA-256
 */
record FrozenFigures(long executionId, long runId, String job, boolean dryRun, Instant frozenAt, LocalDate asOf,
        String fingerprint, Instant previousRun, long activeCases, long imported, long rejected, long chainSeq,
        String chainHead, List<TargetFigures> targets, Map<String, Instant> verifiedAt, Map<String, String> holds,
        Register register, List<UnsealedOrder> unsealed,
        SpotChecks spotChecks, List<TrendPoint> trend, List<HashedFile> feeds, List<HashedFile> definitions,
        HashedFile policy) {

    /** The run's totals: the sums of its targets'. */
    RunFigures.Figures figures() {
        return RunFigures.Figures.of(runId, dryRun, targets);
    }

    Verdict verdict() {
        return figures().verdict();
    }

    /**
     * What the register and the ledger said of the run's cases when it ended.
     *
     * @param feedLines      data lines of the feed files this run imported
     * @param orders         orders in the register
     * @param unsealedOrders of them, unsealed by the court
     * @param notYetEffective of them, sealing orders whose effective date had not come on the run's day
     * @param activeFound    active cases with rows found in a target, by this run or an earlier one
     * @param activeNotFound active cases no run has found in any target
     * @param buckets        cases this run remediated, by days from effective date to verification:
     *                       0-1, 2-7, 8-30, 31-90, over 90
     * @param openCases      active cases with rows this run left unremediated or unverified
     * @param oldestOpen     the open case in effect longest, or null
     */
    record Register(long feedLines, long accepted, long updated, long unchanged, long rejected, long orders,
            long unsealedOrders, long notYetEffective, long activeFound, long activeNotFound, List<Long> buckets,
            long openCases, OpenCase oldestOpen) {

        /** The bounds of the timeliness buckets, in days: up to 1, 7, 30, 90, and over 90. */
        static final List<String> BUCKETS = List.of("0-1 days", "2-7 days", "8-30 days", "31-90 days",
                "over 90 days");
    }

    /** An active case not yet fully remediated and verified: since when it is in effect, how many days. */
    record OpenCase(String orderId, LocalDate effective, long days) {
    }

    /**
     * An order the court unsealed, and what became of its rows by this run's end.
     *
     * @param restoredNow      rows this run put back from the vault
     * @param restoredAll      rows put back by this run and earlier ones
     * @param conflicts        rows this run could not put back because they changed since they were sealed
     * @param destroyed        rows destroyed when the order was in effect, which cannot come back
     * @param awaiting         sealed rows not put back yet (conflicts, or restores still to come)
     */
    record UnsealedOrder(String orderId, String statute, long restoredNow, long restoredAll, long conflicts,
            long destroyed, long awaiting) {
    }

    /** One run of the Trend sheet. */
    record TrendPoint(long runId, String job, Instant created, long matched, long remediated, Long residual,
            String verdict) {

        /** Remediated rows as a share of those remediated or left, or null before verification. */
        Double complianceRate() {
            return EvidenceMath.complianceRate(remediated, residual);
        }
    }

    /** A file the evidence names by its SHA-256. */
    record HashedFile(String label, String name, String sha256) {
    }

    /**
     * The spot checks: {@code sample} rows drawn with {@code seed} from the {@code population} of rows the
     * run changed, each re-read in its target by its key.
     */
    record SpotChecks(String seed, int size, long population, List<SpotCheck> checks) {

        long passed() {
            return checks.stream().filter(SpotCheck::passed).count();
        }
    }

    /** One row of the sample and what re-reading it found. */
    record SpotCheck(int number, String target, String table, String rowRef, String orderId, String action,
            String outcome, boolean passed, String result) {
    }
}
