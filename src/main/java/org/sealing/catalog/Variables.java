package org.sealing.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.springframework.core.env.PropertyResolver;
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
        String expanded;
        try {
            expanded = PLACEHOLDERS.replacePlaceholders(text, name -> value(name, malformed));
        } catch (PlaceholderResolutionException e) {
            problem.accept(malformed.isEmpty() ? "variable ${" + e.getPlaceholder() + "} is not set and has no default"
                    : "'" + malformed.get(0) + "' is not a variable name");
            return null;
        }
        if (!malformed.isEmpty()) {
            problem.accept("'" + malformed.get(0) + "' is not a variable name");
            return null;
        }
        // the helper leaves an unclosed ${ as text; environment values cannot hold one (Spring resolves them too)
        if (expanded.contains("${")) {
            problem.accept("unclosed ${ in '" + text + "'");
            return null;
        }
        return expanded;
    }

    private String value(String name, List<String> malformed) {
        if (NAME.matcher(name).matches()) {
            return environment.getProperty(name);
        }
        // the helper first asks for the whole of NAME:default; only a name without ':' is one the file wrote
        if (name.indexOf(':') < 0) {
            malformed.add(name);
        }
        return null;
    }
}
