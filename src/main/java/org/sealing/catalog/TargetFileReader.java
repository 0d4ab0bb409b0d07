package org.sealing.catalog;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.sealing.catalog.TargetDefinitionLoader.Problem;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads one target file: its root keys and connection here, its table rules through {@link TableRuleReader}. */
final class TargetFileReader {

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");
    private static final Set<String> ROOT_KEYS = Set.of("name", "description", "connection", "max-change-ratio",
            "tables");
    private static final Set<String> CONNECTION_KEYS = Set.of("url", "username", "password");

    private final Path file;
    private final Nodes nodes;
    private final List<String> kinds;

    /** Every problem found goes into {@code problems}, with its key; {@code kinds} are those {@code holds} may name. */
    TargetFileReader(Path file, Variables variables, List<Problem> problems, List<String> kinds) {
        this.file = file;
        this.nodes = new Nodes(file, variables, problems);
        this.kinds = kinds;
    }

    /** The definition in {@code source} (the file's text, or null to read the file), or null when it has problems. */
    TargetDefinition read(String source) {
        Object root;
        try {
            if (source == null) {
                // read once: the text parsed is the text a run records
                source = Files.readString(file, StandardCharsets.UTF_8);
            }
            root = TargetYaml.load(source);
        } catch (MalformedInputException e) {
            return fail("not UTF-8 text");
        } catch (IOException e) {
            return fail("cannot read the file: " + e.getMessage());
        } catch (YAMLException e) {
            return fail("not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
        Map<String, Object> map = nodes.map(root, "");
        if (map == null) {
            return null;
        }
        nodes.unknownKeys(map, ROOT_KEYS, "");
        String fileName = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        String name = map.containsKey("name") ? nodes.string(map.get("name"), "name", true) : fileName;
        if (name != null && !NAME.matcher(name).matches()) {
            nodes.problem("name", "'" + name + "' is not a target name: use lower-case letters, digits and '-'");
        }
        String description = nodes.string(map.get("description"), "description", false);
        Map<String, Object> connection = nodes.map(map.get("connection"), "connection");
        String url = null;
        String username = null;
        String password = null;
        if (connection != null) {
            nodes.unknownKeys(connection, CONNECTION_KEYS, "connection");
            url = nodes.string(connection.get("url"), "connection.url", true);
            if (url != null && org.sealing.targetdb.dialect.TargetDialect.find(url).isEmpty()) {
                nodes.problem("connection.url", org.sealing.targetdb.dialect.TargetDialect.unsupported());
            }
            username = nodes.string(connection.get("username"), "connection.username", false);
            password = nodes.string(connection.get("password"), "connection.password", false);
        }
        double ratio = ratio(map.get("max-change-ratio"));
        List<TableRule> rules = tables(map.get("tables"));
        if (nodes.hasProblems()) {
            return null;
        }
        return new TargetDefinition(name, description, file, url, username == null || username.isEmpty() ? null
                : username, password, ratio, List.copyOf(rules), source);
    }

    private List<TableRule> tables(Object node) {
        List<TableRule> rules = new ArrayList<>();
        if (!(node instanceof List<?> list) || list.isEmpty()) {
            nodes.problem("tables", "a list of at least one table rule is required");
            return rules;
        }
        TableRuleReader reader = new TableRuleReader(nodes, kinds);
        for (int i = 0; i < list.size(); i++) {
            TableRule rule = reader.rule(list.get(i), i);
            if (rule != null) {
                rules.add(rule);
            }
        }
        ViaChains.check(rules, nodes);
        return rules;
    }

    private double ratio(Object node) {
        if (node == null) {
            return 1.0;
        }
        Object value = nodes.expand(node, "max-change-ratio");
        if (value == null) {
            return 1.0;
        }
        try {
            double ratio = Double.parseDouble(String.valueOf(value).strip());
            if (ratio > 0 && ratio <= 1) {
                return ratio;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        nodes.problem("max-change-ratio", "'" + value + "' is not a share of rows between 0 (exclusive) and 1");
        return 1.0;
    }

    private TargetDefinition fail(String message) {
        nodes.problem("", message);
        return null;
    }
}
