package org.sealing.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import org.sealing.ledger.RunRecords;
import org.sealing.catalog.TargetDefinition;
import org.sealing.catalog.TargetDefinitionLoader;

/**
 * The target definitions a run keeps (SPEC section 7): recorded in the control database when the run
 * starts, and read back from there when it restarts, so that a restart works on what the run started
 * with, whatever directory the restart is run from and whatever the files say now; and what differs
 * between the two, which the restart tells the operator.
 */
@Component
public class RunDefinitions {

    private final TargetDefinitionLoader loader;
    private final RunRecords runs;

    public RunDefinitions(TargetDefinitionLoader loader, RunRecords runs) {
        this.loader = loader;
        this.runs = runs;
    }

    /** The definitions a run restarts with, and how the files on disk now differ from them. */
    public record Restored(List<TargetDefinition> targets, List<String> differences) {
    }

    /**
     * The definitions a run recorded, parsed again (their variables expand from the environment of the
     * restart, which is where credentials live). A run recorded before definitions were kept restarts
     * with the files of {@code configDir}, which {@code differences} says.
     */
    public Restored restore(long runId, List<String> runTargets, Path configDir) {
        List<RunRecords.RecordedDefinition> recorded = runs.definitions(runId);
        boolean recordedRun = runs.run(runId) != null;
        if (recorded.isEmpty()) {
            List<TargetDefinition> chosen;
            try {
                chosen = RunService.chosen(loader.load(configDir), runTargets);
            } catch (org.sealing.support.ConfigurationException e) {
                throw new org.sealing.support.ConfigurationException("run " + runId + " recorded no definitions and "
                        + configDir.resolve("targets") + " does not serve: " + e.getMessage() + "; restart it with"
                        + " --config set to the directory it was started with", e);
            }
            // killed before it recorded itself (its restart records these), or recorded by an older version
            return new Restored(chosen, List.of("run " + runId + (recordedRun
                    ? " started before runs kept their definitions" : " stopped before it recorded its definitions")
                    + "; it restarts with the files of " + configDir.resolve("targets")));
        }
        List<String> recordedNames = recorded.stream().map(RunRecords.RecordedDefinition::target).toList();
        if (!runTargets.isEmpty() && !new java.util.HashSet<>(recordedNames).equals(new java.util.HashSet<>(runTargets))) {
            throw new org.sealing.support.ConfigurationException("run " + runId + " ran targets " + runTargets
                    + " but recorded definitions of " + recordedNames + "; the control database is not as the run"
                    + " left it: start a new run");
        }
        List<TargetDefinition> targets = new ArrayList<>();
        for (RunRecords.RecordedDefinition d : recorded) {
            targets.add(loader.parse(Path.of(d.fileName()), d.source()));
        }
        return new Restored(targets, differences(recorded, configDir));
    }

    /** What differs between the recorded definitions and the files of {@code configDir}, one line each. */
    private List<String> differences(List<RunRecords.RecordedDefinition> recorded, Path configDir) {
        TargetDefinitionLoader.Loaded onDisk = loader.read(configDir);
        Map<String, TargetDefinition> byName = onDisk.targets().stream()
                .collect(Collectors.toMap(TargetDefinition::name, Function.identity(), (a, b) -> a));
        List<String> differences = new ArrayList<>();
        for (RunRecords.RecordedDefinition d : recorded) {
            TargetDefinition now = byName.get(d.target());
            if (now == null) {
                differences.add("target " + d.target() + " is no longer defined in " + configDir.resolve("targets")
                        + " (or its file has problems); the restart uses the definition the run started with");
            } else if (!sha256(now.source()).equals(d.sha256())) {
                differences.add(now.file() + " changed since the run started; the restart uses the definition"
                        + " the run started with (run sealctl run to use the new one)");
            }
        }
        return differences;
    }

    /** What a run records of a definition when it starts. */
    static RunRecords.RecordedDefinition record(TargetDefinition target) {
        return new RunRecords.RecordedDefinition(target.name(), target.file().toString(), target.source(),
                sha256(target.source()));
    }

    /** The SHA-256 of the definitions a run uses, for the workbook. */
    static String fingerprint(List<TargetDefinition> targets) {
        MessageDigest digest = digest();
        for (TargetDefinition target : targets.stream().sorted(Comparator.comparing(TargetDefinition::name)).toList()) {
            digest.update(target.name().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(target.source().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256(String text) {
        return HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
