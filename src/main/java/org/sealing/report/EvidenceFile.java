package org.sealing.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.sealing.support.OwnerOnly;

/**
 * Writes a piece of evidence so that a reader never sees half of it: into an owner-only temporary
 * file, moved into place in one step, then given a {@code sha256sum -c} checksum written the same way.
 */
final class EvidenceFile {

    /** What writes the content of the file. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private EvidenceFile() {
    }

    /**
     * Writes {@code file} and its {@code .sha256}; {@code kind} names the temporary file's writer
     * (see {@link Temporaries}), {@code suffix} ends its name.
     */
    static void write(Path file, String kind, String suffix, Content content) throws IOException {
        OwnerOnly.directories(file.getParent());
        Temporaries.sweep(file.getParent());
        Path temp = Temporaries.create(file.getParent(), kind, suffix);
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                content.writeTo(out);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        writeChecksum(file);
    }

    private static void writeChecksum(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        Path sum = file.resolveSibling(file.getFileName() + ".sha256");
        Path temp = Temporaries.create(file.getParent(), "sha256", ".tmp");
        Files.writeString(temp, HexFormat.of().formatHex(digest.digest()) + "  " + file.getFileName() + "\n",
                StandardCharsets.UTF_8);
        Files.move(temp, sum, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
