package org.sealing.register;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Decides, before anything is imported, whether a file can be read as a feed at all: it exists, is
 * not empty, and starts with a text header line naming the feed's columns (a binary file, compressed
 * or UTF-16, fails there: its first line holds a NUL byte or cannot be decoded). A file that fails is
 * refused whole (SPEC section 5). What follows the header is judged line by line, so that a NUL byte
 * or any other damage in one data line costs that line and not the file. The file's fingerprint lets a
 * restart check that it still reads the same file.
 */
public final class FeedFileInspector {

    private static final int MAX_HEADER_BYTES = 1 << 16;

    private FeedFileInspector() {
    }

    /** A file that passed inspection. */
    public record InspectedFeed(Path path, long size, String sha256, FeedHeader header) {
    }

    /** What a header line gave: the header, and nothing else of the file. */
    record HeaderLine(FeedHeader header) {
    }

    /** Inspects one file, or throws an exception whose message names the file and the problem. */
    public static InspectedFeed inspect(Path file) {
        String name = file.toString();
        if (!Files.exists(file)) {
            throw new FeedFileRefusedException(name, "no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new FeedFileRefusedException(name, "not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new FeedFileRefusedException(name, "cannot be read (permission denied)");
        }
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw new FeedFileRefusedException(name, "is empty: a feed needs at least its header line");
            }
            String sha256 = fingerprint(file);
            return new InspectedFeed(file, size, sha256, readHeader(file).header());
        } catch (IOException e) {
            throw new FeedFileRefusedException(name, "cannot be read: " + e.getMessage());
        }
    }

    /** The SHA-256 of the file. */
    static String fingerprint(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            while (in.read(buffer) >= 0) {
                // the digest sees every byte read
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The header of a file, read from its first line. */
    static HeaderLine readHeader(Path file) throws IOException {
        String name = file.toString();
        byte[] first;
        boolean cut;
        try (PhysicalLines lines = new PhysicalLines(file, 0)) {
            first = lines.next();
            cut = lines.wasCut();
        }
        if (first == null) {
            throw new FeedFileRefusedException(name, "is empty: a feed needs at least its header line");
        }
        for (int i = 0; i < first.length; i++) {
            if (first[i] == 0) {
                throw new FeedFileRefusedException(name, "is binary, not a CSV feed (NUL byte at offset " + i
                        + " of its first line)");
            }
        }
        if (cut || first.length > MAX_HEADER_BYTES) {
            throw new FeedFileRefusedException(name, "has no header line (its first line is longer than "
                    + MAX_HEADER_BYTES + " bytes): not a CSV feed");
        }
        FeedCsv csv = new FeedCsv();
        String text = csv.decode(first, FeedCsv.startsWithBom(first) ? 3 : 0);
        if (text == null) {
            throw new FeedFileRefusedException(name, "is not UTF-8 text: its header line cannot be decoded");
        }
        if (text.isBlank()) {
            throw new FeedFileRefusedException(name, "has no header line (its first line is empty)");
        }
        FeedCsv.Parsed parsed = csv.parse(text);
        if (parsed.shape() != FeedCsv.Shape.COMPLETE) {
            throw new FeedFileRefusedException(name, "has no readable header line (broken quoting)");
        }
        try {
            return new HeaderLine(FeedHeader.parse(parsed.fields()));
        } catch (FeedHeader.BadHeader e) {
            throw new FeedFileRefusedException(name, e.getMessage());
        }
    }
}
