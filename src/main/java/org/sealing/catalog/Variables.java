package org.sealing.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.env.PropertySource;
import org.springframework.util.PlaceholderResolutionException;
import org.springframework.util.PropertyPlaceholderHelper;

/**
 * Expands {@code ${VAR}} and {@code ${VAR:default}} in the values of target files from the
 * environment (environment variables, system properties, Spring properties) with Spring's placeholder
 * helper, which also expands variables inside a default ({@code ${OLBS_URL:${SEALING_DEMO_JDBC}demo_olbs}}).
 * What the helper would pass over silently (a malformed name, an unclosed {@code ${}) is a problem here.
 */
final class Variables {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    /** Brackets the index of a value in the text the helper returns: a character no target file holds. */
    private static final char TOKEN = '\u0000';

    /** No escape character: a backslash in a value (a password, a constant) stays as written. */
    private static final PropertyPlaceholderHelper PLACEHOLDERS = new PropertyPlaceholderHelper("${", "}", ":", null,
            false);

    private final PropertyResolver environment;

    Variables(PropertyResolver environment) {
        this.environment = environment;
    }

    /** The text with its variables expanded, or null after telling {@code problem} why it cannot be. */
    String expand(String text, Consumer<String> problem) {
        if (!text.contains("${")) {
            return text;
        }
        List<String> malformed = new ArrayList<>();
        // the helper parses what a resolver returns again: it gets a token per value, and the values, which
        // may hold "${" themselves (a password), go in afterwards, as written
        List<String> values = new ArrayList<>();
        String tokens;
        try {
            tokens = PLACEHOLDERS.replacePlaceholders(text, name -> token(name, malformed, values));
        } catch (PlaceholderResolutionException e) {
            problem.accept(malformed.isEmpty() ? "variable ${" + e.getPlaceholder() + "} is not set and has no default"
                    : "'" + malformed.get(0) + "' is not a variable name");
            return null;
        }
        if (!malformed.isEmpty()) {
            problem.accept("'" + malformed.get(0) + "' is not a variable name");
            return null;
        }
        // the helper leaves an unclosed ${ of the file's own text as it is
        if (tokens.contains("${")) {
            problem.accept("unclosed ${ in '" + text + "'");
            return null;
        }
        StringBuilder expanded = new StringBuilder(tokens.length());
        int from = 0;
        for (int at = tokens.indexOf(TOKEN); at >= 0; at = tokens.indexOf(TOKEN, from)) {
            int end = tokens.indexOf(TOKEN, at + 1);
            expanded.append(tokens, from, at).append(values.get(Integer.parseInt(tokens.substring(at + 1, end))));
            from = end + 1;
        }
        return expanded.append(tokens, from, tokens.length()).toString();
    }

    /** A token that stands for the variable's value, or null when it is not set (or not a name). */
    private String token(String name, List<String> malformed, List<String> values) {
        if (!NAME.matcher(name).matches()) {
            // the helper first asks for the whole of NAME:default; only a name without ':' is one the file wrote
            if (name.indexOf(':') < 0) {
                malformed.add(name);
            }
            return null;
        }
        String value = rawValue(name);
        if (value == null) {
            return null;
        }
        values.add(value);
        return "" + TOKEN + (values.size() - 1) + TOKEN;
    }

    /**
     * The variable's value as it is set: an environment variable or a property is never expanded in its
     * turn, so that a password holding "${" is used as written.
     */
    private String rawValue(String name) {
        if (environment instanceof ConfigurableEnvironment configurable) {
            for (PropertySource<?> source : configurable.getPropertySources()) {
                Object value = source.getProperty(name);
                if (value != null) {
                    return value.toString();
                }
            }
            return null;
        }
        return environment.getProperty(name);
    }
}
