package org.sealing.support;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The checks every setting passes when the application starts: a wrong value stops the command
 * before anything changes, with a message that names the setting as an operator sets it (its
 * environment variable) and says what it must be. Nothing is ever silently clamped into range.
 */
public final class Settings {

    private Settings() {
    }

    /** The value, when it is a whole number from {@code min} to {@code max}. */
    public static int wholeNumber(String setting, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigurationException(setting + " must be a whole number from " + min + " to " + max
                    + ", not " + value);
        }
        return value;
    }

    /** The value in lower case, when it is one of {@code allowed} (in any case). */
    public static String oneOf(String setting, String value, String... allowed) {
        String lower = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (!Arrays.asList(allowed).contains(lower)) {
            throw new ConfigurationException(setting + " must be " + alternatives(allowed) + ", not '"
                    + Text.escape(value) + "'");
        }
        return lower;
    }

    /** The value, when it is not empty. */
    public static String notBlank(String setting, String value, String what) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(setting + " must be " + what + "; it is empty");
        }
        return value;
    }

    /**
     * The environment variable of a Spring property name, as Spring's relaxed binding reads it:
     * {@code sealing.remediation.chunk-size} is {@code SEALING_REMEDIATION_CHUNKSIZE}.
     */
    public static String environmentName(String property) {
        return property.replace("-", "").replace('.', '_').replaceAll("\\[(\\d+)]", "_$1")
                .toUpperCase(Locale.ROOT);
    }

    /** What a value of this type must look like, in a user's words. */
    public static String expected(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == java.time.Duration.class) {
            return "a duration like 30s, 5m or 1h";
        }
        if (type == java.time.ZoneId.class) {
            return "a time zone like America/New_York";
        }
        if (type == java.nio.file.Path.class) {
            return "a path";
        }
        return "a valid value";
    }

    private static String alternatives(String... allowed) {
        if (allowed.length == 1) {
            return allowed[0];
        }
        return Arrays.stream(allowed, 0, allowed.length - 1).collect(Collectors.joining(", ")) + " or "
                + allowed[allowed.length - 1];
    }
}
