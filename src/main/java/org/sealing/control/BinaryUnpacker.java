package org.sealing.control;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

import org.sealing.support.ConfigurationException;

/**
 * Unpacks zonky's archive of the PostgreSQL binaries into the control database's home, once, however
 * many commands arrive together: they take turns on a lock file, and unpacking writes a private staging
 * folder that is renamed into place, so no command ever sees half a folder. Every entry is written
 * owner-only and hashed from the archive's own bytes into the {@link BinaryManifest}.
 */
final class BinaryUnpacker {

    // its lines are the binaries' story, told under their name
    private static final Logger log = LoggerFactory.getLogger(PostgresBinaries.class);
    private static final Pattern STAGING = Pattern.compile("pgsql-.*\\.unpacking-(\\d+)-.*");

    private BinaryUnpacker() {
    }

    /**
     * Unpacks unless another command did while this one waited: commands arriving together take turns
     * on a lock file (threads of one JVM on this class first, as a JVM holds a file's lock only once),
     * so the work is done once; the staging folder and its rename make a command killed half-way
     * harmless.
     */
    static synchronized void unpackOnce(Path home, String system, String arch, String resource, Path target) {
        Path lockFile = home.resolve("pgsql.lock");
        try (FileChannel channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(ControlFiles.OWNER_FILE)); FileLock ignored = channel.lock()) {
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                removeAbandonedStaging(home);
                unpack(system, arch, resource, target);
            }
        } catch (IOException e) {
            throw new ConfigurationException("cannot lock " + lockFile + " to unpack the embedded PostgreSQL binaries: "
                    + e.getMessage(), e);
        }
    }

    private static void unpack(String system, String arch, String resource, Path target) {
        Path staging = target.resolveSibling(target.getFileName() + ".unpacking-" + ProcessHandle.current().pid()
                + "-" + Long.toHexString(System.nanoTime()));
        try (InputStream raw = archive(system, arch)) {
            Files.createDirectory(staging, PosixFilePermissions.asFileAttribute(ControlFiles.OWNER_DIR));
            MessageDigest archiveDigest = BinaryManifest.sha256();
            Map<String, String> manifest = extract(new DigestInputStream(raw, archiveDigest), staging);
            BinaryManifest.write(staging, resource, HexFormat.of().formatHex(archiveDigest.digest()), manifest);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                log.info("unpacked the embedded PostgreSQL binaries into {}", target);
            } catch (IOException e) {
                // another command unpacked the same binaries first (the rename found the folder): use
                // theirs, which the check that follows judges like ours
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new ConfigurationException("cannot unpack the embedded PostgreSQL binaries into " + target + ": "
                    + e.getMessage() + " (is the disk full?)", e);
        } finally {
            if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
                deleteTree(staging);
            }
        }
    }

    /** zonky's archive for this system, from the jar on the class path (nothing is downloaded). */
    private static InputStream archive(String system, String arch) {
        InputStream raw;
        try {
            raw = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, arch);
        } catch (IOException | RuntimeException e) {
            raw = null;
        }
        if (raw == null) {
            throw new ConfigurationException("no embedded PostgreSQL binaries for " + system + " " + arch
                    + "; set SEALING_CONTROL_URL to use an external PostgreSQL server");
        }
        return raw;
    }

    /**
     * Writes the archive's entries under {@code dir}, owner-only, and returns the manifest: for each
     * path, {@code file <sha256>} of the bytes as they came out of the archive, {@code link <target>}
     * or {@code dir}.
     */
    private static Map<String, String> extract(InputStream raw, Path dir) throws IOException {
        Map<String, String> manifest = new TreeMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZInputStream(new BufferedInputStream(raw, 1 << 16)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName();
                Path out = dir.resolve(name).normalize();
                String relative = dir.relativize(out).toString();
                if (!out.startsWith(dir) || out.equals(dir) && !entry.isDirectory() || !printable(relative)) {
                    throw new IOException("unexpected archive entry " + name);
                }
                createParents(dir, out.getParent(), manifest);
                if (entry.isDirectory()) {
                    if (!out.equals(dir) && !Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectory(out, PosixFilePermissions.asFileAttribute(ControlFiles.OWNER_DIR));
                    }
                    if (!out.equals(dir)) {
                        manifest.put(relative, "dir");
                    }
                } else if (entry.isSymbolicLink()) {
                    String link = entry.getLinkName();
                    // a link may only name a file beside it: nothing outside the folder, no climbing out
                    if (link.isEmpty() || link.contains("/") || !printable(link)) {
                        throw new IOException("unexpected link " + name + " -> " + link);
                    }
                    Files.createSymbolicLink(out, Path.of(link));
                    manifest.put(relative, "link " + link);
                } else if (entry.isFile()) {
                    boolean program = (entry.getMode() & 0100) != 0 || relative.startsWith("bin/");
                    manifest.put(relative, "file " + write(tar, out, program));
                } else {
                    throw new IOException("unexpected archive entry " + name);
                }
            }
        }
        return manifest;
    }

    /** Writes one file of the archive, owner-only (and executable for a program); returns its SHA-256. */
    private static String write(InputStream tar, Path out, boolean program) throws IOException {
        try (OutputStream file = Files.newOutputStream(Files.createFile(out, PosixFilePermissions.asFileAttribute(
                program ? ControlFiles.OWNER_PROGRAM : ControlFiles.OWNER_FILE)), StandardOpenOption.WRITE)) {
            return BinaryManifest.sha256(tar, file);
        }
    }

    /** Creates the missing folders between {@code dir} and {@code parent}, owner-only, never through a link. */
    private static void createParents(Path dir, Path parent, Map<String, String> manifest) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = parent; !p.equals(dir); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw new IOException("archive entry under a link: " + dir.relativize(p));
            }
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                missing.add(0, p);
            }
        }
        for (Path p : missing) {
            Files.createDirectory(p, PosixFilePermissions.asFileAttribute(ControlFiles.OWNER_DIR));
            manifest.put(dir.relativize(p).toString(), "dir");
        }
    }

    /** Staging folders of commands that died while unpacking. */
    private static void removeAbandonedStaging(Path home) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(home, "pgsql-*.unpacking-*")) {
            for (Path entry : entries) {
                Matcher m = STAGING.matcher(entry.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).map(ProcessHandle::isAlive)
                        .orElse(false)) {
                    continue;
                }
                deleteTree(entry);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("could not remove abandoned unpacking folders in {}: {}", home, e.getMessage());
        }
    }

    private static boolean printable(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.debug("could not remove {}: {}", dir, e.getMessage());
        }
    }
}
