package org.sealing.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Reads {@code jobs/targets/*.yml}: expands {@code ${VAR}} and {@code ${VAR:default}} from the
 * environment, and checks every key, so that a mistake is reported with its file and key before
 * anything connects anywhere. Names are checked to be plain identifiers here; whether they exist is
 * the live catalog's business ({@code targets check}).
 */
@Component
public class TargetDefinitionLoader {

    private final Variables variables;

    public TargetDefinitionLoader(Environment environment) {
        this.variables = new Variables(environment);
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

    /** {@link #load(Path, List)} with the kinds of record of the built-in policy. */
    public List<TargetDefinition> load(Path configDir) {
        return load(configDir, TableRule.BUILT_IN_KINDS);
    }

    /**
     * Reads every target file, or throws an exception that lists every problem found; {@code kinds} are the
     * kinds of record of the policy in use, which {@code holds} may name.
     */
    public List<TargetDefinition> load(Path configDir, List<String> kinds) {
        Loaded loaded = read(configDir, kinds);
        if (!loaded.problems().isEmpty()) {
            throw new TargetDefinitionException(loaded.problems());
        }
        return loaded.targets();
    }

    /**
     * Reads one definition from the text a file held (a run's recorded definitions are read this way on
     * restart), or throws an exception that lists every problem found.
     */
    public TargetDefinition parse(Path file, String source, List<String> kinds) {
        List<Problem> problems = new ArrayList<>();
        TargetDefinition target = new TargetFileReader(file, variables, problems, kinds).read(source);
        if (!problems.isEmpty() || target == null) {
            throw new TargetDefinitionException(problems.isEmpty()
                    ? List.of(new Problem(file, "", "not a target definition")) : problems);
        }
        return target;
    }

    /** {@link #read(Path, List)} with the kinds of record of the built-in policy. */
    public Loaded read(Path configDir) {
        return read(configDir, TableRule.BUILT_IN_KINDS);
    }

    /** Reads every target file of {@code configDir/targets}, collecting the problems instead of stopping. */
    public Loaded read(Path configDir, List<String> kinds) {
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
            TargetDefinition target = new TargetFileReader(file, variables, own, kinds).read(null);
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
}
