package org.sealing.schedule;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import org.sealing.support.ConfigurationException;

/**
 * {@code jobs/schedules.yml}: when each job fires. Without the file, the nightly job fires at 02:00
 * in New York.
 *
 * <pre>
 * schedules:
 *   nightly:
 *     cron: "0 0 2 * * ?"        # Quartz (seconds first) or five-field Unix cron
 *     zone: America/New_York
 *     paused: false
 * </pre>
 */
final class ScheduleFile {

    static final Map<String, Schedule> DEFAULTS = Map.of("nightly",
            new Schedule("nightly", "0 0 2 * * ?", ZoneId.of("America/New_York"), false));

    /** One job's schedule. */
    record Schedule(String job, String cron, ZoneId zone, boolean paused) {
    }

    private ScheduleFile() {
    }

    static Map<String, Schedule> read(Path configDir) {
        Path file = configDir.resolve("schedules.yml");
        if (!Files.exists(file)) {
            return DEFAULTS;
        }
        Object root;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (IOException | YAMLException e) {
            throw new ConfigurationException(file + ": not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
        if (!(root instanceof Map<?, ?> map) || !(map.get("schedules") instanceof Map<?, ?> schedules)) {
            throw new ConfigurationException(file + ": expected a mapping 'schedules' of job: {cron, zone, paused}");
        }
        Map<String, Schedule> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : schedules.entrySet()) {
            String job = String.valueOf(e.getKey());
            String where = file + ": schedules." + job;
            if (!Schedules.JOBS.contains(job)) {
                throw new ConfigurationException(where + ": no schedulable job " + job + " (nightly, remediate, verify)");
            }
            if (!(e.getValue() instanceof Map<?, ?> entry)) {
                throw new ConfigurationException(where + ": expected {cron, zone, paused}");
            }
            for (Object key : entry.keySet()) {
                if (!java.util.Set.of("cron", "zone", "paused").contains(String.valueOf(key))) {
                    throw new ConfigurationException(where + "." + key + ": unknown key; expected cron, zone, paused");
                }
            }
            Object cron = entry.get("cron");
            if (cron == null) {
                throw new ConfigurationException(where + ".cron: is required");
            }
            String zone = entry.get("zone") == null ? "America/New_York" : String.valueOf(entry.get("zone"));
            result.put(job, new Schedule(job, Cron.toQuartz(String.valueOf(cron), where + ".cron"), zone(zone, where),
                    Boolean.TRUE.equals(entry.get("paused"))));
        }
        return result;
    }

    static ZoneId zone(String zone, String where) {
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new ConfigurationException(where + ".zone: '" + zone + "' is not a time zone (such as America/New_York)");
        }
    }
}
