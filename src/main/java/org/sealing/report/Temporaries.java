package org.sealing.report;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.sealing.support.OwnerOnly;

/**
 * The temporary files evidence is written to before it is moved into place, named after their writer
 * ({@code .KIND-HOST-PID-*.tmp}): a process killed while writing leaves its file behind, and the next
 * writer on the same host removes it once that process is gone, never the file of a writer at work.
 */
final class Temporaries {

    private static final String HOST = host();
    private static final String OWNER = HOST + "-" + ProcessHandle.current().pid() + "-";
    private static final Pattern TEMPORARY = Pattern.compile("\\.(?:compliance|sha256)-(.+)-(\\d+)-.*\\.tmp");

    private Temporaries() {
    }

    /** A new owner-only temporary file of this process in {@code dir}; {@code kind} is compliance or sha256. */
    static Path create(Path dir, String kind, String suffix) throws IOException {
        return OwnerOnly.tempFile(dir, "." + kind + "-" + OWNER, suffix);
    }

    /** Removes the temporary files of writers on this host whose process is gone (killed while writing). */
    static void sweep(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Matcher m = TEMPORARY.matcher(f.getFileName().toString());
                if (m.matches() && m.group(1).equals(HOST)
                        && !ProcessHandle.of(Long.parseLong(m.group(2))).map(ProcessHandle::isAlive).orElse(false)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static String host() {
        try {
            // no '-' in it, which separates the name's parts
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.]", "_");
        } catch (IOException e) {
            return "localhost";
        }
    }
}
