package org.sealing.register;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

import org.sealing.job.JobRunner;
import org.sealing.support.Feeds;
import org.sealing.support.FunctionalTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The nightly pick-up of the inbox as the host sees it: the feeds it read and the files it refused
 * (names, dates of birth, NYSIDs) and the notes of why are owner-only, in owner-only folders, however
 * open the court's transfer left them.
 */
class InboxFunctionalTests extends FunctionalTestSupport {

    private Path inbox;

    @BeforeEach
    void emptyInbox() throws IOException {
        resetControlDatabase();
        inbox = properties().inbox();
        if (Files.exists(inbox)) {
            try (Stream<Path> all = Files.walk(inbox)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(inbox);
    }

    @Test
    void processedAndRefusedFeedsAndTheirNotesAreOwnerOnly() throws Exception {
        // given a feed and a file that is not one, both left readable by everyone, and a processed folder
        // an earlier version made open
        Path feed = Feeds.write(inbox, "court-feed.csv", Feeds.valid("I-1", "K00000001"));
        Path refused = Feeds.writeBytes(inbox, "scan\u0007.pdf", new byte[] {'%', 'P', 'D', 'F', 0, 1});
        for (Path p : List.of(feed, refused)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.createDirectory(inbox.resolve("processed"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));

        // when the nightly import picks them up and completes
        Inbox pickUp = application.getBean(Inbox.class);
        long importId = pickUp.pickUp();
        JobExecution execution = application.getBean(JobRunner.class).start(ImportJobConfiguration.JOB_NAME,
                new JobParametersBuilder().addLong(ImportJobConfiguration.IMPORT_ID, importId).toJobParameters());

        // then every file moved out of the inbox, and every folder holding them, is owner-only
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(mode(inbox.resolve("processed"))).isEqualTo("rwx------");
        assertThat(mode(inbox.resolve("refused"))).isEqualTo("rwx------");
        List<Path> moved = Stream.concat(Files.list(inbox.resolve("processed")), Files.list(inbox.resolve("refused")))
                .toList();
        assertThat(moved).extracting(p -> p.getFileName().toString())
                .anyMatch(n -> n.endsWith("-court-feed.csv"))
                .anyMatch(n -> n.endsWith("-scan\u0007.pdf"))
                .anyMatch(n -> n.endsWith("-scan\u0007.pdf.reason.txt"))
                .hasSize(3);
        for (Path p : moved) {
            assertThat(mode(p)).as(p.getFileName().toString()).isEqualTo("rw-------");
        }
        // and the note names the file with its control character escaped
        Path note = moved.stream().filter(p -> p.toString().endsWith(".reason.txt")).findFirst().orElseThrow();
        assertThat(Files.readString(note, StandardCharsets.UTF_8)).contains("scan\\u0007.pdf", "is binary")
                .doesNotContain("\u0007");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
