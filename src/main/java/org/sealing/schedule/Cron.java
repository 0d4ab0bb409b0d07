package org.sealing.schedule;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import org.quartz.CronExpression;

import org.sealing.schedule.UnixCronField.Element;
import org.sealing.support.ConfigurationException;

/**
 * Cron expressions as administrators write them: Quartz's own (seconds first, {@code 0 0 2 * * ?}) or
 * Unix cron's five fields ({@code 0 2 * * *}) and its {@code @daily}-style shortcuts, which are turned
 * into the Quartz expression that fires at exactly the same instants. What Quartz cannot express
 * exactly is refused with the reason and what to write instead, never quietly changed: a schedule that
 * fires on other days than the administrator wrote is a compliance failure nobody sees.
 */
final class Cron {

    private static final String EXAMPLES = " (Quartz: \"0 0 2 * * ?\", or Unix: \"0 2 * * *\")";

    private static final Map<String, String> SHORTCUTS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");

    private Cron() {
    }

    static String toQuartz(String text, String where) {
        String cron = text.strip().replaceAll("\\s+", " ");
        String shown = printable(text.strip());
        if (cron.startsWith("@")) {
            String expansion = SHORTCUTS.get(cron.toLowerCase(Locale.ROOT));
            if (expansion == null) {
                throw new ConfigurationException(where + ": '" + shown + "' is not a cron shortcut; the shortcuts are"
                        + " @hourly, @daily (or @midnight), @weekly, @monthly and @yearly (or @annually)");
            }
            return fromUnix(expansion.split(" "), shown, where);
        }
        String[] f = cron.split(" ");
        if (f.length == 5) {
            return fromUnix(f, shown, where);
        }
        if (f.length == 6 || f.length == 7) {
            try {
                CronExpression.validateExpression(cron);
            } catch (ParseException e) {
                throw new ConfigurationException(where + ": '" + shown + "' is not a cron expression" + EXAMPLES
                        + "; Quartz says: " + e.getMessage());
            }
            return cron;
        }
        throw new ConfigurationException(where + ": '" + shown + "' is not a cron expression" + EXAMPLES);
    }

    /** Unix cron's five fields (minute, hour, day of month, month, day of week) as a Quartz expression. */
    private static String fromUnix(String[] f, String shown, String where) {
        List<Element> minute = UnixCronField.MINUTE.parse(f[0], shown, where);
        List<Element> hour = UnixCronField.HOUR.parse(f[1], shown, where);
        List<Element> dom = UnixCronField.DAY_OF_MONTH.parse(f[2], shown, where);
        List<Element> month = UnixCronField.MONTH.parse(f[3], shown, where);
        List<Element> dow = UnixCronField.DAY_OF_WEEK.parse(f[4], shown, where);
        boolean everyDayOfMonth = values(dom).size() == 31;
        boolean everyDayOfWeek = sundayIsZero(values(dow)).size() == 7;
        String quartzDom;
        String quartzDow;
        if ("*".equals(f[2]) && "*".equals(f[4])) {
            quartzDom = "*";
            quartzDow = "?";
        } else if (f[2].startsWith("*") || f[4].startsWith("*")) {
            // cron (Vixie, cronie) ANDs the two day fields when either starts with '*'
            if (everyDayOfMonth) {
                quartzDom = "?";
                quartzDow = dayOfWeek(dow);
            } else if (everyDayOfWeek) {
                quartzDom = plain(dom);
                quartzDow = "?";
            } else {
                throw bothDays(f, shown, where, "only on the days that match both day-of-month '" + f[2]
                        + "' AND day-of-week '" + f[4] + "' (a day field that starts with '*' makes cron combine the"
                        + " two with AND)");
            }
        } else {
            // both restricted: cron fires on the days that match either one
            if (everyDayOfMonth) {
                quartzDom = plain(dom);
                quartzDow = "?";
            } else if (everyDayOfWeek) {
                quartzDom = "?";
                quartzDow = dayOfWeek(dow);
            } else {
                throw bothDays(f, shown, where, "on every day that matches day-of-month '" + f[2] + "' OR day-of-week '"
                        + f[4] + "' (cron's rule when both day fields are restricted)");
            }
        }
        String quartz = String.join(" ", "0", plain(minute), plain(hour), quartzDom, plain(month), quartzDow);
        requireSameInstants(quartz, minute, hour, "?".equals(quartzDom) ? null : dom, month,
                "?".equals(quartzDow) ? null : dow, shown, where);
        return quartz;
    }

    private static ConfigurationException bothDays(String[] f, String shown, String where, String meaning) {
        String dayOnly = String.join(" ", f[0], f[1], f[2], f[3], "*");
        String weekdayOnly = String.join(" ", f[0], f[1], "*", f[3], f[4]);
        return new ConfigurationException(where + ": '" + shown + "' fires, in Unix cron, " + meaning + ", and a Quartz"
                + " schedule can restrict only one of the two day fields; restrict one of them ('" + dayOnly + "' or '"
                + weekdayOnly + "'), or write a Quartz expression (seconds first) such as '0 " + f[0] + " " + f[1]
                + " ? * MON#1' for the first Monday of each month");
    }

