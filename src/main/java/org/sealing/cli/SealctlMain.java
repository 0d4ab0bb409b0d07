package org.sealing.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import org.sealing.SealingApplication;
import picocli.CommandLine;

/**
 * Runs one {@code sealctl} command line: parses it with picocli (usage errors cost nothing), starts
 * the application when the command needs it, and turns every outcome into the exit codes of SPEC
 * section 3.
 */
public final class SealctlMain {

    private SealctlMain() {
    }

    /** Runs a command line in a fresh application and returns its exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CliContext context = CliContext.starting(out, err, SealctlMain::startApplication);
        int code;
        try {
            code = execute(context, args);
        } finally {
            try {
                context.close();
            } catch (RuntimeException e) {
                err.println("warning: the application did not shut down cleanly: " + Failures.describe(e));
            }
        }
        return code;
    }

    /** Runs a command line in the given context (tests hand in their own application). */
    public static int execute(CliContext context, String... args) {
        CommandLine commandLine = new CommandLine(SealctlCommand.class, new Factory(context));
        commandLine.setOut(new PrintWriter(context.out(), true));
        commandLine.setErr(new PrintWriter(context.err(), true));
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> Failures.report(context, e));
        return commandLine.execute(args);
    }

    private static ConfigurableApplicationContext startApplication(Map<String, Object> properties) {
        List<String> args = new ArrayList<>();
        // as command-line arguments they take precedence over the environment, as options should
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        return new SpringApplicationBuilder(SealingApplication.class).run(args.toArray(new String[0]));
    }

    /** Builds commands with the context they need; everything else the picocli way. */
    private record Factory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                var constructor = type.getDeclaredConstructor(CliContext.class);
                constructor.setAccessible(true);
                return constructor.newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
