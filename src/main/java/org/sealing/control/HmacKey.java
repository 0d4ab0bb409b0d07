package org.sealing.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import org.sealing.SealingProperties;
import org.sealing.support.ConfigurationException;

/**
 * The secret behind row references: rows of target databases are named in the audit ledger and the
 * workbook by the HMAC-SHA256 of target, table and key, never by the key itself.
 *
 * <p>The key comes from {@code SEALING_HMAC_KEY}; with the embedded control database and no such
 * variable one is generated once into {@code .sealing/hmac.key}. A fingerprint of the key is kept in
 * the control database, so that a run with another key (whose references would not match the
 * ledger's) is refused instead of silently starting a second series of references.
 */
@Component
@DependsOnDatabaseInitialization
public class HmacKey {

    private static final String FINGERPRINT_SETTING = "hmac_key_fingerprint";

    private final byte[] key;
    /** A Mac is costly to make and not thread-safe: one per thread, made once. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    HmacKey(SealingProperties properties, ControlDatabase controlDatabase, JdbcTemplate jdbc) {
        this.key = load(properties, controlDatabase).getBytes(StandardCharsets.UTF_8);
        checkFingerprint(jdbc);
    }

    private static String load(SealingProperties properties, ControlDatabase controlDatabase) {
        return Secrets.configuredOrGenerated(properties.hmacKey(), controlDatabase, "SEALING_HMAC_KEY", "hmac.key",
                "the key of its row references");
    }

    private void checkFingerprint(JdbcTemplate jdbc) {
        String fingerprint = hex("sealing-remediation key fingerprint").substring(0, 16);
        jdbc.update("insert into control_setting (name, value) values (?, ?) on conflict (name) do nothing",
                FINGERPRINT_SETTING, fingerprint);
        String stored = jdbc.queryForObject("select value from control_setting where name = ?", String.class,
                FINGERPRINT_SETTING);
        if (!fingerprint.equals(stored)) {
            throw new ConfigurationException("the HMAC key (fingerprint " + fingerprint + ") is not the one this"
                    + " control database's row references were made with (fingerprint " + stored + "); set"
                    + " SEALING_HMAC_KEY to the original key");
        }
    }

    /** The lowercase hex HMAC-SHA256 of a value's UTF-8 bytes: what the {@code hash} mask strategy writes. */
    public String hexOf(String value) {
        return HexFormat.of().formatHex(macs.get().doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** The lowercase hex HMAC-SHA256 of the parts, each followed by a separator no part can contain. */
    public String hex(String... parts) {
        Mac mac = macs.get();
        for (String part : parts) {
            mac.update(part.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
        }
        return HexFormat.of().formatHex(mac.doFinal());
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
