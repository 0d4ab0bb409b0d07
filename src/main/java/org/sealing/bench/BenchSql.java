package org.sealing.bench;

/**
 * The statements every contender shares: which rows of a copy are sealed (through the cases shipped
 * into it as {@code bench_case}), how an arrest is masked, and how many matches are left; so that the
 * three contenders change exactly the same rows the same way, and are checked by one query.
 */
final class BenchSql {

    /** An arrest number as the product's catalog normalises it: letters and digits, upper case. */
    static final String NORMALISED = "upper(regexp_replace(a.arrest_no, '[^A-Za-z0-9]', '', 'g'))";

    /** The sealed arrests not masked yet ({@code a}, with their case {@code c}). */
    static final String SEALED_ARRESTS = "bench.arrest a join bench_case c on " + NORMALISED + " = c.arrest_number"
            + " where not a.is_sealed";

    /** The photos of sealed arrests ({@code p}, with their arrest {@code a} and case {@code c}). */
    static final String SEALED_PHOTOS = "bench.photo p join bench.arrest a on a.arrest_id = p.arrest_id join bench_case c"
            + " on " + NORMALISED + " = c.arrest_number";

    /** The SET clause of the mask: the target file's {@code null}, {@code year-only} and {@code redact}. */
    static final String MASK = "last_name = null, first_name = null, date_of_birth = make_date(cast(extract(year"
            + " from date_of_birth) as int), 1, 1), narrative = '[SEALED]', is_sealed = true";

    /** The matches a contender left behind: none, when it did its work. */
    static final String LEFT = "select (select count(*) from " + SEALED_ARRESTS + ") + (select count(*) from "
            + SEALED_PHOTOS + ")";

    private BenchSql() {
    }
}
