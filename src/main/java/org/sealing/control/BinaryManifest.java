package org.sealing.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.sealing.support.ConfigurationException;

/**
 * The SHA-256 manifest of the unpacked PostgreSQL binaries: written while unpacking from the archive's
 * own bytes, and compared with every file before each use, so that anything changed, added or removed
 * after unpacking is refused, naming the file.
 */
final class BinaryManifest {

    /** The manifest's file in the binaries' folder. */
    static final String NAME = "SHA256SUMS";

    private BinaryManifest() {
    }

    /**
     * Writes the manifest: for each path, {@code file <sha256>}, {@code link <target>} or {@code dir},
     * under a comment naming the archive and its own SHA-256.
     */
    static void write(Path dir, String resource, String archiveSha256, Map<String, String> manifest) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("# SHA-256 of every file unpacked from ").append(resource).append(" (archive ")
                .append(archiveSha256).append("), taken from the archive's bytes while unpacking\n");
        manifest.forEach((path, what) -> text.append(what).append('\t').append(path).append('\n'));
        Files.writeString(Files.createFile(dir.resolve(NAME),
                PosixFilePermissions.asFileAttribute(ControlFiles.OWNER_FILE)), text, StandardCharsets.UTF_8,
                StandardOpenOption.WRITE);
    }

    /** Compares every file under {@code dir} with the manifest written when it was unpacked. */
    static void verify(Path dir) {
        ControlFiles.checkPrivateDirectory(dir, "the embedded PostgreSQL binaries' folder");
        Map<String, String> expected = read(dir);
        Map<String, String> found = new LinkedHashMap<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attributes) {
                    if (!d.equals(dir)) {
                        checkPrivate(dir, d);
                        found.put(dir.relativize(d).toString(), "dir");
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attributes) throws IOException {
                    String relative = dir.relativize(f).toString();
                    if (relative.equals(NAME)) {
                        checkPrivate(dir, f);
                        return FileVisitResult.CONTINUE;
                    }
                    String what;
                    if (attributes.isSymbolicLink()) {
                        what = "link " + Files.readSymbolicLink(f);
                    } else if (attributes.isRegularFile()) {
                        checkPrivate(dir, f);
                        what = "file " + hash(f);
                    } else {
                        what = "other";
                    }
                    found.put(relative, what);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw tampered(dir, "cannot be read (" + e.getMessage() + ")");
        }
        for (Map.Entry<String, String> e : found.entrySet()) {
            String want = expected.get(e.getKey());
            if (want == null) {
                throw tampered(dir, e.getKey() + " was added after they were unpacked");
            }
            if (!want.equals(e.getValue())) {
                throw tampered(dir, e.getKey() + " differs from the SHA-256 recorded when they were unpacked");
            }
        }
        for (String path : expected.keySet()) {
            if (!found.containsKey(path)) {
                throw tampered(dir, path + " is missing");
            }
        }
    }

    private static Map<String, String> read(Path dir) {
        Path file = dir.resolve(NAME);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw tampered(dir, "their manifest " + NAME + " is missing");
        } catch (IOException e) {
            throw tampered(dir, "their manifest " + NAME + " cannot be read (" + e.getMessage() + ")");
        }
        Map<String, String> manifest = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int tab = line.lastIndexOf('\t');
            if (tab < 0) {
                throw tampered(dir, "their manifest " + NAME + " is damaged");
            }
            manifest.put(line.substring(tab + 1), line.substring(0, tab));
        }
        if (manifest.isEmpty()) {
            throw tampered(dir, "their manifest " + NAME + " is empty");
        }
        return manifest;
    }

    private static ConfigurationException tampered(Path dir, String what) {
        return new ConfigurationException("refusing to run the embedded PostgreSQL binaries in " + dir + ": " + what
                + "; delete that folder (rm -rf " + dir + ") and the next command unpacks them again from"
                + " sealctl's jar");
    }

    /** The rule of {@link ControlFiles#checkPrivateDirectory} for one entry, whose modes were set when unpacking. */
    private static void checkPrivate(Path dir, Path path) {
        try {
            int owner = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            if (owner != ControlFiles.currentUid()) {
                throw tampered(dir, dir.relativize(path) + " belongs to another user (uid " + owner + ")");
            }
            if (ControlFiles.writableByOthers(permissions)) {
                throw tampered(dir, dir.relativize(path) + " can be written by other users (mode "
                        + PosixFilePermissions.toString(permissions) + ")");
            }
        } catch (IOException e) {
            throw tampered(dir, dir.relativize(path) + " cannot be checked (" + e.getMessage() + ")");
        }
    }

    private static String hash(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return sha256(in, OutputStream.nullOutputStream());
        }
    }

    /** The SHA-256 of what {@code in} holds, copied to {@code out} on the way: one pass over the bytes. */
    static String sha256(InputStream in, OutputStream out) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) > 0) {
            digest.update(buffer, 0, n);
            out.write(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
