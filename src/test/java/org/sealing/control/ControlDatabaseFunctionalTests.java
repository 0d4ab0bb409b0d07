package org.sealing.control;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.sealing.support.JsonOutput;
import org.sealing.support.Feeds;
import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.SealctlProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control database as a new user meets it: embedded under {@code .sealing/} with nothing set up,
 * its binaries unpacked there and refused once changed, shared safely by commands that run at once,
 * stopped by the last of them; or external, with the
 * HMAC key rules of SPEC section 4 and a clear message when it cannot be reached.
 */
class ControlDatabaseFunctionalTests extends FunctionalTestSupport {

    @TempDir
    Path home;

    @Test
    void theEmbeddedDatabaseIsSharedByCommandsRunningAtOnceAndStoppedByTheLastOne() throws Exception {
        // given a directory with nothing in it, and a feed long enough to outlast a status command
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            lines.add(Feeds.valid("E-" + i, "B" + String.format("%08d", i)));
        }
        Path feed = Feeds.write(home, "feed.csv", lines.toArray(new String[0]));
        Map<String, String> env = new HashMap<>();
        env.put("SEALING_IMPORTING_CHUNKSIZE", "100");

        // when an import and two status commands start at the same moment in that directory
        SealctlProcess importing = SealctlProcess.start(home, env, "import", feed.toString(), "--json");
        SealctlProcess status1 = SealctlProcess.start(home, env, "status");
        SealctlProcess status2 = SealctlProcess.start(home, env, "--json", "status");

        // then all succeed: the server one of them started outlives the two that left first
        assertThat(status1.waitFor(120)).as(status1.err()).isZero();
        assertThat(status2.waitFor(120)).as(status2.err()).isZero();
        assertThat(importing.waitFor(300)).as(importing.err()).isZero();
        JsonOutput.of(importing.out()).has("accepted", 20000);

