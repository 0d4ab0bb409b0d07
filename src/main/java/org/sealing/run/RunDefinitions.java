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
import org.sealing.policy.Policy;
import org.sealing.policy.PolicyLoader;

/**
 * The target definitions and policy a run keeps (SPEC section 7): recorded in the control database when the run
 * starts, and read back from there when it restarts, so that a restart works on what the run started
 * with, whatever directory the restart is run from and whatever the files say now; and what differs
 * between the two, which the restart tells the operator.
 */
@Component
public class RunDefinitions {

    private final TargetDefinitionLoader loader;
    private final RunRecords runs;
    private final PolicyLoader policies;

    public RunDefinitions(TargetDefinitionLoader loader, RunRecords runs, PolicyLoader policies) {
        this.loader = loader;
        this.runs = runs;
        this.policies = policies;
    }

    /** The definitions and policy a run restarts with, and how the files on disk now differ from them. */
    public record Restored(List<TargetDefinition> targets, Policy policy, List<String> differences) {
    }

    /**
     * The policy a run recorded, or, for a run that recorded none, that of {@code configDir} (which
     * {@code differences} then says); and how {@code configDir}'s policy now differs from it.
     */
    private Policy restorePolicy(long runId, Path configDir, List<String> differences) {
        RunRecords.RecordedPolicy recorded = runs.policy(runId);
        if (recorded == null) {
            differences.add("run " + runId + " recorded no policy; it restarts with that of " + configDir
                    + " (" + configDir.resolve(PolicyLoader.FILE) + " or the built-in one)");
            return policies.load(configDir);
        }
        Policy policy = policies.parse(Path.of(recorded.source()), recorded.text());
        PolicyLoader.Loaded now = policies.read(configDir);
        String nowSha = now.policy() == null ? null : now.policy().sha256();
        if (!recorded.sha256().equals(nowSha)) {
            differences.add("the policy changed since the run started (it started with "
                    + (policy.builtIn() ? "the built-in policy" : recorded.source()) + ", " + configDir
                    + " now has " + (now.policy() == null ? "a policy with problems" : now.policy().builtIn()
                    ? "none, the built-in one" : now.policy().source()) + "); the restart uses the policy the run"
                    + " started with (run sealctl run to use the new one)");
        }
        return policy;
    }

    /**
     * The definitions a run recorded, parsed again (their variables expand from the environment of the
     * restart, which is where credentials live). A run recorded before definitions were kept restarts
     * with the files of {@code configDir}, which {@code differences} says.
     */
    public Restored restore(long runId, List<String> runTargets, Path configDir) {
        List<RunRecords.RecordedDefinition> recorded = runs.definitions(runId);
        boolean recordedRun = runs.run(runId) != null;
        List<String> differences = new ArrayList<>();
        if (recorded.isEmpty()) {
            List<TargetDefinition> chosen;
            Policy policy;
            try {
                // a run that recorded no definitions recorded no policy either: both come from the files
                policy = policies.load(configDir);
                chosen = RunService.chosen(loader.load(configDir, policy.kinds()), runTargets);
            } catch (org.sealing.support.ConfigurationException e) {
                throw new org.sealing.support.ConfigurationException("run " + runId + " recorded no definitions and "
                        + configDir.resolve("targets") + " does not serve: " + e.getMessage() + "; restart it with"
                        + " --config set to the directory it was started with", e);
            }
            // killed before it recorded itself (its restart records these), or recorded by an older version
            return new Restored(chosen, policy, List.of("run " + runId + (recordedRun
                    ? " started before runs kept their definitions" : " stopped before it recorded its definitions")
                    + "; it restarts with the files of " + configDir.resolve("targets")));
        }
        List<String> recordedNames = recorded.stream().map(RunRecords.RecordedDefinition::target).toList();
        if (!runTargets.isEmpty() && !new java.util.HashSet<>(recordedNames).equals(new java.util.HashSet<>(runTargets))) {
            throw new org.sealing.support.ConfigurationException("run " + runId + " ran targets " + runTargets
                    + " but recorded definitions of " + recordedNames + "; the control database is not as the run"
                    + " left it: start a new run");
        }
        Policy policy = restorePolicy(runId, configDir, differences);
        List<TargetDefinition> targets = new ArrayList<>();
        for (RunRecords.RecordedDefinition d : recorded) {
            targets.add(loader.parse(Path.of(d.fileName()), d.source(), policy.kinds()));
        }
        differences.addAll(differences(recorded, configDir, policy));
        return new Restored(targets, policy, differences);
    }

    /**
     * The definitions and policy a run recorded, parsed again (variables from this process's environment), for
     * its partitions: null when the run recorded no definitions (a run started by an older version).
     */
    public Restored recorded(long runId) {
        List<RunRecords.RecordedDefinition> recorded = runs.definitions(runId);
        RunRecords.RecordedPolicy recordedPolicy = runs.policy(runId);
        if (recorded.isEmpty() || recordedPolicy == null) {
            return null;
        }
        Policy policy = policies.parse(Path.of(recordedPolicy.source()), recordedPolicy.text());
        List<TargetDefinition> targets = new ArrayList<>();
        for (RunRecords.RecordedDefinition d : recorded) {
            targets.add(loader.parse(Path.of(d.fileName()), d.source(), policy.kinds()));
        }
        return new Restored(targets, policy, List.of());
    }

    /** What differs between the recorded definitions and the files of {@code configDir}, one line each. */
    private List<String> differences(List<RunRecords.RecordedDefinition> recorded, Path configDir, Policy policy) {
        TargetDefinitionLoader.Loaded onDisk = loader.read(configDir, policy.kinds());
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

    /** What a run records of its policy when it starts. */
    static RunRecords.RecordedPolicy record(Policy policy) {
        return new RunRecords.RecordedPolicy(policy.source(), policy.text(), policy.sha256());
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
