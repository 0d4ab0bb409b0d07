package org.sealing.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Owner-only files and directories under {@code .sealing/}: the server's password and the HMAC key
 * must never be readable by anyone else on the machine.
 */
final class ControlFiles {

    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    private ControlFiles() {
    }

    static void createPrivateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, OWNER_DIR);
        }
    }

    static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /**
     * Reads a secret, creating it first when it does not exist yet. Creation goes through a temporary
     * file and an exclusive create, so two processes arriving at once end up with the same secret.
     */
    static String readOrCreateSecret(Path file, Supplier<String> generator) throws IOException {
        if (!Files.exists(file)) {
            Path staging = file.resolveSibling(file.getFileName() + ".new-" + ProcessHandle.current().pid());
            writePrivate(staging, generator.get());
            try {
                Files.createLink(file, staging);
            } catch (FileAlreadyExistsException e) {
                // another process was first: use its secret
            } finally {
                Files.deleteIfExists(staging);
            }
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (!OWNER_FILE.containsAll(perms)) {
            throw new IOException(file + " is readable by others (mode " + PosixFilePermissions.toString(perms)
                    + "); make it owner-only with chmod 600");
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
}