        // and the last one out stopped the server cleanly; the key was made owner-only
        assertThat(home.resolve(".sealing/postgres/postmaster.pid")).doesNotExist();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(".sealing/hmac.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(".sealing"))))
                .isEqualTo("rwx------");
        // and the server's binaries were unpacked once, beside them and owner-only too
        try (var entries = Files.list(home.resolve(".sealing"))) {
            List<Path> binaries = entries.filter(p -> p.getFileName().toString().startsWith("pgsql-")).toList();
            assertThat(binaries).hasSize(1);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(binaries.get(0))))
                    .isEqualTo("rwx------");
        }

        // and the vault's key was generated beside it, owner-only, and is another key
        Path vaultKey = home.resolve(".sealing/vault.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(vaultKey))).isEqualTo("rw-------");
        String generated = Files.readString(vaultKey);
        assertThat(generated.strip()).hasSize(64).isNotEqualTo(Files.readString(home.resolve(".sealing/hmac.key")).strip());

        // and the next command finds what the earlier ones left, and the same vault key
        SealctlProcess later = SealctlProcess.start(home, env, "status", "--json");
        assertThat(later.waitFor(120)).isZero();
        JsonOutput.of(later.out()).items("executions").get(0).has("job", "import", "status", "COMPLETED", "accepted", 20000);
        assertThat(home.resolve(".sealing/postgres/postmaster.pid")).doesNotExist();
        assertThat(Files.readString(vaultKey)).isEqualTo(generated);
    }

    @Test
    void aChangedBinaryIsRefusedAtTheNextStartWithOneLineSayingHowToRecover() throws Exception {
        // given a home whose binaries an earlier command unpacked, and then one byte of the server changed
        Path sealing = home.resolve(".sealing");
        Path binaries = unpackedBinaries(sealing);
        Path postgres = binaries.resolve("bin/postgres");
        byte[] bytes = Files.readAllBytes(postgres);
        bytes[bytes.length / 3] ^= 0x20;
        Files.write(postgres, bytes);

        // when the next command starts
        SealctlProcess status = SealctlProcess.start(home, Map.of(), "status");

        // then it refuses before running anything, in one line naming the file and the way back
        assertThat(status.waitFor(120)).as(status.err()).isEqualTo(2);
        assertThat(status.err()).contains("sealctl: refusing to run the embedded PostgreSQL binaries in " + binaries
                + ": bin/postgres differs from the SHA-256 recorded when they were unpacked; delete that folder (rm -rf "
                + binaries + ") and the next command unpacks them again");
        assertThat(status.err()).doesNotContain("Exception", "\tat ");
        assertThat(sealing.resolve("postgres")).doesNotExist();
        assertThat(binaries).startsWith(home);
    }

    /**
     * A home with the binaries unpacked: a copy of the tests' own server's (they are the same jar's),
     * or, when the tests use an external server, what a first command unpacks.
     */
    private Path unpackedBinaries(Path sealing) throws Exception {
        Path tests = Path.of("target", "test-control-db");
        Path source = null;
        if (Files.isDirectory(tests)) {
            try (var entries = Files.list(tests)) {
                source = entries.filter(p -> p.getFileName().toString().matches("pgsql-[^.]+\\..*[0-9a-f]{8}"))
                        .findFirst().orElse(null);
            }
        }
        if (source == null) {
            assertThat(SealctlProcess.start(home, Map.of(), "status").waitFor(300)).isZero();
        } else {
            Files.createDirectories(sealing);
            Files.setPosixFilePermissions(sealing, PosixFilePermissions.fromString("rwx------"));
            Path from = source;
            try (var all = Files.walk(from)) {
                for (Path p : all.toList()) {
                    Files.copy(p, sealing.resolve(from.getFileName()).resolve(from.relativize(p).toString()),
                            StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
        try (var entries = Files.list(sealing)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("pgsql-") && Files.isDirectory(p))
                    .findFirst().orElseThrow();
        }
    }

    @Test
    void anExternalControlDatabaseNeedsTheHmacKeyAndTheSameKeyEveryTime() throws Exception {
        Map<String, String> env = SealctlProcess.controlEnv(controlUrl(), controlUser(), controlPassword());

        env.remove("SEALING_HMAC_KEY");
        SealctlProcess noKey = SealctlProcess.start(home, env, "status");
        assertThat(noKey.waitFor(120)).isEqualTo(2);
        assertThat(noKey.err()).contains("SEALING_HMAC_KEY is not set");

        env.put("SEALING_HMAC_KEY", "short");
        SealctlProcess shortKey = SealctlProcess.start(home, env, "status");
        assertThat(shortKey.waitFor(120)).isEqualTo(2);
        assertThat(shortKey.err()).contains("SEALING_HMAC_KEY is too short");

        env.put("SEALING_HMAC_KEY", "another-key-0123456789abcdef0123456789");
        SealctlProcess otherKey = SealctlProcess.start(home, env, "status");
        assertThat(otherKey.waitFor(120)).isEqualTo(2);
        assertThat(otherKey.err()).contains("is not the one this control database's row references were made with");

        assertThat(home.resolve(".sealing")).doesNotExist();
    }

    @Test
    void anExternalControlDatabaseNeedsAVaultKeyOfItsOwnAndAVaultDatabaseThatCanBeReached() throws Exception {
        Map<String, String> env = SealctlProcess.controlEnv(controlUrl(), controlUser(), controlPassword());

        env.remove("SEALING_VAULT_KEY");
        SealctlProcess noKey = SealctlProcess.start(home, env, "status");
        assertThat(noKey.waitFor(120)).isEqualTo(2);
        assertThat(noKey.err()).contains("SEALING_VAULT_KEY is not set: an external control database").contains(
                "needs the key of the vault in SEALING_VAULT_KEY");

        env.put("SEALING_VAULT_KEY", "short");
        SealctlProcess shortKey = SealctlProcess.start(home, env, "status");
        assertThat(shortKey.waitFor(120)).isEqualTo(2);
        assertThat(shortKey.err()).contains("SEALING_VAULT_KEY is too short");

        env.put("SEALING_VAULT_KEY", FunctionalTestSupport.TEST_HMAC_KEY);
        SealctlProcess sameKey = SealctlProcess.start(home, env, "status");
        assertThat(sameKey.waitFor(120)).isEqualTo(2);
        assertThat(sameKey.err()).contains("SEALING_VAULT_KEY must differ from SEALING_HMAC_KEY");

        env.put("SEALING_VAULT_KEY", FunctionalTestSupport.TEST_VAULT_KEY);
        env.put("SEALING_VAULT_URL", "jdbc:postgresql://127.0.0.1:9/vault?ssl=false");
        SealctlProcess elsewhere = SealctlProcess.start(home, env, "status");
        assertThat(elsewhere.waitFor(120)).isEqualTo(2);
        assertThat(elsewhere.err()).contains("cannot use the vault database jdbc:postgresql://127.0.0.1:9/vault: ",
                "(check SEALING_VAULT_URL, SEALING_VAULT_USER and SEALING_VAULT_PASSWORD)");

        assertThat(home.resolve(".sealing")).doesNotExist();
    }

    @Test
    void anUnreachableControlDatabaseIsAClearErrorAndChangesNothing() throws Exception {
        Map<String, String> env = SealctlProcess.controlEnv("jdbc:postgresql://127.0.0.1:9/nowhere", "x", "y");
        Path feed = Feeds.write(home, "feed.csv", Feeds.valid("X-1", "Q00000001"));

        SealctlProcess importing = SealctlProcess.start(home, env, "import", feed.toString());

        assertThat(importing.waitFor(120)).isEqualTo(2);
        assertThat(importing.err()).contains("cannot use the control database", "127.0.0.1:9");
    }
}
