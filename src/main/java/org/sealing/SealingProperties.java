package org.sealing;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationStyle;

import org.sealing.support.ConfigurationException;
import org.sealing.support.Settings;

/**
 * Every setting of the system, bound from {@code sealing.*} properties or their environment
 * variables ({@code SEALING_CONTROL_URL} is {@code sealing.control.url}); the README lists them all.
 * Each group checks its values when it is bound, at start ({@link Settings}): a wrong value stops
 * the command with a message that names the setting, and is never clamped into range.
 *
 * @param home       where the embedded control database, its password and the HMAC key live
 * @param configDir  the directory of target definitions and schedules ({@code --config})
 * @param inbox      where court feeds wait for the nightly import
 * @param reports    where workbooks are written
 * @param hmacKey    the key of row references ({@code SEALING_HMAC_KEY})
 * @param zone       the court's time zone: "today" for future-date checks and effective dates
 * @param control    the control database
 * @param importing  the feed import
 * @param remediation plan, apply and verify
 * @param serve       the scheduler process: its health and metrics endpoint
 * @param log         how log lines are written
 * @param vault       the vault of sealed rows: its key, the keys it rotated from, its database
 */
@ConfigurationProperties("sealing")
public record SealingProperties(
        @DefaultValue(".sealing") Path home,
        @DefaultValue("jobs") Path configDir,
        @DefaultValue("inbox") Path inbox,
        @DefaultValue("reports") Path reports,
        String hmacKey,
        @DefaultValue("America/New_York") ZoneId zone,
        @DefaultValue Control control,
        @DefaultValue Importing importing,
        @DefaultValue Remediation remediation,
        @DefaultValue Serve serve,
        @DefaultValue Log log,
        @DefaultValue Vault vault) {

    /** The fewest characters a key of row references may have. */
    public static final int SHORTEST_HMAC_KEY = 32;

    public SealingProperties {
        // an unset key is generated (embedded database) or refused by the control database that needs it
        if (hmacKey != null && !hmacKey.isBlank()) {
            longEnough("SEALING_HMAC_KEY", hmacKey.strip());
        }
        if (hmacKey != null && vault != null && vault.key() != null && hmacKey.strip().equals(vault.key().strip())) {
            throw new ConfigurationException("SEALING_VAULT_KEY must differ from SEALING_HMAC_KEY: the key that"
                    + " names rows must not be the key that hides their content");
        }
    }

    /**
     * @param url      JDBC URL of an external PostgreSQL control database; empty means the embedded one
     * @param user     its user
     * @param password its password
     */
    public record Control(String url, String user, String password) {

        public Control {
            if (url != null && !url.isBlank() && !url.strip().startsWith("jdbc:postgresql:")) {
                throw new ConfigurationException("SEALING_CONTROL_URL must be a PostgreSQL JDBC URL like"
                        + " jdbc:postgresql://db:5432/sealing, or empty for the embedded database");
            }
        }

        public boolean external() {
            return url != null && !url.isBlank();
        }
    }

    /**
     * @param chunkSize feed lines per transaction of the import
     */
    public record Importing(@DefaultValue("1000") int chunkSize) {

        public Importing {
            Settings.wholeNumber("SEALING_IMPORTING_CHUNKSIZE", chunkSize, 1, 1_000_000);
        }
    }

    /**
     * @param address the address of the health and metrics endpoint (loopback by default)
     * @param port    its port; 0 switches it off
     * @param stopWaitSeconds how long a stopping serve waits for running executions to reach a chunk boundary
     */
    public record Serve(@DefaultValue("127.0.0.1") String address, @DefaultValue("9464") int port,
            @DefaultValue("600") int stopWaitSeconds) {

        public Serve {
            Settings.notBlank("SEALING_SERVE_ADDRESS", address, "an address to listen on, like 127.0.0.1");
            Settings.wholeNumber("SEALING_SERVE_PORT", port, 0, 65_535);
            Settings.wholeNumber("SEALING_SERVE_STOPWAITSECONDS", stopWaitSeconds, 0, 86_400);
        }
    }

    /**
     * @param format {@code plain} lines or {@code json} lines (one JSON object per line)
     */
    public record Log(@DefaultValue("plain") String format) {

        public Log {
            format = Settings.oneOf("SEALING_LOG_FORMAT", format, "plain", "json");
        }
    }

    /**
     * @param chunkSize       plan rows per apply transaction (one statement per table and chunk)
     * @param parallelTargets how many partitions a process works on at once: targets planned or verified, and
     *                        ranges applied (a {@code sealctl worker}'s consumers)
     * @param parallelLanes   the most ranges of one target (its purges, each masked table's ranges) applied at once
     *                        in one process: with fewer targets than {@code parallelTargets} at work, a target's
     *                        ranges take the free places up to this many
     * @param partitionRows   the most plan rows of one masked table one partition of the apply step applies: a
     *                        table with more is applied in several ranges, side by side (at most
     *                        {@code parallelLanes} of one target at once in a process)
     * @param lockTimeout     how long a target session waits for a lock before the statement is retried
     *                        ({@code SEALING_REMEDIATION_LOCKTIMEOUT}, a duration such as {@code 30s}); kept as
     *                        written so that a wrong value is refused with its setting's name, not a
     *                        converter's message
     */
    public record Remediation(@DefaultValue("10000") int chunkSize, @DefaultValue("4") int parallelTargets,
            @DefaultValue("2") int parallelLanes, @DefaultValue("100000") int partitionRows,
            @DefaultValue("30s") String lockTimeout) {

        /** The control connections the lanes of a run may hold at once (the pool adds 12 for the rest). */
        public static final int MOST_CONTROL_CONNECTIONS = 78;

        /**
         * The control connections one partition at work may hold: a range's chunk transaction, its reader's next
         * page, its vault copies' commit, and its flow's records of its steps.
         */
        public static final int CONTROL_CONNECTIONS_PER_PARTITION = 4;

        /**
         * The most partitions a process may work on at once ({@code parallel-targets}): each holds up to
         * {@value #CONTROL_CONNECTIONS_PER_PARTITION} control connections, and all of them at most
         * {@value #MOST_CONTROL_CONNECTIONS} (19 x 4 = 76); {@code parallel-lanes} only shares them out among targets.
         */
        public static final int MOST_PARTITIONS_AT_ONCE = MOST_CONTROL_CONNECTIONS / CONTROL_CONNECTIONS_PER_PARTITION;

        /** PostgreSQL keeps lock_timeout in whole milliseconds, as an int. */
        private static final Duration LONGEST_LOCK_TIMEOUT = Duration.ofHours(24);

        public Remediation {
            Settings.wholeNumber("SEALING_REMEDIATION_CHUNKSIZE", chunkSize, 1, 1_000_000);
            Settings.wholeNumber("SEALING_REMEDIATION_PARALLELTARGETS", parallelTargets, 1, MOST_PARTITIONS_AT_ONCE);
            Settings.wholeNumber("SEALING_REMEDIATION_PARALLELLANES", parallelLanes, 1, 64);
            Settings.wholeNumber("SEALING_REMEDIATION_PARTITIONROWS", partitionRows, 1, 1_000_000_000);
            lockWait(lockTimeout);
        }

        /** How long a target session waits for a lock. */
        public Duration lockWait() {
            return lockWait(lockTimeout);
        }

        private static Duration lockWait(String text) {
            String setting = "SEALING_REMEDIATION_LOCKTIMEOUT";
            String value = text == null ? "" : text.strip();
            // a bare number would silently mean milliseconds
            if (value.isEmpty() || value.chars().allMatch(Character::isDigit)) {
                throw new ConfigurationException(setting + " must be a duration with its unit, like 30s, 2m or 500ms,"
                        + " not '" + value + "'");
            }
            Duration duration;
            try {
                duration = DurationStyle.detectAndParse(value);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(setting + " must be a duration like 30s, 2m or 500ms, not '" + value
                        + "'");
            }
            if (duration.toMillis() < 1) {
                throw new ConfigurationException(setting + " must be at least 1ms (0 would wait for ever), not '"
                        + value + "'");
            }
            if (duration.compareTo(LONGEST_LOCK_TIMEOUT) > 0) {
                throw new ConfigurationException(setting + " must be at most 24h, not '" + value + "'");
            }
            return duration;
        }
    }

    /**
     * @param key      the vault's key ({@code SEALING_VAULT_KEY}), from which its AES-256 key is derived
     * @param oldKeys  earlier keys, comma-separated, to read the copies they made ({@code SEALING_VAULT_OLD_KEYS})
     * @param url      JDBC URL of a PostgreSQL database of the vault's own; empty means the control database
     * @param user     its user
     * @param password its password
     */
    public record Vault(String key, String oldKeys, String url, String user, String password) {

        public Vault {
            key = key == null || key.isBlank() ? null : key.strip();
            longEnough("SEALING_VAULT_KEY", key);
            for (String old : oldKeyList(oldKeys)) {
                longEnough("SEALING_VAULT_OLD_KEYS", old);
            }
            if (url != null && !url.isBlank() && !url.strip().startsWith("jdbc:postgresql:")) {
                throw new ConfigurationException("SEALING_VAULT_URL must be a PostgreSQL JDBC URL like"
                        + " jdbc:postgresql://vault:5432/vault, or empty for the control database");
            }
        }

        /** The earlier keys, each stripped, without empty entries. */
        public List<String> earlierKeys() {
            return oldKeyList(oldKeys);
        }

        public boolean external() {
            return url != null && !url.isBlank();
        }

        private static List<String> oldKeyList(String text) {
            return text == null ? List.of()
                    : Arrays.stream(text.split(",")).map(String::strip).filter(k -> !k.isEmpty()).toList();
        }
    }

    /** Refuses a key shorter than {@value #SHORTEST_HMAC_KEY} characters (the HMAC key's and the vault's). */
    private static void longEnough(String setting, String key) {
        if (key != null && key.length() < SHORTEST_HMAC_KEY) {
            throw new ConfigurationException(setting + " is too short: use at least " + SHORTEST_HMAC_KEY
                    + " characters (for example the output of: openssl rand -hex 32)");
        }
    }
}
