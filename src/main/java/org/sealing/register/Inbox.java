package org.sealing.register;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import org.sealing.SealingProperties;
import org.sealing.support.OwnerOnly;

/**
 * The nightly pick-up of court feeds from {@code inbox/}: files that can be read as feeds become an
 * import of the nightly run; files that cannot are moved to {@code inbox/refused/} with a note of why,
 * so they neither block the run nor come back every night; imported files move to
 * {@code inbox/processed/} once their import completed. Both folders, the files in them and the notes
 * are owner-only (0700, 0600): they hold names, dates of birth and NYSIDs.
 */
@Component
public class Inbox {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final SealingProperties properties;
    private final ImportFiles importFiles;
    private final JdbcTemplate jdbc;

    public Inbox(SealingProperties properties, ImportFiles importFiles, JdbcTemplate jdbc) {
        this.properties = properties;
        this.importFiles = importFiles;
        this.jdbc = jdbc;
    }

    /**
     * Records an import of the feeds waiting in the inbox and returns its id, or 0 when the inbox holds
     * none. Refused files are moved aside and recorded against the import.
     */
    @Transactional
    public long pickUp() {
        Path inbox = properties.inbox();
        if (!Files.isDirectory(inbox)) {
            return 0;
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(inbox)) {
            list.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted()
                    .forEach(files::add);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the inbox " + Printable.path(inbox) + ": "
                    + Printable.escape(e.getMessage()), e);
        }
        if (files.isEmpty()) {
            return 0;
        }
        List<FeedFileInspector.InspectedFeed> good = new ArrayList<>();
        List<String[]> refused = new ArrayList<>();
        for (Path file : files) {
            try {
                good.add(FeedFileInspector.inspect(file));
            } catch (FeedFileRefusedException e) {
                Path moved = move(file, "refused");
                writeNote(moved, e.getMessage());
                refused.add(new String[] {file.getFileName().toString(), e.getMessage()});
                log.warn("inbox: refused {}: {}", Printable.path(file.getFileName()), e.getMessage());
            }
        }
        long importId = importFiles.create(ImportFiles.Origin.INBOX, good);
        for (String[] r : refused) {
            jdbc.update("insert into feed_refusal (import_id, file_name, reason) values (?, ?, ?)", importId, r[0], r[1]);
        }
        return importId;
    }

    /** Moves the files of a completed inbox import to inbox/processed (those already moved are skipped). */
    public void archive(long importId) {
        for (ImportFiles.StoredFile file : importFiles.files(importId)) {
            Path path = Path.of(file.path());
            if (Files.exists(path) && path.getParent() != null
                    && path.getParent().toAbsolutePath().normalize().equals(properties.inbox().toAbsolutePath().normalize())) {
                move(path, "processed");
            }
        }
    }

    private Path move(Path file, String folder) {
        try {
            Path dir = OwnerOnly.directory(file.resolveSibling(folder));
            Path target = dir.resolve(STAMP.format(LocalDateTime.now()) + "-" + file.getFileName());
            Path moved = Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            makeOwnerOnly(moved);
            return moved;
        } catch (IOException e) {
            throw new IllegalStateException("cannot move " + Printable.path(file) + " to inbox/" + folder + ": "
                    + Printable.escape(e.getMessage()), e);
        }
    }

    /**
     * Makes a feed moved out of the inbox owner-only. A file dropped by another account (the court's
     * transfer user) cannot be changed by us: it is copied into a file of our own and the original
     * removed.
     */
    private static void makeOwnerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, OwnerOnly.filePermissions());
        } catch (IOException | SecurityException notOurs) {
            Path copy = OwnerOnly.tempFile(file.getParent(), ".copy-", ".tmp");
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static void writeNote(Path file, String reason) {
        Path note = file.resolveSibling(file.getFileName() + ".reason.txt");
        try {
            OwnerOnly.replaceFile(note);
            Files.writeString(note, reason + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            log.warn("cannot write the note beside {}: {}", Printable.path(file), Printable.escape(e.getMessage()));
        }
    }
}
