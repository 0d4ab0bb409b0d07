package org.sealing.control;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.sealing.support.ConfigurationException;

/**
 * The keys the system holds (of row references, of the vault): each is set by its variable, or, with the
 * embedded control database only, generated once into an owner-only file of {@code .sealing/}. An
 * external control database is shared by machines that must all use the same key, so there a missing
 * key is a configuration error naming its variable.
 */
public final class Secrets {

    private Secrets() {
    }

    /**
     * The configured key (its length checked when the settings were bound), or the one generated into
     * {@code fileName}.
     *
     * @param setting the variable that sets the key, named in the error
     * @param purpose what the key is for, as the error says it: "the key of its row references"
     */
    public static String configuredOrGenerated(String configured, ControlDatabase controlDatabase, String setting,
            String fileName, String purpose) {
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        if (!controlDatabase.isEmbedded()) {
            throw new ConfigurationException(setting + " is not set: an external control database ("
                    + controlDatabase.displayUrl() + ") needs " + purpose + " in " + setting);
        }
        try {
            return ControlFiles.readOrCreateSecret(controlDatabase.embeddedHome().resolve(fileName), () -> {
                byte[] b = new byte[32];
                new SecureRandom().nextBytes(b);
                return HexFormat.of().formatHex(b);
            });
        } catch (IOException e) {
            throw new ConfigurationException("cannot read or create " + controlDatabase.embeddedHome().resolve(fileName)
                    + ": " + e.getMessage(), e);
        }
    }
}
