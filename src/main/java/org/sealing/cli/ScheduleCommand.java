package org.sealing.cli;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.sealing.schedule.Schedules;
import org.sealing.support.Text;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sealctl schedule}: the Quartz schedules every serve node shares. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = "Shows and changes the schedules (kept in the control database, shared by every serve node).",
        subcommands = {ScheduleCommand.ListSchedules.class, ScheduleCommand.Set.class, ScheduleCommand.Pause.class,
            ScheduleCommand.Resume.class, ScheduleCommand.Apply.class})
class ScheduleCommand extends GroupCommand {

    static int print(CliContext context, List<Schedules.Entry> entries) {
        if (context.json()) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Schedules.Entry e : entries) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("job", e.job());
                m.put("cron", e.cron());
                m.put("zone", e.zone());
                m.put("state", e.state());
                m.put("nextFireTime", e.nextFireTime() == null ? null : e.nextFireTime().toString());
                m.put("previousFireTime", e.previousFireTime() == null ? null : e.previousFireTime().toString());
                list.add(m);
            }
            Printer.json(context, Map.of("schedules", list));
            return ExitCodes.OK;
        }
        if (entries.isEmpty()) {
            context.out().println("no schedules; sealctl schedule apply reads jobs/schedules.yml");
        }
        context.out().printf("%-10s %-20s %-18s %-8s %s%n", "JOB", "CRON", "ZONE", "STATE", "NEXT FIRE TIME");
        for (Schedules.Entry e : entries) {
            String next = e.nextFireTime() == null ? "-"
                    : e.nextFireTime().atZone(ZoneId.of(e.zone())).toOffsetDateTime().toString();
            context.out().printf("%-10s %-20s %-18s %-8s %s%n", Text.escape(e.job()), Text.escape(e.cron()),
                    Text.escape(e.zone()), e.state(), next);
        }
        return ExitCodes.OK;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Each job's cron, zone, state and next"
            + " fire time.")
    static class ListSchedules extends ContextCommand {
        ListSchedules(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            return print(context, context.bean(Schedules.class).list());
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Schedules a job: Quartz cron (\"0 0 2 * * ?\")"
            + " or Unix cron (\"0 2 * * *\"). A paused schedule stays paused.")
    static class Set extends ContextCommand {
        @Parameters(index = "0", paramLabel = "JOB", description = "nightly, remediate or verify")
        private String job;

        @Parameters(index = "1", paramLabel = "CRON", description = "when it fires")
        private String cron;

        @Option(names = "--zone", paramLabel = "Z", defaultValue = "America/New_York",
                description = "time zone of the cron (default: ${DEFAULT-VALUE})")
        private String zone;

        Set(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            ZoneId zoneId;
            try {
                zoneId = ZoneId.of(zone);
            } catch (java.time.DateTimeException e) {
                throw new org.sealing.support.ConfigurationException("--zone must be a time zone like"
                        + " America/New_York, not '" + Text.escape(zone) + "'");
            }
            return print(context, List.of(context.bean(Schedules.class).set(job, cron, zoneId)));
        }
    }

    /** What pause and resume share: the job named, and its schedule as it is afterwards. */
    abstract static class Change extends ContextCommand {

        private final BiFunction<Schedules, String, Schedules.Entry> change;

        @Parameters(paramLabel = "JOB")
        private String job;

        Change(CliContext context, BiFunction<Schedules, String, Schedules.Entry> change) {
            super(context);
            this.change = change;
        }

        @Override
        public Integer call() {
            return print(context, List.of(change.apply(context.bean(Schedules.class), job)));
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pauses a job's schedule on every node.")
    static class Pause extends Change {
        Pause(CliContext context) {
            super(context, Schedules::pause);
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resumes a paused schedule.")
    static class Resume extends Change {
        Resume(CliContext context) {
            super(context, Schedules::resume);
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true, description = "Makes the scheduler hold exactly the"
            + " schedules of jobs/schedules.yml (without it: nightly at 02:00 America/New_York).")
    static class Apply extends ContextCommand {
        Apply(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            return print(context, context.bean(Schedules.class).apply(context.configDir()));
        }
    }
}
