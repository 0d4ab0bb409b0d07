package org.sealing.cli;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a command runs with: its output streams, the global options, and the Spring context, started
 * only when a command needs it (so that {@code --help} and a usage error cost nothing and change
 * nothing). A test hands in a context it already has.
 */
public final class CliContext implements AutoCloseable {

    private final PrintStream out;
    private final PrintStream err;
    private final Function<Map<String, Object>, ConfigurableApplicationContext> starter;
    private final boolean ownsContext;
    private ConfigurableApplicationContext context;
    private boolean json;
    private String configDir;

    private CliContext(PrintStream out, PrintStream err,
            Function<Map<String, Object>, ConfigurableApplicationContext> starter, boolean ownsContext) {
        this.out = out;
        this.err = err;
        this.starter = starter;
        this.ownsContext = ownsContext;
    }

    /** A context that starts its own Spring application when first needed, and stops it on close. */
    public static CliContext starting(PrintStream out, PrintStream err,
            Function<Map<String, Object>, ConfigurableApplicationContext> starter) {
        return new CliContext(out, err, starter, true);
    }

    /** A context around a Spring application that someone else owns (tests). */
    public static CliContext around(ConfigurableApplicationContext context, PrintStream out, PrintStream err) {
        return new CliContext(out, err, properties -> context, false);
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public boolean json() {
        return json;
    }

    void json(boolean value) {
        json = json || value;
    }

    void configDir(String dir) {
        configDir = dir;
    }

    /** The directory of target files and schedules: {@code --config}, else the {@code sealing.config-dir} setting. */
    public java.nio.file.Path configDir() {
        return configDir != null ? java.nio.file.Path.of(configDir)
                : bean(org.sealing.SealingProperties.class).configDir();
    }

    /** A bean of the application, starting it on first use. */
    public <T> T bean(Class<T> type) {
        if (context == null) {
            Map<String, Object> properties = new HashMap<>();
            if (configDir != null) {
                properties.put("sealing.config-dir", configDir);
            }
            context = starter.apply(properties);
        }
        return context.getBean(type);
    }

    @Override
    public void close() {
        if (context != null && ownsContext) {
            context.close();
        }
    }
}
