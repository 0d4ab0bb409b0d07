package org.sealing.catalog.check;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.sealing.catalog.TableName;
import org.sealing.catalog.TableRule;
import org.sealing.catalog.TargetDefinition;
import org.sealing.catalog.live.LiveCatalog;
import org.sealing.job.StepInterruption;
import org.sealing.targetdb.ResolvedTarget;
import org.sealing.targetdb.TargetDatabases;
import org.sealing.targetdb.TargetFailures;
import org.sealing.targetdb.dialect.TargetDialect;
import org.sealing.support.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checks a target file against the live catalog of its database ({@code targets check}, and before
 * every run): tables, columns and keys exist; keys are unique; each strategy fits its column; a
 * purged table's foreign-key children are covered by rules; indexes that matching and purging need
 * are there (a warning with the {@code CREATE INDEX} to add). A target without errors comes out
 * resolved, its names spelled as the catalog spells them; nothing of the file reaches SQL otherwise.
 */
@Component
public class TargetChecker {

    private static final Logger log = LoggerFactory.getLogger(TargetChecker.class);

    private final TargetDatabases databases;

    public TargetChecker(TargetDatabases databases) {
        this.databases = databases;
    }

    /** Whether a finding keeps the target from running (an error) or only advises (a warning). */
    public enum Severity {
        ERROR, WARNING
    }

    /**
     * A problem found.
     *
     * @param where the key of the file it is about ({@code connection}, {@code tables[2].mask.x}, ...)
     * @param fix   the statement that fixes a warning, or null
     */
    public record Finding(Severity severity, String where, String message, String fix) {
        @Override
        public String toString() {
            return severity + " " + where + ": " + message + (fix == null ? "" : "\n      fix: " + fix);
        }
    }

    /** What a check found; {@code resolved} is null when there are errors. */
    public record Report(TargetDefinition target, List<Finding> findings, ResolvedTarget resolved) {

        public List<Finding> errors() {
            return findings.stream().filter(f -> f.severity() == Severity.ERROR).toList();
        }

        public boolean hasErrors() {
            return !errors().isEmpty();
        }

        /** Whether the check failed because the database could not be reached at all. */
        public boolean unreachable() {
            return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR && "connection".equals(f.where()));
        }
    }

    public Report check(TargetDefinition target) {
        TargetDialect dialect = TargetDialect.of(target.url());
        Connection c;
        try {
            c = databases.connect(target);
        } catch (TargetDatabases.UnfitServer e) {
            String message = "the server at " + target.displayUrl() + " cannot run a target's session: "
                    + Text.escape(e.getMessage());
            return new Report(target, List.of(new Finding(Severity.ERROR, "connection", message, null)), null);
        } catch (SQLException e) {
            String message = "cannot reach " + target.displayUrl() + ": " + TargetFailures.describe(e);
            return new Report(target, List.of(new Finding(Severity.ERROR, "connection", message, null)), null);
        }
        List<TableName> names = target.tables().stream().map(TableRule::table).toList();
        try (c) {
            // reading an index's definition waits for a table another session holds locked exclusively
            for (int tries = 1; ; tries++) {
                try {
                    LiveCatalog catalog = dialect.readCatalog(c, names);
                    return new TargetCheck(target, dialect, catalog, c).run();
                } catch (SQLException e) {
                    c.rollback();
                    if (StepInterruption.requested()) {
                        throw StepInterruption.stopped("checking target " + target.name());
                    }
                    if (!dialect.isLockTimeout(e)) {
                        throw e;
                    }
                    String table = dialect.lockedTable(c, names.stream().map(TableName::toString).toList());
                    if (tries >= TargetFailures.LOCK_TRIES) {
                        throw new TargetFailures.Locked(table, dialect.lockTimeoutOf(c), tries);
                    }
                    long pause = TargetFailures.lockPauseMillis(tries);
                    log.warn("target {} table {}: locked by another session; trying again in {} s (try {} of {})",
                            target.name(), table, pause / 1000, tries + 1, TargetFailures.LOCK_TRIES);
                    StepInterruption.pause(pause, "checking target " + target.name());
                } finally {
                    c.rollback();
                }
            }
        } catch (SQLException e) {
            String where = TargetFailures.isUnreachable(e) ? "connection" : "catalog";
            String message = "cannot read the catalog of " + target.displayUrl() + ": " + TargetFailures.describe(e);
            return new Report(target, List.of(new Finding(Severity.ERROR, where, message, null)), null);
        }
    }
}
