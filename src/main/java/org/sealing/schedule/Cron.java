package org.sealing.schedule;

import org.quartz.CronExpression;

import org.sealing.support.ConfigurationException;

/**
 * Cron expressions as administrators write them: Quartz's own (seconds first, {@code 0 0 2 * * ?}) or
 * the five fields of Unix cron ({@code 0 2 * * *}), which are turned into Quartz's.
 */
final class Cron {

    private Cron() {
    }

    static String toQuartz(String text, String where) {
        String cron = text.strip().replaceAll("\\s+", " ");
        String[] f = cron.split(" ");
        if (f.length == 5) {
            String dom = f[2];
            String dow = unixDays(f[4]);
            if ("*".equals(dom) && !"*".equals(dow)) {
                dom = "?";
            } else {
                dow = "?";
            }
            cron = String.join(" ", "0", f[0], f[1], dom, f[3], dow);
        }
        if (!CronExpression.isValidExpression(cron)) {
            throw new ConfigurationException(where + ": '" + text + "' is not a cron expression (Quartz: \"0 0 2 * * ?\","
                    + " or Unix: \"0 2 * * *\")");
        }
        return cron;
    }

    /** Unix numbers days 0-7 from Sunday; Quartz 1-7 from Sunday. Names are the same in both. */
    private static String unixDays(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            boolean afterSlash = i > 0 && field.charAt(i - 1) == '/';
            if (Character.isDigit(c) && !afterSlash) {
                int day = c - '0';
                out.append(day == 7 ? 1 : day + 1);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
