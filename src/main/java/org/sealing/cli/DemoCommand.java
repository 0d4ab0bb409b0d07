package org.sealing.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.batch.core.job.JobExecution;

import org.sealing.demo.DemoService;
import org.sealing.run.RunService;
import org.sealing.support.Text;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sealctl demo}: the whole system on the synthetic fourteen-database world, over two nights: the
 * court's sealing orders carried out, then a share of them reversed and their sealed rows restored.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Creates the synthetic fourteen-database world afresh on the control database's server,"
            + " drops its court feed (with broken lines) into the inbox and runs nightly (the sealing night); then"
            + " drops the court's reversals of a share of those orders (UNSEAL lines) and runs nightly again (the"
            + " unsealing night, which restores their sealed rows from the vault). Prints both runs' figures, the"
            + " workbooks' paths and the commands to try next.",
            "Scales: small (about 2,500 arrests, the default), medium (60,000), large (300,000)."})
class DemoCommand extends ContextCommand {

    @Option(names = "--scale", paramLabel = "SCALE", defaultValue = "small",
            description = "small, medium or large (default: ${DEFAULT-VALUE}).")
    private String scale;

    DemoCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        DemoService.Scale chosen;
        try {
            chosen = DemoService.Scale.valueOf(scale.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new org.sealing.support.ConfigurationException("--scale must be small, medium or large, not '"
                    + Text.escape(scale) + "'");
        }
        DemoService demo = context.bean(DemoService.class);
        RunService runs = context.bean(RunService.class);
        // SIGTERM or Ctrl-C: stop at the next chunk boundary, restartable
        stopJobsOnSignal();
        DemoService.Prepared world = demo.prepare(chosen, context.configDir());
        Map<String, Object> worldJson = new LinkedHashMap<>();
        worldJson.put("scale", chosen.name().toLowerCase(Locale.ROOT));
        worldJson.put("arrests", world.arrests());
        worldJson.put("rows", world.rows());
        worldJson.put("orders", world.orders());
        worldJson.put("brokenLines", world.brokenLines());
        text("demo world (%s): %,d arrests, %,d rows in 14 target databases%n%n", worldJson.get("scale"),
                world.arrests(), world.rows());
        text("night 1, sealing: the court's feed of %,d sealing orders (and %d broken lines) is in the inbox%n",
                world.orders(), world.brokenLines());

        JobExecution sealing = demo.run(context.configDir());
        RunCommand.Outcome first = RunCommand.outcome(context, runs, sealing);
        text("%s", first.text());
        Map<String, Object> json = new LinkedHashMap<>(first.json());
        json.put("world", worldJson);
        if (first.exitCode() != ExitCodes.OK) {
            // the court reverses only orders carried out: a sealing night that did not end compliant ends the demo
            json.put("unsealing", null);
            return finish(json, first);
        }

        DemoService.Reversals reversals = demo.unseal(world);
        String statutes = reversals.byStatute().entrySet().stream()
                .map(e -> e.getValue().size() + " under " + e.getKey()).collect(Collectors.joining(", "));
        text("%nnight 2, unsealing: the court reverses %d of the orders carried out (%s); their UNSEAL lines are in"
                + " the inbox%n", reversals.orders(), statutes);
        JobExecution unsealing = demo.run(context.configDir());
        RunCommand.Outcome second = RunCommand.outcome(context, runs, unsealing);
        DemoService.Aftermath after = demo.aftermath(sealing, reversals);
        text("%s", second.text());
        text("  of the unsealed cases' rows, %d were destroyed on night 1 (160.50 and 160.55 photographs and prints):"
                + " they cannot return%n", after.destroyed());
        Map<String, Object> unsealed = new LinkedHashMap<>(second.json());
        unsealed.put("unsealedOrders", reversals.orders());
        Map<String, Integer> byStatute = new LinkedHashMap<>();
        reversals.byStatute().forEach((statute, orders) -> byStatute.put(statute, orders.size()));
        unsealed.put("unsealedByStatute", byStatute);
        unsealed.put("destroyedEarlier", after.destroyed());
        json.put("unsealing", unsealed);
        if (second.exitCode() == ExitCodes.OK) {
            json.put("next", after.nextCommands());
            text("%nnext: open a case that is still sealed to the accused (it is recorded in the ledger), then check"
                    + " the ledger's hash chain:%n");
            after.nextCommands().forEach(command -> text("  %s%n", command));
        }
        return finish(json, second);
    }

    /** Prints the JSON object (the demo's exit code in it) and the failed run's line; returns the exit code. */
    private int finish(Map<String, Object> json, RunCommand.Outcome last) {
        json.put("exitCode", last.exitCode());
        if (context.json()) {
            Printer.json(context, json);
        }
        context.out().flush();
        last.printError(context);
        return last.exitCode();
    }

    /** A line of the text output (nothing with {@code --json}). */
    private void text(String format, Object... args) {
        if (!context.json()) {
            context.out().printf(format, args);
        }
    }
}
