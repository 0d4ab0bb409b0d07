package org.sealing.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import org.sealing.catalog.TargetDefinition;
import org.sealing.catalog.TargetDefinitionLoader;
import org.sealing.ledger.RunRecords;
import org.sealing.policy.Policy;
import org.sealing.policy.PolicyLoader;

/**
 * The target definitions and policy a run recorded when it started, parsed again (variables expand from
 * this process's environment, where credentials live), and their SHA-256 for the certification block.
 */
@Component
class RecordedTargets {

    private final RunRecords runs;
    private final TargetDefinitionLoader loader;
    private final PolicyLoader policies;

    RecordedTargets(RunRecords runs, TargetDefinitionLoader loader, PolicyLoader policies) {
        this.runs = runs;
        this.loader = loader;
        this.policies = policies;
    }

    /** A recorded definition, parsed, or why it cannot be. */
    record Parsed(String target, TargetDefinition definition, String problem) {
    }

    /** The policy a run recorded (the built-in one for a run recorded before runs kept theirs). */
    Policy policy(long runId) {
        RunRecords.RecordedPolicy recorded = runs.policy(runId);
        return recorded == null ? Policy.NEW_YORK : policies.parse(Path.of(recorded.source()), recorded.text());
    }

    /** The run's definitions, each parsed or with the reason it cannot be. */
    List<Parsed> definitions(long runId) {
        List<String> kinds;
        try {
            kinds = policy(runId).kinds();
        } catch (RuntimeException e) {
            kinds = Policy.NEW_YORK.kinds();
        }
        List<Parsed> parsed = new ArrayList<>();
        for (RunRecords.RecordedDefinition d : runs.definitions(runId)) {
            try {
                parsed.add(new Parsed(d.target(), loader.parse(Path.of(d.fileName()), d.source(), kinds), null));
            } catch (RuntimeException e) {
                parsed.add(new Parsed(d.target(), null, "its recorded definition cannot be read here: "
                        + org.sealing.support.FailureMessages.of(e)));
            }
        }
        return parsed;
    }

    /** The SHA-256 of each definition the run recorded, by target. */
    List<FrozenFigures.HashedFile> definitionHashes(long runId) {
        return runs.definitions(runId).stream().map(d -> new FrozenFigures.HashedFile("Definition " + d.target(),
                Path.of(d.fileName()).getFileName().toString(), d.sha256())).toList();
    }

    /** The SHA-256 of the policy's file, or of nothing for the built-in policy (which is then named). */
    FrozenFigures.HashedFile policyHash(long runId) {
        RunRecords.RecordedPolicy recorded = runs.policy(runId);
        if (recorded == null || recorded.text() == null) {
            return new FrozenFigures.HashedFile("Policy", Policy.BUILT_IN, null);
        }
        return new FrozenFigures.HashedFile("Policy", Path.of(recorded.source()).getFileName().toString(),
                recorded.sha256());
    }
}
