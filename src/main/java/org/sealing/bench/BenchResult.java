package org.sealing.bench;

import java.util.Map;

/**
 * The figures of SPEC section 10 that {@code sealctl bench} reports: the world, each contender's
 * timing, the product's place between naive and limit, and the product's steps.
 *
 * @param limitKind    which form of the limit was the faster: set-based statements or arrays of keys
 * @param workbookSeconds the evidence as the run ends: fixing its figures (the report step) and writing the
 *                     workbook, which waits for the ledger export written beside it at the same time
 * @param ledgerSeconds the ledger export alone
 * @param productSteps seconds spent in each kind of step of the product's run (plan, apply, verify, report),
 *                     and in writing the evidence after it (evidence, ledger)
 */
public record BenchResult(long rows, long matched, Timing naive, Timing product, Timing limit, double productVsLimit,
        double productVsNaive, double verifySeconds, double workbookSeconds, double ledgerSeconds, String limitKind,
        Map<String, Double> productSteps) {

    /** The report of three timed contenders on a world of {@code rows} target rows, {@code matched} of them sealed. */
    static BenchResult of(long rows, long matched, Timing naive, ProductContender.Run product,
            LimitContender.Run limit) {
        Timing productTiming = product.timing();
        Map<String, Double> steps = product.steps();
        return new BenchResult(rows, matched, naive, productTiming, limit.timing(),
                productTiming.rowsPerSecond() / limit.timing().rowsPerSecond(),
                productTiming.rowsPerSecond() / naive.rowsPerSecond(), steps.getOrDefault("verify", 0.0),
                steps.getOrDefault("report", 0.0) + steps.getOrDefault("evidence", 0.0),
                steps.getOrDefault("ledger", 0.0), limit.kind(), steps);
    }
}
