package org.sealing.vault;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import org.flywaydb.core.api.FlywayException;

import org.sealing.SealingProperties;
import org.sealing.control.ControlDatabase;
import org.sealing.control.Migrations;
import org.sealing.support.ConfigurationException;
import org.sealing.support.FailureMessages;

/**
 * A vault in a PostgreSQL database of its own ({@code SEALING_VAULT_URL}), kept apart from the control
 * database (another server, other backups, other administrators): its pool, and its table migrated at
 * start from the same migration the control database runs, with a history of its own.
 */
final class VaultDatabase {

    /** The vault's migration, in a folder of its own beside the control database's. */
    static final String MIGRATIONS = "classpath:db/migration/vault";

    private VaultDatabase() {
    }

    /**
     * A pool on the vault's database, its table migrated.
     *
     * @throws ConfigurationException naming {@code SEALING_VAULT_URL} when it cannot be reached or migrated
     */
    static HikariDataSource open(SealingProperties properties) {
        SealingProperties.Vault vault = properties.vault();
        String shown = vault.url().strip().replaceFirst("\\?.*", "");
        // every range at work (parallel-targets of them at most) may write its copies at once, and one more reads
        int size = properties.remediation().parallelTargets() + 2;
        HikariDataSource pool;
        try {
            pool = ControlDatabase.pool("vault", vault.url().strip(), vault.user(), vault.password(), size);
        } catch (HikariPool.PoolInitializationException e) {
            throw new ConfigurationException("cannot use the vault database " + shown + ": " + FailureMessages.of(e)
                    + " (check SEALING_VAULT_URL, SEALING_VAULT_USER and SEALING_VAULT_PASSWORD)", e);
        }
        try {
            Migrations.apply(pool, MIGRATIONS, "vault_schema_history");
            return pool;
        } catch (FlywayException e) {
            pool.close();
            throw new ConfigurationException("cannot migrate the vault database " + shown + " (SEALING_VAULT_URL): "
                    + FailureMessages.of(e), e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }
}
