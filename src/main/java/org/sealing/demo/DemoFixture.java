package org.sealing.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The demo world built for another use than the demo (the benchmark): its fourteen databases under
 * names the caller gives, and its court feed written into a directory of the caller's, from the same
 * population as {@code sealctl demo} at that scale.
 */
public final class DemoFixture {

    private DemoFixture() {
    }

    /** The targets, as the shipped target files name them. */
    public static List<String> targets() {
        return DemoWorld.TARGETS;
    }

    /** Creates the world's databases, {@code database.apply(target)}, through the server's {@code admin} database. */
    public static long create(String jdbcPrefix, String user, String password, String admin, DemoService.Scale scale,
            UnaryOperator<String> database) throws SQLException {
        return new DemoWorld(jdbcPrefix, user, password, population(scale), database).create(admin);
    }

    /** Writes the world's feed of sealing orders (the demo's first night) into {@code dir}; returns its files. */
    public static List<Path> feed(DemoService.Scale scale, Path dir) throws IOException {
        return List.of(DemoFeed.write(population(scale), dir, "bench").file());
    }

    private static DemoPopulation population(DemoService.Scale scale) {
        return DemoPopulation.of(scale.arrests(), DemoService.SEED);
    }
}
