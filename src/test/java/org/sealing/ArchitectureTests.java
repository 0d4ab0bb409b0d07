package org.sealing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The direction of the packages, read from the sources: the stages know nothing of the job that
 * assembles them nor of the command line, the ledger below them knows none of them, and only the
 * command line knows the command line. Every use counts, an import or a fully qualified name in code;
 * comments and string literals do not. A breach fails naming the file, the line and the use.
 */
class ArchitectureTests {

    private static final Path MAIN = Path.of("src", "main", "java");
    private static final List<String> STAGES = List.of("plan", "apply", "verify", "report");
    /** What starts a comment or a literal; a text block before the string it also looks like. */
    private static final List<String> OPENINGS = List.of("//", "/*", "\"\"\"", "\"", "'");
    /** The entry point of the jar, which hands the arguments to the command line. */
    private static final Path APPLICATION = MAIN.resolve("org/sealing/SealingApplication.java");

    @Test
    void theStagesKnowNeitherTheRunNorTheCommandLine() {
        List<String> breaches = new ArrayList<>();
        for (String stage : STAGES) {
            breaches.addAll(uses(packageDir(stage), List.of("run", "cli")));
        }
        assertThat(breaches).as("plan, apply, verify and report must not use org.sealing.run or org.sealing.cli")
                .isEmpty();
    }

    /**
     * The layers of docs/architecture.md, from the command line down: a package uses its own layer
     * and those after it, never one before.
     */
    private static final List<List<String>> LAYERS = List.of(List.of("cli"), List.of("run", "schedule", "demo", "bench"),
            List.of("plan", "apply", "verify", "report"), List.of("register", "ledger", "catalog", "targetdb", "policy",
                    "vault"),
            List.of("job"), List.of("control"), List.of("support"));

    @Test
    void everyPackageUsesOnlyItsOwnLayerAndTheLayersBelow() {
        List<String> breaches = new ArrayList<>();
        List<String> above = new ArrayList<>();
        for (List<String> layer : LAYERS) {
            for (String name : layer) {
                if (!above.isEmpty()) {
                    breaches.addAll(uses(packageDir(name), above));
                }
            }
            above.addAll(layer);
        }
        assertThat(breaches).as("a package may use only its own layer and the layers after it: %s", LAYERS).isEmpty();
    }

    @Test
    void everyPackageHasALayer() throws IOException {
        List<String> layered = LAYERS.stream().flatMap(List::stream).toList();
        try (Stream<Path> dirs = Files.list(MAIN.resolve("org/sealing"))) {
            assertThat(dirs.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()))
                    .as("packages missing from LAYERS (and from docs/architecture.md)").allMatch(layered::contains);
        }
    }

    @Test
    void theLedgerKnowsNothingAboveIt() {
        assertThat(uses(packageDir("ledger"), List.of("run", "cli", "job", "plan", "apply", "verify", "report")))
                .as("the ledger must not use run, cli, job, plan, apply, verify or report").isEmpty();
    }

    @Test
    void onlyTheCommandLineKnowsTheCommandLine() {
        List<String> breaches = uses(MAIN.resolve("org/sealing"), List.of("cli")).stream()
                .filter(breach -> !breach.startsWith(packageDir("cli") + "/"))
                .filter(breach -> !breach.startsWith(APPLICATION + ":"))
                .toList();
        assertThat(breaches).as("no class outside org.sealing.cli may use it").isEmpty();
    }

    @Test
    void anImportOrAQualifiedNameIsFoundAndACommentOrAStringIsNot(@TempDir Path sources) throws IOException {
        Files.writeString(sources.resolve("Planner.java"), """
                package org.sealing.plan;

                import org.sealing.run.RunRecords;
                // org.sealing.cli.SealctlMain is only mentioned
                /* org.sealing.cli.Printer, nor here */
                class Planner {
                    String text = "org.sealing.cli.Printer";
                    String block = \"""
                            org.sealing.cli.Printer
                            \""";
                    Object figures = org.sealing.run . RunFigures.class;
                    Object runner = org.sealing.runner.Thing.class;
                }
                """);

        assertThat(uses(sources, List.of("run", "cli"))).containsExactly(
                sources.resolve("Planner.java") + ":3: import org.sealing.run.RunRecords;",
                sources.resolve("Planner.java") + ":11: Object figures = org.sealing.run . RunFigures.class;");
    }

    private static Path packageDir(String name) {
        return MAIN.resolve("org/sealing").resolve(name);
    }

    /** Each use of the packages {@code org.sealing.<forbidden>} in the Java files under a folder. */
    private static List<String> uses(Path dir, List<String> forbidden) {
        assertThat(dir).as("the folder the rule is about").isDirectory();
        Pattern use = Pattern.compile("\\borg\\s*\\.\\s*sealing\\s*\\.\\s*(" + String.join("|", forbidden) + ")\\b");
        List<String> breaches = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String source = Files.readString(file);
                String[] original = source.split("\n", -1);
                String[] code = codeOnly(source).split("\n", -1);
                for (int i = 0; i < code.length; i++) {
                    Matcher m = use.matcher(code[i]);
                    if (m.find()) {
                        breaches.add(file + ":" + (i + 1) + ": " + original[i].strip());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return breaches;
    }

    /** The source with comments and string and character literals blanked, line breaks kept. */
    private static String codeOnly(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            String open = opening(source, i);
            if (open == null) {
                out.append(source.charAt(i++));
                continue;
            }
            String close = switch (open) {
                case "//" -> "\n";
                case "/*" -> "*/";
                default -> open;
            };
            boolean literal = !open.startsWith("/");
            int from = i;
            i += open.length();
            while (i < n && !source.startsWith(close, i)) {
                // an escaped quote does not end a literal
                i += literal && source.charAt(i) == '\\' ? 2 : 1;
            }
            // a line comment ends before its line break, which stays
            i = Math.min(n, close.equals("\n") ? i : i + close.length());
            for (int k = from; k < i; k++) {
                out.append(source.charAt(k) == '\n' ? '\n' : ' ');
            }
        }
        return out.toString();
    }

    private static String opening(String source, int at) {
        for (String open : OPENINGS) {
            if (source.startsWith(open, at)) {
                return open;
            }
        }
        return null;
    }
}
