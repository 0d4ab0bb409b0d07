package org.sealing.support;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Folders and files that hold personal data or evidence (feeds, workbooks) are made owner-only when
 * the product creates them, whatever the umask says (SPEC section 4).
 */
public final class OwnerOnly {

    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private OwnerOnly() {
    }

    /** Creates the folder and its missing parents owner-only; a folder that exists is left as it is. */
    public static Path directories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return dir;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            directories(parent);
        }
        try {
            Files.createDirectory(absolute, DIRECTORY);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(absolute)) {
                throw e;
            }
        }
        return dir;
    }

    /**
     * The folder, created owner-only, or made so when it exists open (an earlier version left it so);
     * a folder made by another process at the same moment is fine.
     */
    public static Path directory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectory(dir, DIRECTORY);
            } catch (FileAlreadyExistsException e) {
                // another process made it at the same moment
            }
        }
        if (!Files.getPosixFilePermissions(dir).equals(DIRECTORY.value())) {
            Files.setPosixFilePermissions(dir, DIRECTORY.value());
        }
        return dir;
    }

    /** An empty owner-only file in place of whatever was there. */
    public static Path replaceFile(Path file) throws IOException {
        Files.deleteIfExists(file);
        return Files.createFile(file, FILE);
    }

    /** A new owner-only temporary file in {@code dir}. */
    public static Path tempFile(Path dir, String prefix, String suffix) throws IOException {
        return Files.createTempFile(dir, prefix, suffix, FILE);
    }

    /** The permissions of an owner-only file, to set on one made otherwise. */
    public static Set<PosixFilePermission> filePermissions() {
        return FILE.value();
    }
}
