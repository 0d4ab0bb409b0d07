package org.sealing.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;

/**
 * The real public records of {@code ../shared/data/public}, found from the project directory. The
 * few files the tests read are also kept, gzipped and byte for byte, under
 * {@code src/test/resources/public} (with their provenance), so that a clone without the shared
 * folder beside it tests on the same records.
 */
public final class PublicData {

    private static final Path KEPT = Path.of("src/test/resources/public");
    private static final Path UNPACKED = Path.of("target/public-data");

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
        Path kept = KEPT.resolve(relative + ".gz");
        if (Files.exists(kept)) {
            return unpack(kept, UNPACKED.resolve(relative));
        }
        throw new IllegalStateException("public data file not found: " + relative
                + " (looked under ../shared/data/public and " + KEPT + ")");
    }

    private static synchronized Path unpack(Path gz, Path target) {
        try {
            if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                Path temporary = Files.createTempFile(target.getParent(), "unpack", ".tmp");
                try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
                    Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            }
            return target.toAbsolutePath().normalize();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
