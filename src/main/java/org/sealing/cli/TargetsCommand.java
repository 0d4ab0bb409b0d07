package org.sealing.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sealing.catalog.TargetDefinition;
import org.sealing.catalog.TargetDefinitionLoader;
import org.sealing.policy.PolicyLoader;
import org.sealing.support.Text;
import org.sealing.catalog.check.TargetChecker;
import picocli.CommandLine.Command;

/** {@code sealctl targets check}: every target file against its live database. */
@Command(name = "targets", mixinStandardHelpOptions = true, description = "Works with the target definitions.",
        subcommands = TargetsCommand.Check.class)
class TargetsCommand extends GroupCommand {

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Validates every target file against the live schema of its database (tables, columns,"
                + " keys, foreign keys, indexes) and prints every problem found, before anything runs.",
                "Exit code 2 on any error, 0 when there are only warnings."})
    static class Check extends ContextCommand {

        Check(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            PolicyLoader.Loaded policy = context.bean(PolicyLoader.class).read(context.configDir());
            // with a policy that has problems, the kinds tables hold are checked against no policy at all
            List<String> kinds = policy.policy() != null ? policy.policy().kinds() : null;
            TargetDefinitionLoader.Loaded loaded = kinds != null
                    ? context.bean(TargetDefinitionLoader.class).read(context.configDir(), kinds)
                    : context.bean(TargetDefinitionLoader.class).read(context.configDir());
            TargetChecker checker = context.bean(TargetChecker.class);
            List<Map<String, Object>> results = new ArrayList<>();
            int errors = 0;
            int warnings = 0;
            var out = context.out();
            List<TargetDefinitionLoader.Problem> problems = new ArrayList<>(policy.problems());
            if (policy.policy() == null) {
                // tables that name a kind of the broken policy are not errors of theirs
                loaded = new TargetDefinitionLoader.Loaded(loaded.targets(), loaded.problems().stream()
                        .filter(p -> !p.where().endsWith(".holds")).toList());
            } else if (!context.json()) {
                out.println("policy: " + PolicyLines.source(policy.policy()));
            }
            problems.addAll(loaded.problems());
            for (TargetDefinitionLoader.Problem problem : problems) {
                errors++;
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("file", problem.file().toString());
                r.put("errors", List.of(problem.where() + ": " + problem.message()));
                r.put("warnings", List.of());
                results.add(r);
                if (!context.json()) {
                    out.println("ERROR " + Text.escape(problem));
                }
            }
            for (TargetDefinition target : loaded.targets()) {
                TargetChecker.Report report = checker.check(target);
                List<String> targetErrors = new ArrayList<>();
                List<Map<String, String>> targetWarnings = new ArrayList<>();
                for (TargetChecker.Finding f : report.findings()) {
                    if (f.severity() == TargetChecker.Severity.ERROR) {
                        targetErrors.add(f.where() + ": " + f.message());
                    } else {
                        Map<String, String> w = new LinkedHashMap<>();
                        w.put("where", f.where());
                        w.put("message", f.message());
                        w.put("fix", f.fix());
                        targetWarnings.add(w);
                    }
                }
                errors += targetErrors.size();
                warnings += targetWarnings.size();
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("target", target.name());
                r.put("file", target.file().toString());
                r.put("tables", target.tables().size());
                if (policy.policy() != null) {
                    r.put("holds", PolicyLines.holds(target));
                }
                r.put("errors", targetErrors);
                r.put("warnings", targetWarnings);
                results.add(r);
                if (!context.json()) {
                    out.printf("%s (%s, %d tables): %s%n", Text.escape(target.name()), Text.escape(target.file()),
                            target.tables().size(),
                            report.findings().isEmpty() ? "OK" : targetErrors.size() + " errors, "
                                    + targetWarnings.size() + " warnings");
                    if (policy.policy() != null) {
                        PolicyLines.tables(target, policy.policy()).forEach(line -> out.println("  " + line));
                    }
                    for (TargetChecker.Finding f : report.findings()) {
                        // a finding is one line; the statement that fixes a warning is a line of its own
                        out.println("  " + f.severity() + " " + Text.escape(f.where()) + ": "
                                + Text.escape(f.message()));
                        if (f.fix() != null) {
                            out.println("      fix: " + Text.escape(f.fix()));
                        }
                    }
                }
            }
            if (context.json()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("policy", policy.policy() == null ? null : PolicyLines.json(policy.policy()));
                json.put("targets", results);
                json.put("errors", errors);
                json.put("warnings", warnings);
                Printer.json(context, json);
            } else {
                out.printf("%d errors, %d warnings%n", errors, warnings);
            }
            return errors > 0 ? ExitCodes.USAGE : ExitCodes.OK;
        }
    }
}
