package org.sealing.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import org.sealing.SealingApplication;
import org.sealing.support.Text;
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
                err.println("sealctl: warning: the application did not shut down cleanly: " + Failures.describe(e));
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
        commandLine.setParameterExceptionHandler((e, given) -> usageError(context, e, given));
        // "'x' is not a long" names a Java type; users know whole numbers
        commandLine.registerConverter(Long.class, SealctlMain::wholeNumber);
        commandLine.registerConverter(Long.TYPE, SealctlMain::wholeNumber);
        commandLine.registerConverter(Integer.class, SealctlMain::smallWholeNumber);
        commandLine.registerConverter(Integer.TYPE, SealctlMain::smallWholeNumber);
        return commandLine.execute(args);
    }

    private static long wholeNumber(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + Text.escape(value) + "' is not a whole number");
        }
    }

    private static int smallWholeNumber(String value) {
        long number = wholeNumber(value);
        if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
            throw new CommandLine.TypeConversionException("'" + Text.escape(value) + "' is too large");
        }
        return (int) number;
    }

    /**
     * A usage error (unknown option, missing parameter, a word where a number belongs) as one line
     * that says how to get help, and with {@code --json} as the error object, whichever the position
     * of {@code --json} (picocli may stop parsing before it reaches it).
     */
    private static int usageError(CliContext context, CommandLine.ParameterException e, String[] given) {
        for (String arg : given) {
            if ("--".equals(arg)) {
                break;
            }
            if ("--json".equals(arg)) {
                context.json(true);
            }
        }
        StringBuilder message = new StringBuilder(Text.escape(e.getMessage()));
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            message.append(" (did you mean ").append(Text.escape(String.join(" or ", unmatched.getSuggestions())))
                    .append("?)");
        }
        String command = e.getCommandLine().getCommandSpec().qualifiedName();
        message.append("; see ").append(command).append(" --help");
        return Failures.print(context, message.toString(), ExitCodes.USAGE);
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
