package org.sealing.catalog;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.sealing.catalog.TargetDefinitionLoader.Problem;

/**
 * The small mapper from a target file's YAML tree to typed values: each read names the key it is
 * at, so that every mistake is reported with its file and key (Spring's Binder cannot: it folds map
 * keys, which here are column names, and reads YAML 1.1).
 */
public final class Nodes {

    private final Path file;
    private final Variables variables;
    private final List<Problem> problems;

    Nodes(Path file, Variables variables, List<Problem> problems) {
        this.file = file;
        this.variables = variables;
        this.problems = problems;
    }

    /** The mapper of a file whose values hold no variables (the policy), reporting into {@code problems}. */
    public static Nodes withoutVariables(Path file, List<Problem> problems) {
        return new Nodes(file, null, problems);
    }

    /** A mapping with text keys, or null when the node is none (a problem). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(Object node, String where) {
        if (node instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                if (!(k instanceof String)) {
                    problem(where, "key " + k + " is not text");
                    return null;
                }
            }
            return (Map<String, Object>) m;
        }
        problem(where, node == null ? "is required" : "must be a mapping of keys to values");
        return null;
    }

    /** A single value as text, variables expanded and stripped; null when absent or wrong (a problem if required). */
    public String string(Object node, String where, boolean required) {
        if (node == null) {
            if (required) {
                problem(where, "is required");
            }
            return null;
        }
        if (node instanceof Map<?, ?> || node instanceof List<?>) {
            problem(where, "must be a single value");
            return null;
        }
        Object value = expand(node, where);
        if (value == null) {
            return null;
        }
        String text = value.toString().strip();
        if (required && text.isEmpty()) {
            problem(where, "is empty");
            return null;
        }
        return text;
    }

    /** A text node with its variables expanded (null when they cannot be, a problem); other nodes as they are. */
    Object expand(Object node, String where) {
        return node instanceof String text && variables != null ? variables.expand(text, message -> problem(where, message)) : node;
    }

    /** Reports each key of the mapping that is not one of {@code allowed}. */
    public void unknownKeys(Map<String, Object> map, Set<String> allowed, String where) {
        for (String key : map.keySet()) {
            if (!allowed.contains(key)) {
                problem(where.isEmpty() ? key : where + "." + key, "unknown key; expected one of "
                        + allowed.stream().sorted().toList());
            }
        }
    }

    public void problem(String where, String message) {
        problems.add(new Problem(file, where, message));
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }
}
