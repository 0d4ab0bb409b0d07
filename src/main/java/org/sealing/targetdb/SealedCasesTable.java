package org.sealing.targetdb;

import java.util.List;

import org.sealing.targetdb.dialect.TargetDialect;

/**
 * The temporary table of a target session into which the register's sealed cases are copied,
 * {@code sealing$cases}: every table's match set joins it ({@link TableSql#createMatchSet}).
 */
public final class SealedCasesTable {

    /** The columns of the cases table, in the order it is loaded. */
    public static final List<String> COLUMNS = List.of("order_id", "statute", "arrest_number", "nysid",
            "docket_number", "arrest_date");

    private SealedCasesTable() {
    }

    /** The table's name, quoted for a dialect. */
    public static String name(TargetDialect dialect) {
        return dialect.quote("sealing$cases");
    }

    /** Creates the table in a session (empty). */
    public static List<String> create(TargetDialect dialect) {
        return dialect.remediation().createCases(name(dialect));
    }

    /** Statistics for the cases once loaded, so that each match is joined the cheapest way. */
    public static List<String> loaded(TargetDialect dialect) {
        return dialect.remediation().casesLoaded(name(dialect));
    }
}
