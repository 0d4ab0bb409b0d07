package org.sealing.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Brings a database's schema to this version's migrations (the {@code sql/} folder) with Flyway, at every
 * start, unless its history shows them all applied already.
 *
 * <p>Flyway validates the whole history each time it is set up and run, and that took about 0.7 s of each
 * command's start (1 s of CPU: Flyway configures its extensions through Jackson, 560 classes). A database whose
 * history holds every version of this build's migrations, each applied with success, and no failed one, is at
 * this version: Flyway is not run. Anything else (no history, a version missing, a failed migration, a history
 * that cannot be read) runs Flyway as before, which applies what is missing, or refuses with its reason. A
 * history ahead of this build (a newer sealctl migrated it) is left as it is, as Flyway leaves future
 * migrations. What the quick check does not do is compare the checksums of applied migrations with this
 * build's files: Flyway does that whenever it runs, and a released build's migrations do not change.
 */
public final class Migrations {

    private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__[^/]*\\.sql");

    private Migrations() {
    }

    /**
     * Applies the migrations under {@code location} (a {@code classpath:} folder, with its subfolders) to the
     * database, recording them in {@code historyTable}; nothing at all when the history shows them applied.
     *
     * @throws org.flywaydb.core.api.FlywayException when Flyway runs and cannot migrate
     */
    public static void apply(DataSource dataSource, String location, String historyTable) {
        Set<String> available = versions(location);
        if (!available.isEmpty() && applied(dataSource, historyTable, available)) {
            return;
        }
        Flyway.configure().dataSource(dataSource).locations(location).table(historyTable).load().migrate();
    }

    /** The versions of the migrations under the location, normalised as Flyway compares them ({@code 1_1} is 1.1). */
    static Set<String> versions(String location) {
        String root = location.startsWith("classpath:") ? location.substring("classpath:".length()) : location;
        Set<String> versions = new TreeSet<>();
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver(Migrations.class.getClassLoader())
                    .getResources("classpath*:" + root + "/**/V*__*.sql")) {
                String name = resource.getFilename();
                Matcher m = name == null ? null : VERSIONED.matcher(name);
                if (m != null && m.matches()) {
                    versions.add(normalised(m.group(1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the schema's migrations under " + location, e);
        }
        return versions;
    }

    /**
     * Whether the history is exactly what Flyway would find valid and up to date for these versions: each of them
     * applied with success, no failed migration, no entry Flyway's {@code repair} marked deleted (or any other kind
     * but a versioned SQL or Java migration, or Flyway's note that it created the schema), and no applied version this build does not have below its newest (a
     * migration of another build, which Flyway refuses; versions above it are a newer build's, which it leaves).
     * False too when the history cannot be read: Flyway, run then, says why.
     */
    static boolean applied(DataSource dataSource, String historyTable, Set<String> versions) {
        Set<String> done = new TreeSet<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select version, success, type from " + historyTable
                        + " where version is not null")) {
            while (rs.next()) {
                String type = rs.getString(3);
                if ("SCHEMA".equals(type)) {
                    // Flyway's note that it created the schema, not a migration
                    continue;
                }
                if (!rs.getBoolean(2) || !("SQL".equals(type) || "JDBC".equals(type))) {
                    return false;
                }
                done.add(normalised(rs.getString(1)));
            }
        } catch (SQLException | RuntimeException e) {
            return false;
        }
        if (!done.containsAll(versions)) {
            return false;
        }
        String newest = versions.stream().max(Migrations::compare).orElseThrow();
        return done.stream().noneMatch(v -> !versions.contains(v) && compare(v, newest) < 0);
    }

    /** Orders two normalised versions as Flyway does, part by part as numbers. */
    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = (i < x.length ? number(x[i]) : BigInteger.ZERO).compareTo(i < y.length ? number(y[i]) : BigInteger.ZERO);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** A version as Flyway compares it: parts split on dots or underscores, leading zeros and trailing zero parts dropped. */
    static String normalised(String version) {
        String[] parts = version.split("[._]");
        int last = parts.length - 1;
        while (last > 0 && number(parts[last]).signum() == 0) {
            last--;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i <= last; i++) {
            out.append(i == 0 ? "" : ".").append(number(parts[i]));
        }
        return out.toString();
    }

    private static BigInteger number(String part) {
        return part.isEmpty() ? BigInteger.ZERO : new BigInteger(part);
    }
}
