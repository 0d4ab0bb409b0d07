package org.sealing.policy;

import java.util.List;
import java.util.stream.Collectors;

import org.sealing.catalog.TargetDefinitionLoader.Problem;
import org.sealing.support.ConfigurationException;

/** A policy file that cannot be used as it is; the message lists every problem with its file and key. */
public class PolicyException extends ConfigurationException {

    private final transient List<Problem> problems;

    public PolicyException(List<Problem> problems) {
        super("the policy has " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + ":\n  "
                + problems.stream().map(Object::toString).collect(Collectors.joining("\n  ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
