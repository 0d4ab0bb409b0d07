package org.sealing.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.sealing.support.ConfigurationException;

/**
 * One field of Unix cron: its bounds and, for month and day of week, its names (from {@code min}),
 * and the parsing of what an administrator wrote in it, refused with the reason and what to write
 * instead when it is not Unix cron (Quartz's own syntax belongs in a Quartz expression).
 */
enum UnixCronField {
    MINUTE("minute", 0, 59),
    HOUR("hour", 0, 23),
    DAY_OF_MONTH("day-of-month", 1, 31),
    MONTH("month", 1, 12, "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"),
    // 0 and 7 are both Sunday
    DAY_OF_WEEK("day-of-week", 0, 7, "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    /** {@code *}, a value, or a range, each with an optional step; a value is a number or a three-letter name. */
    private static final Pattern ELEMENT = Pattern.compile(
            "(?<star>\\*)(?:/(?<starStep>\\d+))?"
            + "|(?<from>\\d+|[A-Za-z]{3})(?:-(?<to>\\d+|[A-Za-z]{3}))?(?:/(?<step>\\d+))?");

    final String label;
    final int min;
    final int max;
    final List<String> names;

    UnixCronField(String label, int min, int max, String... names) {
        this.label = label;
        this.min = min;
        this.max = max;
        this.names = List.of(names);
    }

    /** One element of a field's comma list, with the values it stands for in Unix cron. */
    record Element(String text, boolean star, int from, int to, int step, boolean named) {

        TreeSet<Integer> values() {
            TreeSet<Integer> values = new TreeSet<>();
            for (int v = from; v <= to; v += step) {
                values.add(v);
            }
            return values;
        }
    }

    /** The elements of this field as written; {@code shown} and {@code where} name it in refusals. */
    List<Element> parse(String field, String shown, String where) {
        List<Element> elements = new ArrayList<>();
        for (String text : field.split(",", -1)) {
            Matcher m = ELEMENT.matcher(text);
            if (!m.matches()) {
                throw new ConfigurationException(where + ": '" + shown + "': " + label + " '" + text + "' is not"
                        + " Unix cron (a value " + min + "-" + max + (names.isEmpty() ? ""
                                : " or a name " + names.get(0) + "-" + names.get(names.size() - 1))
                        + ", a range A-B, a step */N or A-B/N, or a list of them); Quartz's L, W, # and ? need a"
                        + " Quartz expression (seconds first)");
            }
            if (m.group("star") != null) {
                int step = step(m.group("starStep"), text, shown, where);
                elements.add(new Element(text, true, min, max, step, false));
                continue;
            }
            int from = value(m.group("from"), shown, where);
            boolean named = !Character.isDigit(m.group("from").charAt(0));
            int to = from;
            if (m.group("to") != null) {
                to = value(m.group("to"), shown, where);
                named &= !Character.isDigit(m.group("to").charAt(0));
                if (to < from) {
                    throw backwards(text, from, to, shown, where);
                }
            } else if (m.group("step") != null) {
                throw new ConfigurationException(where + ": '" + shown + "': " + label + " '" + text + "' is not"
                        + " Unix cron (a step needs a range); write " + m.group("from") + "-" + max + "/"
                        + m.group("step") + " for every " + m.group("step") + " from " + m.group("from"));
            }
            int step = step(m.group("step"), text, shown, where);
            elements.add(new Element(text, false, from, to, step, named));
        }
        return elements;
    }

    private ConfigurationException backwards(String text, int from, int to, String shown, String where) {
        String instead;
        if (this == DAY_OF_WEEK) {
            instead = from + "-7" + (to == 0 ? "" : "," + Cron.range(1, to, 1)) + " (7 is Sunday, as 0 is)";
        } else {
            instead = Cron.range(from, max, 1) + "," + Cron.range(min, to, 1);
        }
        return new ConfigurationException(where + ": '" + shown + "': the " + label + " range '" + text
                + "' runs backwards, and Unix cron does not wrap a range around; for " + from + " through " + to
                + " write " + instead);
    }

    private int value(String text, String shown, String where) {
        int value;
        if (Character.isDigit(text.charAt(0))) {
            value = text.length() > 3 ? Integer.MAX_VALUE : Integer.parseInt(text);
        } else {
            int index = names.indexOf(text.toUpperCase(Locale.ROOT));
            if (index < 0) {
                throw new ConfigurationException(where + ": '" + shown + "': " + label + " '" + text
                        + "' is not a number" + (names.isEmpty() ? ""
                                : " or a name (" + String.join(", ", names) + ")"));
            }
            value = min + index;
        }
        if (value < min || value > max) {
            throw new ConfigurationException(where + ": '" + shown + "': " + label + " " + text + " is outside "
                    + min + "-" + max);
        }
        return value;
    }

    private int step(String text, String element, String shown, String where) {
        if (text == null) {
            return 1;
        }
        int step = text.length() > 3 ? Integer.MAX_VALUE : Integer.parseInt(text);
        if (step < 1 || step > max) {
            throw new ConfigurationException(where + ": '" + shown + "': the step of " + label + " '" + element
                    + "' must be 1 to " + max);
        }
        return step;
    }
}