    /** A field whose Quartz syntax and meaning are Unix's (minute, hour, day of month, month). */
    private static String plain(List<Element> elements) {
        List<String> out = new ArrayList<>();
        for (Element e : elements) {
            out.add(e.star() || (e.named() && e.step() == 1) ? e.text().toUpperCase(Locale.ROOT)
                    : range(e.from(), e.to(), e.step()));
        }
        return String.join(",", out);
    }

    /**
     * Unix numbers the days 0-7 from Sunday (7 is Sunday again), Quartz 1-7 from Sunday; names are the
     * same in both. {@code *} and {@code *}/N pick the same days in both (0, N, 2N... there; 1, 1+N... here).
     * Quartz ignores the step of a range of names, so a stepped range is always written in numbers.
     */
    private static String dayOfWeek(List<Element> elements) {
        List<String> out = new ArrayList<>();
        for (Element e : elements) {
            if (e.star() || (e.named() && e.step() == 1)) {
                out.add(e.text().toUpperCase(Locale.ROOT));
            } else if (e.to() < 7) {
                out.add(range(e.from() + 1, e.to() + 1, e.step()));
            } else if (e.step() == 1) {
                // A-7: Quartz's A+1 through Saturday, and Sunday
                if (e.from() == 0) {
                    out.add("1-7");
                } else if (e.from() == 7) {
                    out.add("1");
                } else {
                    out.add(range(e.from() + 1, 7, 1) + ",1");
                }
            } else {
                for (int day : e.values()) {
                    out.add(String.valueOf(day % 7 + 1));
                }
            }
        }
        return String.join(",", out);
    }

    /** {@code from-to/step} as cron writes it, shortest form. */
    static String range(int from, int to, int step) {
        String range = from == to ? String.valueOf(from) : from + "-" + to;
        return step == 1 ? range : range + "/" + step;
    }

    private static TreeSet<Integer> values(List<Element> elements) {
        TreeSet<Integer> all = new TreeSet<>();
        elements.forEach(e -> all.addAll(e.values()));
        return all;
    }

    private static TreeSet<Integer> sundayIsZero(TreeSet<Integer> days) {
        TreeSet<Integer> out = new TreeSet<>();
        days.forEach(d -> out.add(d % 7));
        return out;
    }

    /**
     * Reads back, from Quartz's own parser, the values each field of the translation stands for and
     * refuses the expression unless they are Unix's: the guarantee that nothing was silently changed.
     */
    private static void requireSameInstants(String quartz, List<Element> minute, List<Element> hour, List<Element> dom,
            List<Element> month, List<Element> dow, String shown, String where) {
        Map<String, String> summary;
        try {
            summary = new java.util.HashMap<>();
            for (String line : new CronExpression(quartz).getExpressionSummary().split("\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    summary.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
                }
            }
        } catch (ParseException e) {
            throw new ConfigurationException(where + ": '" + shown + "' has no exact Quartz equivalent (Quartz says: "
                    + e.getMessage() + "); write a Quartz expression (seconds first)");
        }
        TreeSet<Integer> quartzDays = new TreeSet<>();
        if (dow != null) {
            sundayIsZero(values(dow)).forEach(d -> quartzDays.add(d + 1));
        }
        boolean same = same(summary.get("minutes"), values(minute), 0, 59)
                && same(summary.get("hours"), values(hour), 0, 23)
                && (dom == null ? "?".equals(summary.get("daysOfMonth")) : same(summary.get("daysOfMonth"), values(dom), 1, 31))
                && same(summary.get("months"), values(month), 1, 12)
                && (dow == null ? "?".equals(summary.get("daysOfWeek")) : same(summary.get("daysOfWeek"), quartzDays, 1, 7));
        if (!same) {
            throw new ConfigurationException(where + ": '" + shown + "' cannot be translated into Quartz exactly (" + quartz
                    + " would fire at other times); write a Quartz expression (seconds first)");
        }
    }

    private static boolean same(String quartzValues, TreeSet<Integer> unix, int min, int max) {
        TreeSet<Integer> quartz = new TreeSet<>();
        if ("*".equals(quartzValues)) {
            for (int v = min; v <= max; v++) {
                quartz.add(v);
            }
        } else if (quartzValues != null && !quartzValues.isEmpty() && !"?".equals(quartzValues)) {
            for (String v : quartzValues.split(",")) {
                quartz.add(Integer.parseInt(v.strip()));
            }
        }
        return quartz.equals(unix);
    }

    /** The expression as it may be shown in a message: control characters escaped. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", c)
                : new String(Character.toChars(c))));
        return out.toString();
    }
}
