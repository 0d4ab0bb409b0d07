package org.sealing.report;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process killed while it wrote a workbook leaves its temporary file in {@code reports/}; the next
 * writer on the host removes it, and never the file of a writer still at work.
 */
class StaleTemporariesTests {

    @TempDir
    Path reports;

    @Test
    void theTemporaryFilesOfWritersThatAreGoneAreRemovedAndOnlyThose() throws Exception {
        String host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.]", "_");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long alive = ProcessHandle.current().pid();
        Path dead = Files.createFile(reports.resolve(".compliance-" + host + "-" + gone.pid() + "-42.xlsx.tmp"));
        Path deadSum = Files.createFile(reports.resolve(".sha256-" + host + "-" + gone.pid() + "-7.tmp"));
        Path working = Files.createFile(reports.resolve(".compliance-" + host + "-" + alive + "-43.xlsx.tmp"));
        Path otherHost = Files.createFile(reports.resolve(".compliance-elsewhere-" + gone.pid() + "-44.xlsx.tmp"));
        Path workbook = Files.createFile(reports.resolve("compliance-20261130-020000-e1.xlsx"));

        Temporaries.sweep(reports);

        assertThat(dead).doesNotExist();
        assertThat(deadSum).doesNotExist();
        assertThat(working).exists();
        assertThat(otherHost).exists();
        assertThat(workbook).exists();
    }
}
