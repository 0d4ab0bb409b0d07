package org.sealing.bench;

import java.util.Map;

/**
 * The figures of SPEC section 10 that {@code sealctl bench} reports: the world, each contender's
 * timing, the product's place between naive and limit, and the product's phases.
 *
 * @param world         the world's name ({@code --world})
 * @param targets       its target databases
 * @param rows          its target rows
 * @param matched       the rows each contender changed
 * @param limitKind     which form of the limit was the faster: set-based statements or arrays of keys
 * @param limitWithCopies the set-based limit that also keeps the originals of the rows it seals (unencrypted,
 *                      in a table of the control database), as the law asks of a hand-written remediation too
 * @param productPhases seconds of the product's run: {@code start} (JVM and context, up to the job's start),
 *                      each kind of step (plan, apply, verify, report; summed over the targets, which run side by
 *                      side), {@code exit} (after the job)
 * @param evidence      seconds of the product's evidence: {@code whole} (its report step's start to the evidence
 *                      written), {@code workbook}, {@code ledger} (the ledger export, beside the workbook)
 * @param nightly       the product's second run on its remediated copies, nothing new (null unless asked for)
 * @param nightlyPhases that run's phases, as {@code productPhases}
 */
public record BenchResult(String world, int targets, long rows, long matched, Timing naive, Timing product,
        Timing limit, double productVsLimit, double productVsNaive, double verifySeconds, double workbookSeconds,
        String limitKind, Timing limitWithCopies, double productVsLimitWithCopies, Map<String, Double> productPhases,
        Map<String, Double> evidence, Timing nightly, Map<String, Double> nightlyPhases) {

    /** These figures with the nightly run's (none when it did not run). */
    BenchResult withNightly(ProductContender.Run again) {
        return again == null ? this : new BenchResult(world, targets, rows, matched, naive, product, limit,
                productVsLimit, productVsNaive, verifySeconds, workbookSeconds, limitKind, limitWithCopies,
                productVsLimitWithCopies, productPhases, evidence, again.timing(), again.phases());
    }

    /** The figures of the contenders that ran (null for one that did not; so are the ratios that need it). */
    static BenchResult of(World world, long rows, long matched, Timing naive, ProductContender.Run product,
            LimitContender.Run limit) {
        Timing productTiming = product == null ? null : product.timing();
        Map<String, Double> phases = product == null ? Map.of() : product.phases();
        Timing limitTiming = limit == null ? null : limit.timing();
        return new BenchResult(world.name(), world.targets().size(), rows, matched, naive, productTiming, limitTiming,
                ratio(productTiming, limitTiming), ratio(productTiming, naive), phases.getOrDefault("verify", Double.NaN),
                evidence(product).getOrDefault("workbook", Double.NaN), limit == null ? null : limit.kind(),
                limit == null ? null : limit.withCopies(), ratio(productTiming, limit == null ? null : limit.withCopies()),
                phases, evidence(product), null, Map.of());
    }

    private static Map<String, Double> evidence(ProductContender.Run product) {
        return product == null ? Map.of() : product.evidence();
    }

    private static double ratio(Timing a, Timing b) {
        return a == null || b == null ? Double.NaN : a.rowsPerSecond() / b.rowsPerSecond();
    }
}
