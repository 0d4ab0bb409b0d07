package org.sealing.bench;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * A world the benchmark remediates (SPEC section 10): target databases built once as templates, the
 * sealing orders of their sealed cases, and the target files through which the product sees them. The
 * contenders know nothing of a world's shape: they work from its target files, as checked against the
 * live catalog, so that each world is remediated by all three the same way.
 */
interface World {

    /** The name {@code --world} gives it. */
    String name();

    /** Its targets, by the names of their target files. */
    List<String> targets();

    /** Creates the template database of each target ({@link #template(String)}); returns the target rows written. */
    long create(BenchServer server) throws SQLException;

    /** Puts the orders of its sealed cases into the register of the benchmark's own control database. */
    void register(ConfigurableApplicationContext bench, Path workDir) throws Exception;

    /** The target file of {@code target}, connected to {@code database} on the server. */
    String targetFile(String target, BenchServer server, String database) throws Exception;

    /**
     * The rows its sealed cases must change, counted from the rule by which the world was made (checked
     * against what the product's matching finds before any contender runs), or -1 when the world has no
     * such rule.
     */
    default long expected() {
        return -1;
    }

    /** The template database of a target. */
    static String template(String target) {
        return "bench_w_" + target;
    }

    /** The copy of a target's database that a contender works on. */
    static String copy(String contender, String target) {
        return "bench_" + contender + "_" + target;
    }

    /** The connection section of a target file. */
    static String connection(BenchServer server, String database) {
        return """
                connection:
                  url: %s
                  username: %s
                  password: "%s"
                """.formatted(server.url(database), server.user(), server.password() == null ? ""
                : server.password().replace("\\", "\\\\").replace("\"", "\\\""));
    }
}
