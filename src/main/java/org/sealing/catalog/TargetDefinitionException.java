package org.sealing.catalog;

import java.util.List;
import java.util.stream.Collectors;

import org.sealing.support.ConfigurationException;

/** Target files that cannot be used as they are; the message lists every problem with its file and key. */
public class TargetDefinitionException extends ConfigurationException {

    private final transient List<TargetDefinitionLoader.Problem> problems;

    public TargetDefinitionException(List<TargetDefinitionLoader.Problem> problems) {
        super("target definitions have " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + ":\n  "
                + problems.stream().map(Object::toString).collect(Collectors.joining("\n  ")));
        this.problems = List.copyOf(problems);
    }

    public List<TargetDefinitionLoader.Problem> problems() {
        return problems;
    }
}
