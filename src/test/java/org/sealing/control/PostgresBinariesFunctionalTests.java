package org.sealing.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.sealing.support.ConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The embedded server's binaries as a hostile host meets them: unpacked into the owner-only home (not
 * the shared temporary directory) safely by commands arriving together, and refused, naming the file,
 * when anything in them changed after they were unpacked.
 */
class PostgresBinariesFunctionalTests {

    /** Under target/, not java.io.tmpdir: the test must be able to tell the two apart. */
    private static Path root;
    private static Path home;
    private static List<PostgresBinaries> unpackedAtOnce;

    @BeforeAll
    static void twoCommandsUnpackIntoOneHomeAtOnce() throws Exception {
        root = Files.createDirectories(Path.of("target", "binaries-tests").toAbsolutePath());
        deleteTree(root);
        home = Files.createDirectories(root.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<PostgresBinaries> unpack = () -> PostgresBinaries.verified(home);
            List<Future<PostgresBinaries>> both = pool.invokeAll(List.of(unpack, unpack), 5, TimeUnit.MINUTES);
            unpackedAtOnce = List.of(both.get(0).get(), both.get(1).get());
        } finally {
            pool.shutdownNow();
        }
    }

    @AfterAll
    static void cleanUp() {
        deleteTree(root);
    }

    @Test
    void twoCommandsUnpackingAtOnceShareOneCompleteFolderUnderTheHome() throws IOException {
        assertThat(unpackedAtOnce.get(0).dir()).isEqualTo(unpackedAtOnce.get(1).dir());
        try (Stream<Path> entries = Files.list(home)) {
            // one folder, no staging folder left behind; beside it only the lock the two took turns on
            assertThat(entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList())
                    .singleElement().asString().matches("pgsql-17\\.[0-9.]+-[0-9a-f]{8}");
        }
        PostgresBinaries binaries = unpackedAtOnce.get(0);
        assertThat(binaries.dir()).startsWith(home);
        assertThat(binaries.dir().resolve(PostgresBinaries.MANIFEST)).isRegularFile();
    }

    @Test
    void theProgramsRunFromTheHomeAndNotFromTheTemporaryDirectory() throws Exception {
        PostgresBinaries binaries = PostgresBinaries.verified(home);
        List<String> command = binaries.command("pg_ctl", "--version");
        Path program = Path.of(command.get(command.size() - 2));

        assertThat(program).startsWith(home).isExecutable();
        assertThat(program.startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath())).isFalse();
        // and they run (as root in a user namespace, which must still read the owner-only files)
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        assertThat(output).contains("PostgreSQL) 17");
    }

    @Test
    void everythingUnpackedIsOwnerOnly() throws IOException {
        try (Stream<Path> all = Files.walk(unpackedAtOnce.get(0).dir())) {
            for (Path p : all.filter(p -> !Files.isSymbolicLink(p)).toList()) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(p);
                assertThat(PosixFilePermissions.toString(permissions)).as(p.toString()).endsWith("------");
            }
        }
    }

    @Test
    void oneChangedByteInAProgramIsRefusedNamingTheFileAndTheWayBack() throws IOException {
        Path copy = copyOfHome("changed-byte");
        Path pgCtl = binariesIn(copy).resolve("bin/pg_ctl");
        byte[] bytes = Files.readAllBytes(pgCtl);
        bytes[bytes.length / 2] ^= 1;
        Files.write(pgCtl, bytes);

        assertThatThrownBy(() -> PostgresBinaries.verified(copy))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("refusing to run the embedded PostgreSQL binaries in " + binariesIn(copy))
                .hasMessageContaining("bin/pg_ctl differs from the SHA-256 recorded when they were unpacked")
                .hasMessageContaining("delete that folder (rm -rf " + binariesIn(copy) + ")")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aPlantedFileOrAMissingOneIsRefused() throws IOException {
        Path planted = copyOfHome("planted");
        Files.writeString(binariesIn(planted).resolve("lib/libevil.so"), "x");
        assertThatThrownBy(() -> PostgresBinaries.verified(planted))
                .hasMessageContaining("lib/libevil.so was added after they were unpacked");

        Path missing = copyOfHome("missing");
        Files.delete(binariesIn(missing).resolve("bin/initdb"));
        assertThatThrownBy(() -> PostgresBinaries.verified(missing)).hasMessageContaining("bin/initdb is missing");

        Path relinked = copyOfHome("relinked");
        Path link = binariesIn(relinked).resolve("lib/libpq.so");
        Files.delete(link);
        Files.createSymbolicLink(link, Path.of("/tmp/libpq.so"));
        assertThatThrownBy(() -> PostgresBinaries.verified(relinked))
                .hasMessageContaining("lib/libpq.so differs");
    }

    @Test
    void aHomeOrFolderOthersCanWriteIsRefused() throws IOException {
        Path openHome = copyOfHome("open-home");
        Files.setPosixFilePermissions(openHome, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> PostgresBinaries.verified(openHome))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("can be written by other users (mode rwxrwxrwx)")
                .hasMessageContaining("chmod 700 " + openHome);

        Path openFolder = copyOfHome("open-folder");
        Files.setPosixFilePermissions(binariesIn(openFolder), PosixFilePermissions.fromString("rwxrwx---"));
        assertThatThrownBy(() -> PostgresBinaries.verified(openFolder))
                .hasMessageContaining("can be written by other users (mode rwxrwx---)");

        Path openProgram = copyOfHome("open-program");
        Files.setPosixFilePermissions(binariesIn(openProgram).resolve("bin/postgres"),
                PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> PostgresBinaries.verified(openProgram))
                .hasMessageContaining("bin/postgres can be written by other users");
    }

    @Test
    void aHomeOthersMayOnlyReadIsMadeOwnerOnly() throws IOException {
        Path readable = copyOfHome("readable");
        Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rwxr-xr-x"));

        PostgresBinaries.verified(readable);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(readable))).isEqualTo("rwx------");
    }

    @Test
    void aFileOfAnotherUserIsRefused() throws IOException {
        assumeThat(System.getProperty("user.name")).as("only root can give a file away").isEqualTo("root");
        Path foreign = copyOfHome("foreign");
        Files.setAttribute(binariesIn(foreign).resolve("bin/pg_ctl"), "unix:uid", 4242, LinkOption.NOFOLLOW_LINKS);
        assertThatThrownBy(() -> PostgresBinaries.verified(foreign))
                .hasMessageContaining("bin/pg_ctl belongs to another user (uid 4242)");

        Path foreignHome = copyOfHome("foreign-home");
        Files.setAttribute(foreignHome, "unix:uid", 4242);
        assertThatThrownBy(() -> PostgresBinaries.verified(foreignHome))
                .hasMessageContaining("belongs to another user (uid 4242)");
    }

    private static Path binariesIn(Path someHome) throws IOException {
        try (Stream<Path> entries = Files.list(someHome)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("pgsql-")).findFirst().orElseThrow();
        }
    }

    /** A copy of the unpacked home, modes and links as they are, for one test to damage. */
    private static Path copyOfHome(String name) throws IOException {
        Path target = root.resolve(name);
        deleteTree(target);
        try (Stream<Path> all = Files.walk(home)) {
            for (Path source : all.toList()) {
                Files.copy(source, target.resolve(home.relativize(source).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
            }
        }
        return target;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
