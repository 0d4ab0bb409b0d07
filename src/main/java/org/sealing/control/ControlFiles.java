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

import org.sealing.support.ConfigurationException;

/**
 * Owner-only files and directories under {@code .sealing/}: the server's password and the HMAC key
 * must never be readable by anyone else on the machine, and the programs we run never writable by them.
 */
final class ControlFiles {

    static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_PROGRAM = PosixFilePermissions.fromString("rwx------");

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

    /**
     * Refuses a folder that someone else owns or can write: whoever can write there can plant a program
     * we would run. A folder that others can merely read is made owner-only.
     */
    static void checkPrivateDirectory(Path path, String what) {
        try {
            if (!Files.isDirectory(path)) {
                throw new ConfigurationException(what + " " + path + " is not a directory");
            }
            int owner = (Integer) Files.getAttribute(path, "unix:uid");
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (owner != currentUid()) {
                throw new ConfigurationException(what + " " + path + " belongs to another user (uid " + owner
                        + "); run sealctl as its owner, or set SEALING_HOME to a folder of your own");
            }
            if (writableByOthers(permissions)) {
                throw new ConfigurationException(what + " " + path + " can be written by other users (mode "
                        + PosixFilePermissions.toString(permissions) + "), who could plant programs in it; make it"
                        + " owner-only (chmod 700 " + path + ") and check what it holds");
            }
            if (!permissions.equals(OWNER_DIR)) {
                Files.setPosixFilePermissions(path, OWNER_DIR);
            }
        } catch (IOException e) {
            throw new ConfigurationException("cannot check " + what + " " + path + ": " + e.getMessage(), e);
        }
    }

    static boolean writableByOthers(Set<PosixFilePermission> permissions) {
        return permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE);
    }

    /** The user this process runs as. */
    static int currentUid() {
        try {
            return (int) new com.sun.security.auth.module.UnixSystem().getUid();
        } catch (RuntimeException | LinkageError e) {
            try {
                // the kernel gives a process's own /proc entry to the user it runs as
                return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            } catch (IOException | RuntimeException unknown) {
                throw new ConfigurationException("cannot tell which user this process runs as: " + e.getMessage());
            }
        }
    }
}
