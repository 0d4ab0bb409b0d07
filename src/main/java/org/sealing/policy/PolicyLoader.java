package org.sealing.policy;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.error.YAMLException;

import org.sealing.catalog.Nodes;
import org.sealing.catalog.TableRule;
import org.sealing.catalog.TargetDefinitionLoader.Problem;
import org.sealing.catalog.TargetYaml;

/**
 * Reads {@code jobs/policy.yml}, or gives the built-in New York policy when there is none; every
 * mistake is reported with its file and key, as in target files, since a wrong outcome is a wrong
 * destruction. The file names its kinds, then each statute's outcome for every kind:
 * <pre>
 * kinds: [photographs, prints, records, court-records]
 * statutes:
 *   "160.55": { photographs: destroy, prints: destroy, records: seal, court-records: none }
 *   ...
 * </pre>
 */
@Component
public class PolicyLoader {

    /** The file's name in the configuration directory. */
    public static final String FILE = "policy.yml";

    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Set<String> ROOT_KEYS = Set.of("kinds", "statutes");

    /** What the configuration directory gave: the policy (null when it has problems) and every problem. */
    public record Loaded(Policy policy, List<Problem> problems) {
    }

    /** The policy of {@code configDir}, or an exception that lists every problem of its file. */
    public Policy load(Path configDir) {
        return orThrow(read(configDir));
    }

    /** The policy of {@code configDir}: its file's, or the built-in one when it has none. */
    public Loaded read(Path configDir) {
        Path file = configDir.resolve(FILE);
        if (!Files.exists(file)) {
            return new Loaded(Policy.NEW_YORK, List.of());
        }
        List<Problem> problems = new ArrayList<>();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            return new Loaded(null, List.of(new Problem(file, "", "not UTF-8 text")));
        } catch (IOException e) {
            return new Loaded(null, List.of(new Problem(file, "", "cannot read the file: " + e.getMessage())));
        }
        Policy policy = parse(file, text, problems);
        return new Loaded(problems.isEmpty() ? policy : null, problems);
    }

    /** The policy a run recorded: the file's text, or null for the built-in policy. */
    public Policy parse(Path file, String text) {
        if (text == null) {
            return Policy.NEW_YORK;
        }
        List<Problem> problems = new ArrayList<>();
        Policy policy = parse(file, text, problems);
        return orThrow(new Loaded(problems.isEmpty() ? policy : null, problems));
    }

    private static Policy orThrow(Loaded loaded) {
        if (!loaded.problems().isEmpty()) {
            throw new PolicyException(loaded.problems());
        }
        return loaded.policy();
    }

    private static Policy parse(Path file, String text, List<Problem> problems) {
        Nodes nodes = Nodes.withoutVariables(file, problems);
        Object root;
        try {
            root = TargetYaml.load(text);
        } catch (YAMLException e) {
            nodes.problem("", "not valid YAML: " + e.getMessage().replace('\n', ' '));
            return null;
        }
        Map<String, Object> map = nodes.map(root, "");
        if (map == null) {
            return null;
        }
        nodes.unknownKeys(map, ROOT_KEYS, "");
        List<String> kinds = kinds(map.get("kinds"), nodes);
        Map<String, Map<String, Outcome>> outcomes = new LinkedHashMap<>();
        if (!(map.get("statutes") instanceof Map<?, ?> statutes)) {
            nodes.problem("statutes", map.get("statutes") == null ? "is required"
                    : "must be a mapping of statute to its outcomes");
            return null;
        }
        statutes.forEach((key, value) -> {
            String statute = statute(key, nodes);
            if (statute != null) {
                outcomes.put(statute, outcomes(value, "statutes." + statute, kinds, nodes));
            }
        });
        for (String statute : Policy.statutes()) {
            if (!outcomes.containsKey(statute)) {
                nodes.problem("statutes", "no outcomes for statute " + statute + "; every statute the feed accepts"
                        + " needs one " + Policy.statutes());
            }
        }
        return nodes.hasProblems() ? null : new Policy(file.toString(), text, kinds, outcomes);
    }

    private static List<String> kinds(Object node, Nodes nodes) {
        List<String> kinds = new ArrayList<>();
        if (!(node instanceof List<?> list) || list.isEmpty()) {
            nodes.problem("kinds", node == null ? "is required" : "must be a list of kinds of record");
            return kinds;
        }
        for (int i = 0; i < list.size(); i++) {
            String kind = nodes.string(list.get(i), "kinds[" + i + "]", true);
            if (kind != null && !KIND.matcher(kind).matches()) {
                nodes.problem("kinds[" + i + "]", "'" + kind + "' is not a kind: use lower-case letters, digits"
                        + " and '-', starting with a letter");
            } else if (kind != null && kinds.contains(kind)) {
                nodes.problem("kinds[" + i + "]", "'" + kind + "' is listed twice");
            } else if (kind != null) {
                kinds.add(kind);
            }
        }
        if (!kinds.contains(TableRule.DEFAULT_KIND)) {
            nodes.problem("kinds", "must include " + TableRule.DEFAULT_KIND + ", what a table without holds holds");
        }
        return kinds;
    }

    private static String statute(Object key, Nodes nodes) {
        if (!(key instanceof String statute)) {
            // unquoted, 160.50 is the number 160.5
            nodes.problem("statutes." + key, "a statute must be quoted (\"160.50\"): unquoted it reads as a number");
            return null;
        }
        if (!Policy.statutes().contains(statute)) {
            nodes.problem("statutes." + statute, "'" + statute + "' is not a statute of the feed "
                    + Policy.statutes());
            return null;
        }
        return statute;
    }

    private static Map<String, Outcome> outcomes(Object node, String where, List<String> kinds, Nodes nodes) {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        Map<String, Object> map = nodes.map(node, where);
        if (map == null) {
            return outcomes;
        }
        map.forEach((kind, value) -> {
            String at = where + "." + kind;
            String word = nodes.string(value, at, true);
            Outcome outcome = word == null ? null : Outcome.of(word);
            if (!kinds.contains(kind)) {
                nodes.problem(at, "'" + kind + "' is not one of the kinds " + kinds);
            } else if (word != null && outcome == null) {
                nodes.problem(at, "'" + word + "' is not an outcome (destroy, seal, none)");
            } else if (outcome != null) {
                outcomes.put(kind, outcome);
            }
        });
        for (String kind : kinds) {
            if (!map.containsKey(kind)) {
                nodes.problem(where, "no outcome for kind " + kind + "; every kind needs one (destroy, seal, none)");
            }
        }
        return outcomes;
    }
}
