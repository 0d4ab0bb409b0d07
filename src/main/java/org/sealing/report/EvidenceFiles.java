package org.sealing.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.sealing.support.OwnerOnly;

/**
 * The files of one version of an execution's evidence package in {@code reports/}: the workbook, the
 * ledger export and the {@code sha256sum -c} file listing both, named
 * {@code compliance-YYYYMMDD-HHMMSS-eN[-vV]} (version 1 has no suffix). Each is written owner-only to a
 * temporary file first, then put in place under a name nothing has yet: a hard link, which fails rather
 * than replace a file, so that no version is ever written over, and a reader never sees half of one.
 */
final class EvidenceFiles {

    static final String WORKBOOK = ".xlsx";
    static final String LEDGER = ".ledger.csv.gz";
    static final String CHECKSUMS = ".sha256";

    private final Path dir;
    private final String base;

    /** The files of execution {@code base} ({@code compliance-...-eN}) in {@code dir}. */
    EvidenceFiles(Path dir, String base) {
        this.dir = dir;
        this.base = base;
    }

    /** The name of a version's file with this ending. */
    Path file(int version, String ending) {
        return dir.resolve(base + (version == 1 ? "" : "-v" + version) + ending);
    }

    /** The first version none of whose files exists. */
    int nextVersion() {
        int v = 1;
        while (Files.exists(file(v, WORKBOOK)) || Files.exists(file(v, LEDGER)) || Files.exists(file(v, CHECKSUMS))) {
            v++;
        }
        return v;
    }

    /** The ledger export of a workbook's path: the same name, another ending. */
    static Path ledgerOf(Path workbook) {
        String name = workbook.getFileName().toString();
        return workbook.resolveSibling(name.substring(0, name.length() - WORKBOOK.length()) + LEDGER);
    }

    /** A new owner-only temporary file in the directory, removed by the next writer once this process is gone. */
    Path temporary(String suffix) throws IOException {
        return temporaryIn(dir, suffix);
    }

    /** A new owner-only temporary file in {@code dir}, removed by the next writer once this process is gone. */
    static Path temporaryIn(Path dir, String suffix) throws IOException {
        OwnerOnly.directories(dir);
        Temporaries.sweep(dir);
        return Temporaries.create(dir, "compliance", suffix);
    }

    /** The text of the {@code .sha256} file of a version: one line per file, as {@code sha256sum} writes it. */
    static String checksums(String workbookSha, Path workbook, String ledgerSha, Path ledger) {
        return workbookSha + "  " + workbook.getFileName() + "\n" + ledgerSha + "  " + ledger.getFileName() + "\n";
    }

    /**
     * Puts the temporary files in place as a version's files, all or none: false, and nothing placed,
     * when a name is taken (another writer took the version meanwhile).
     *
     * @param temporaries the temporary files, in the order of {@code endings}
     */
    boolean place(int version, List<Path> temporaries, List<String> endings) throws IOException {
        List<Path> placed = new ArrayList<>();
        try {
            for (int i = 0; i < temporaries.size(); i++) {
                Path target = file(version, endings.get(i));
                link(target, temporaries.get(i));
                placed.add(target);
            }
            return true;
        } catch (FileAlreadyExistsException taken) {
            for (Path p : placed) {
                Files.deleteIfExists(p);
            }
            return false;
        }
    }

    /** A new name for a file, never one that exists: a hard link, or where links are not had, a checked move. */
    private static void link(Path target, Path temporary) throws IOException {
        try {
            Files.createLink(target, temporary);
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            if (e instanceof FileAlreadyExistsException taken) {
                throw taken;
            }
            // created new (it fails when the name is taken), owner-only, then filled
            Files.createFile(target, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    OwnerOnly.filePermissions()));
            try (OutputStream out = Files.newOutputStream(target)) {
                Files.copy(temporary, out);
            }
        }
    }

    /** The SHA-256 of a file, as hex. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Writes text to a new temporary file of the directory. */
    Path temporaryText(String suffix, String text) throws IOException {
        Path temp = temporary(suffix);
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        return temp;
    }
}
