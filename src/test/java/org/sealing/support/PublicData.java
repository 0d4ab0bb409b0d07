package org.sealing.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real public records of {@code ../shared/data/public}, found from the project directory. */
public final class PublicData {

    private PublicData() {
    }

    public static Path file(String relative) {
        for (Path base : new Path[] {Path.of("../shared/data/public"), Path.of("shared/data/public"),
            Path.of("../../shared/data/public")}) {
            Path candidate = base.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("public data file not found: " + relative + " (looked under ../shared/data/public)");
    }
}
