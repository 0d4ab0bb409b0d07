package org.sealing.catalog;

import java.nio.file.Path;
import java.util.List;

/**
 * One target database as its file {@code jobs/targets/NAME.yml} declares it (SPEC section 6).
 *
 * @param name           the target's name ({@code [a-z0-9-]+})
 * @param description    what the system is, for people
 * @param file           the file it was read from
 * @param url            the JDBC URL (after variable expansion)
 * @param username       the user, or null
 * @param password       the password, or null; never shown
 * @param maxChangeRatio the largest share of a table's rows one run may change
 * @param tables         the rules, in file order
 * @param source         the file's text as it was read (variables unexpanded), which a run records
 */
public record TargetDefinition(String name, String description, Path file, String url, String username,
        String password, double maxChangeRatio, List<TableRule> tables, String source) {

    public TableRule rule(TableName table) {
        return tables.stream().filter(r -> r.table().equals(table)).findFirst().orElse(null);
    }

    /** The URL without parameters, which may carry credentials. */
    public String displayUrl() {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    @Override
    public String toString() {
        return "TargetDefinition[" + name + " at " + displayUrl() + "]";
    }
}
