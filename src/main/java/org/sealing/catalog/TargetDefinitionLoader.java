package org.sealing.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads {@code jobs/targets/*.yml}: expands {@code ${VAR}} and {@code ${VAR:default}} from the
 * environment, and checks every key, so that a mistake is reported with its file and key before
 * anything connects anywhere. Names are checked to be plain identifiers here; whether they exist is
 * the live catalog's business ({@code targets check}).
 */
@Component
public class TargetDefinitionLoader {

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    private static final Set<String> ROOT_KEYS = Set.of("name", "description", "connection", "max-change-ratio",
            "tables");
    private static final Set<String> CONNECTION_KEYS = Set.of("url", "username", "password");
    private static final Set<String> TABLE_KEYS = Set.of("table", "key", "match", "action", "mask", "sealed-flag");

    private final Environment environment;

    public TargetDefinitionLoader(Environment environment) {
        this.environment = environment;
    }

    /** A mistake in a target file. */
    public record Problem(Path file, String where, String message) {
        @Override
        public String toString() {
            return file + ": " + (where.isEmpty() ? "" : where + ": ") + message;
        }
    }

    /** What a directory of target files gave: the definitions that read cleanly, and every problem. */
    public record Loaded(List<TargetDefinition> targets, List<Problem> problems) {
    }

    /** Reads every target file, or throws an exception that lists every problem found. */
    public List<TargetDefinition> load(Path configDir) {
        Loaded loaded = read(configDir);
        if (!loaded.problems().isEmpty()) {
            throw new TargetDefinitionException(loaded.problems());
        }
        return loaded.targets();
    }

    /**
     * Reads one definition from the text a file held (a run's recorded definitions are read this way on
     * restart), or throws an exception that lists every problem found.
     */
    public TargetDefinition parse(Path file, String source) {
        List<Problem> problems = new ArrayList<>();
        TargetDefinition target = new FileReader(file, source, problems).read();
        if (!problems.isEmpty() || target == null) {
            throw new TargetDefinitionException(problems.isEmpty()
                    ? List.of(new Problem(file, "", "not a target definition")) : problems);
        }
        return target;
    }

    /** Reads every target file of {@code configDir/targets}, collecting the problems instead of stopping. */
    public Loaded read(Path configDir) {
        Path dir = configDir.resolve("targets");
        List<Problem> problems = new ArrayList<>();
        List<TargetDefinition> targets = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                problems.add(new Problem(dir, "", "cannot list the directory: " + e.getMessage()));
            }
        }
        if (files.isEmpty() && problems.isEmpty()) {
            problems.add(new Problem(dir, "", "no target definitions (*.yml) found"));
        }
        Map<String, Path> names = new HashMap<>();
        for (Path file : files) {
            List<Problem> own = new ArrayList<>();
            TargetDefinition target = new FileReader(file, null, own).read();
            problems.addAll(own);
            if (target != null && own.isEmpty()) {
                Path other = names.putIfAbsent(target.name(), file);
                if (other != null) {
                    problems.add(new Problem(file, "name", "target name '" + target.name() + "' is also used by "
                            + other));
                } else {
                    targets.add(target);
                }
            }
        }
        return new Loaded(targets, problems);
    }

    /** Reads one file; every problem goes into the list, with its key. */
    private final class FileReader {
        private final Path file;
        private String source;
        private final List<Problem> problems;

        /** {@code source} is the file's text, or null to read the file. */
        FileReader(Path file, String source, List<Problem> problems) {
            this.file = file;
            this.source = source;
            this.problems = problems;
        }

        TargetDefinition read() {
            Object root;
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            try {
                if (source == null) {
                    // read once: the text parsed is the text a run records
                    source = Files.readString(file, StandardCharsets.UTF_8);
                }
                root = yaml(options).load(source);
            } catch (java.nio.charset.MalformedInputException e) {
                return fail("", "not UTF-8 text");
            } catch (IOException e) {
                return fail("", "cannot read the file: " + e.getMessage());
            } catch (YAMLException e) {
                return fail("", "not valid YAML: " + e.getMessage().replace('\n', ' '));
            }
            Map<String, Object> map = map(root, "");
            if (map == null) {
                return null;
            }
            unknownKeys(map, ROOT_KEYS, "");
            String fileName = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            String name = map.containsKey("name") ? string(map.get("name"), "name", true) : fileName;
            if (name != null && !NAME.matcher(name).matches()) {
                problem("name", "'" + name + "' is not a target name: use lower-case letters, digits and '-'");
            }
            String description = string(map.get("description"), "description", false);
            Map<String, Object> connection = map(map.get("connection"), "connection");
            String url = null;
            String username = null;
            String password = null;
            if (connection != null) {
                unknownKeys(connection, CONNECTION_KEYS, "connection");
                url = string(connection.get("url"), "connection.url", true);
                if (url != null && !url.startsWith("jdbc:postgresql:")) {
                    problem("connection.url", "only PostgreSQL targets (jdbc:postgresql:...) are supported");
                }
                username = string(connection.get("username"), "connection.username", false);
                password = string(connection.get("password"), "connection.password", false);
            }
            double ratio = ratio(map.get("max-change-ratio"));
            List<TableRule> rules = new ArrayList<>();
            Object tables = map.get("tables");
            if (!(tables instanceof List<?> list) || list.isEmpty()) {
                problem("tables", "a list of at least one table rule is required");
            } else {
                for (int i = 0; i < list.size(); i++) {
                    TableRule rule = rule(list.get(i), i);
                    if (rule != null) {
                        rules.add(rule);
                    }
                }
                checkRuleReferences(rules);
            }
            if (!problems.isEmpty()) {
                return null;
            }
            return new TargetDefinition(name, description, file, url, emptyToNull(username), password, ratio,
                    List.copyOf(rules), source);
        }

        private TableRule rule(Object node, int i) {
            String where = "tables[" + i + "]";
            Map<String, Object> map = map(node, where);
            if (map == null) {
                return null;
            }
            unknownKeys(map, TABLE_KEYS, where);
            String tableText = string(map.get("table"), where + ".table", true);
            TableName table = TableName.parse(tableText);
            if (tableText != null && table == null) {
                problem(where + ".table", "'" + tableText + "' is not a table name ([schema.]table, each an"
                        + " identifier of letters, digits and '_')");
            }
            List<String> key = columns(map.get("key"), where + ".key");
            Action action = action(map.get("action"), where + ".action");
            Match match = match(map.get("match"), where + ".match");
            Map<String, MaskStrategy> mask = new LinkedHashMap<>();
            Object maskNode = map.get("mask");
            if (maskNode != null) {
                Map<String, Object> masks = map(maskNode, where + ".mask");
                if (masks != null) {
                    masks.forEach((column, value) -> {
                        String at = where + ".mask." + column;
                        if (!TableName.isIdentifier(column)) {
                            problem(at, "'" + column + "' is not a column name");
                        }
                        MaskStrategy strategy = MaskStrategy.parse(expand(value, at));
                        if (strategy == null) {
                            problem(at, "'" + value + "' is not a mask strategy (null, redact, hash, year-only,"
                                    + " constant:TEXT)");
                        } else {
                            mask.put(column, strategy);
                        }
                    });
                }
            }
            String sealedFlag = string(map.get("sealed-flag"), where + ".sealed-flag", false);
            if (sealedFlag != null && !TableName.isIdentifier(sealedFlag)) {
                problem(where + ".sealed-flag", "'" + sealedFlag + "' is not a column name");
            }
            if (action == Action.PURGE && (!mask.isEmpty() || sealedFlag != null)) {
                problem(where, "a purged table has no mask and no sealed-flag");
            }
            if (action == Action.MASK && mask.isEmpty() && sealedFlag == null) {
                problem(where, "a masked table needs mask columns, a sealed-flag, or both");
            }
            if (sealedFlag != null && mask.containsKey(sealedFlag)) {
                problem(where + ".sealed-flag", "'" + sealedFlag + "' is also a masked column");
            }
            if (table == null || key == null || action == null || match == null) {
                return null;
            }
            return new TableRule(i, table, key, match, action, mask, sealedFlag);
        }

        private Match match(Object node, String where) {
            Map<String, Object> map = map(node, where);
            if (map == null) {
                return null;
            }
            if (map.containsKey("via")) {
                if (map.size() > 1) {
                    problem(where, "'via' cannot be combined with field matches");
                    return null;
                }
                Object via = map.get("via");
                if (via instanceof Map<?, ?>) {
                    Map<String, Object> v = map(via, where + ".via");
                    if (v == null) {
                        return null;
                    }
                    unknownKeys(v, Set.of("table", "on"), where + ".via");
                    String parentText = string(v.get("table"), where + ".via.table", true);
                    TableName parent = TableName.parse(parentText);
                    if (parentText != null && parent == null) {
                        problem(where + ".via.table", "'" + parentText + "' is not a table name");
                    }
                    Map<String, Object> on = map(v.get("on"), where + ".via.on");
                    Map<String, String> columns = new LinkedHashMap<>();
                    if (on != null) {
                        if (on.isEmpty()) {
                            problem(where + ".via.on", "names no column");
                        }
                        on.forEach((child, parentColumn) -> {
                            String p = string(parentColumn, where + ".via.on." + child, true);
                            if (!TableName.isIdentifier(child) || p != null && !TableName.isIdentifier(p)) {
                                problem(where + ".via.on." + child, "'" + child + ": " + p + "' is not a pair of"
                                        + " column names");
                            }
                            columns.put(child, p);
                        });
                    }
                    return parent == null || on == null ? null : new Match.Via(parent, columns);
                }
                String parentText = string(via, where + ".via", true);
                TableName parent = TableName.parse(parentText);
                if (parentText != null && parent == null) {
                    problem(where + ".via", "'" + parentText + "' is not a table name");
                }
                return parent == null ? null : new Match.Via(parent, Map.of());
            }
            Map<RegisterField, String> columns = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : map.entrySet()) {
                RegisterField field = RegisterField.of(e.getKey());
                String at = where + "." + e.getKey();
                if (field == null) {
                    problem(at, "'" + e.getKey() + "' is not a register field (arrest_number, nysid, docket_number,"
                            + " arrest_date) nor 'via'");
                    continue;
                }
                String column = string(e.getValue(), at, true);
                if (column != null && !TableName.isIdentifier(column)) {
                    problem(at, "'" + column + "' is not a column name");
                }
                columns.put(field, column);
            }
            if (columns.isEmpty() && map.isEmpty()) {
                problem(where, "names no field to match on");
                return null;
            }
            if (columns.containsKey(RegisterField.NYSID) && !columns.containsKey(RegisterField.ARREST_DATE)
                    && !columns.containsKey(RegisterField.ARREST_NUMBER)
                    && !columns.containsKey(RegisterField.DOCKET_NUMBER)) {
                problem(where, "a NYSID names a person, not an arrest: matching on it alone would touch the person's"
                        + " unsealed arrests too; match it together with arrest_date");
            }
            if (columns.size() == 1 && columns.containsKey(RegisterField.ARREST_DATE)) {
                problem(where, "an arrest date alone identifies no arrest; combine it with nysid");
            }
            return new Match.Fields(columns);
        }

        private void checkRuleReferences(List<TableRule> rules) {
            Map<TableName, TableRule> byTable = new HashMap<>();
            for (TableRule rule : rules) {
                if (byTable.putIfAbsent(rule.table(), rule) != null) {
                    problem("tables[" + rule.index() + "].table", "table " + rule.table() + " has two rules");
                }
            }
            for (TableRule rule : rules) {
                if (rule.match() instanceof Match.Via via) {
                    if (!byTable.containsKey(via.parent())) {
                        problem("tables[" + rule.index() + "].match.via", "table " + via.parent()
                                + " has no rule in this file: a 'via' parent must have one");
                    } else if (via.parent().equals(rule.table())) {
                        problem("tables[" + rule.index() + "].match.via", "a table cannot match through itself");
                    }
                }
            }
            for (TableRule rule : rules) {
                // a chain of 'via' must end at a table that matches on fields
                TableRule at = rule;
                for (int hops = 0; at != null && at.match() instanceof Match.Via via; hops++) {
                    if (hops > rules.size()) {
                        problem("tables[" + rule.index() + "].match.via", "the 'via' chain from " + rule.table()
                                + " goes round in a circle");
                        break;
                    }
                    at = byTable.get(via.parent());
                }
            }
        }

        private Action action(Object node, String where) {
            String text = string(node, where, true);
            if (text == null) {
                return null;
            }
            return switch (text) {
                case "purge" -> Action.PURGE;
                case "mask" -> Action.MASK;
                default -> {
                    problem(where, "'" + text + "' is not an action (purge, mask)");
                    yield null;
                }
            };
        }

        private List<String> columns(Object node, String where) {
            List<String> columns = new ArrayList<>();
            if (node instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    columns.add(string(list.get(i), where + "[" + i + "]", true));
                }
            } else if (node != null) {
                columns.add(string(node, where, true));
            }
            if (columns.isEmpty()) {
                problem(where, "the key columns are required");
                return null;
            }
            for (String c : columns) {
                if (c != null && !TableName.isIdentifier(c)) {
                    problem(where, "'" + c + "' is not a column name");
                    return null;
                }
            }
            if (columns.stream().distinct().count() != columns.size()) {
                problem(where, "names a column twice");
                return null;
            }
            return columns.contains(null) ? null : List.copyOf(columns);
        }

        private double ratio(Object node) {
            if (node == null) {
                return 1.0;
            }
            Object value = expand(node, "max-change-ratio");
            try {
                double ratio = Double.parseDouble(String.valueOf(value).strip());
                if (ratio > 0 && ratio <= 1) {
                    return ratio;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problem("max-change-ratio", "'" + value + "' is not a share of rows between 0 (exclusive) and 1");
            return 1.0;
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> map(Object node, String where) {
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

        private String string(Object node, String where, boolean required) {
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
            String text = value == null ? null : value.toString().strip();
            if (required && (text == null || text.isEmpty())) {
                problem(where, "is empty");
                return null;
            }
            return text;
        }

        /**
         * ${VAR} and ${VAR:default} from the environment; a default may itself hold variables
         * ({@code ${OLBS_URL:${SEALING_DEMO_JDBC}demo_olbs}}). An unset variable without default is a problem.
         */
        private Object expand(Object node, String where) {
            if (!(node instanceof String text) || !text.contains("${")) {
                return node;
            }
            return expandText(text, where);
        }

        private String expandText(String text, String where) {
            StringBuilder out = new StringBuilder();
            int i = 0;
            while (i < text.length()) {
                int start = text.indexOf("${", i);
                if (start < 0) {
                    out.append(text, i, text.length());
                    break;
                }
                out.append(text, i, start);
                int depth = 0;
                int end = -1;
                int colon = -1;
                for (int j = start + 2; j < text.length(); j++) {
                    char c = text.charAt(j);
                    if (c == '$' && j + 1 < text.length() && text.charAt(j + 1) == '{') {
                        depth++;
                        j++;
                    } else if (c == '}') {
                        if (depth == 0) {
                            end = j;
                            break;
                        }
                        depth--;
                    } else if (c == ':' && depth == 0 && colon < 0) {
                        colon = j;
                    }
                }
                if (end < 0) {
                    problem(where, "unclosed ${ in '" + text + "'");
                    return text;
                }
                String name = text.substring(start + 2, colon < 0 ? end : colon);
                if (!VARIABLE_NAME.matcher(name).matches()) {
                    problem(where, "'" + name + "' is not a variable name");
                    return text;
                }
                String value = environment.getProperty(name);
                if (value == null && colon >= 0) {
                    value = expandText(text.substring(colon + 1, end), where);
                }
                if (value == null) {
                    problem(where, "variable ${" + name + "} is not set and has no default");
                    value = "";
                }
                out.append(value);
                i = end + 1;
            }
            return out.toString();
        }

        private void unknownKeys(Map<String, Object> map, Set<String> allowed, String where) {
            if (map == null) {
                return;
            }
            for (String key : map.keySet()) {
                if (!allowed.contains(key)) {
                    problem(where.isEmpty() ? key : where + "." + key, "unknown key; expected one of "
                            + allowed.stream().sorted().toList());
                }
            }
        }

        private void problem(String where, String message) {
            problems.add(new Problem(file, where, message));
        }

        private TargetDefinition fail(String where, String message) {
            problem(where, message);
            return null;
        }
    }

    /**
     * A YAML reader with the YAML 1.2 core schema's scalars: only true and false are booleans (so the
     * key {@code on:} of a 'via' stays the word "on", not YAML 1.1's true), and no dates.
     */
    private static Yaml yaml(LoaderOptions options) {
        Resolver resolver = new Resolver() {
            @Override
            protected void addImplicitResolvers() {
                addImplicitResolver(Tag.BOOL, Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF");
                addImplicitResolver(Tag.INT, Pattern.compile("^[-+]?[0-9]+$"), "-+0123456789");
                addImplicitResolver(Tag.FLOAT, Pattern.compile("^[-+]?(?:[0-9]+\\.[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
                        "-+0123456789.");
                addImplicitResolver(Tag.NULL, Pattern.compile("^(?:~|null|Null|NULL| )$"), "~nN\0");
                addImplicitResolver(Tag.NULL, Pattern.compile("^$"), null);
                addImplicitResolver(Tag.MERGE, Pattern.compile("^(?:<<)$"), "<");
            }
        };
        DumperOptions dumper = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, resolver);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
