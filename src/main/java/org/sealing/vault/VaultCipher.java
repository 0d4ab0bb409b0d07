package org.sealing.vault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import org.sealing.SealingProperties;
import org.sealing.control.ControlDatabase;
import org.sealing.control.Secrets;

/**
 * Encrypts and opens vault copies with AES-256-GCM: a random 12-byte nonce per copy, a 128-bit tag, and
 * the copy's place (run, plan row, target, table, row reference, order) as associated data, so a copy
 * that is changed, or moved to another row or order, fails to open instead of restoring or showing the
 * wrong row. New copies use {@code SEALING_VAULT_KEY}; the earlier keys only open what they made.
 */
@Component
public class VaultCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final VaultKey current;
    private final Map<String, VaultKey> byId = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();
    /**
     * One AES-GCM cipher per thread for sealing, initialised anew for each copy with its own nonce:
     * {@code Cipher.getInstance} (a search of the providers) and the AES key schedule were most of the
     * cost of a copy when each copy had a cipher of its own (issue 13).
     */
    private final ThreadLocal<Cipher> sealers = new ThreadLocal<>();

    /** Where a copy belongs; bound into its ciphertext. */
    public record Place(long runId, long planId, String target, String tableName, String rowRef, String orderId) {

        byte[] associatedData() {
            String joined = String.join("\0", "sealing vault copy v1", Long.toString(runId), Long.toString(planId),
                    target, tableName, rowRef, orderId);
            return joined.getBytes(StandardCharsets.UTF_8);
        }

        /** The copy as messages may name it: its plan row and row reference, never a value. */
        String describe() {
            return "plan row " + planId + " (" + target + " " + tableName + ", row " + rowRef + ")";
        }
    }

    /** What is stored: the id of the key, the nonce, the ciphertext with its tag. */
    public record Sealed(String keyId, byte[] nonce, byte[] ciphertext) {
    }

    @Autowired
    VaultCipher(SealingProperties properties, ControlDatabase controlDatabase) {
        this(Secrets.configuredOrGenerated(properties.vault().key(), controlDatabase, "SEALING_VAULT_KEY",
                "vault.key", "the key of the vault"), properties.vault().earlierKeys());
    }

    /** A cipher sealing with {@code secret} and opening what it or the {@code earlier} secrets sealed. */
    public VaultCipher(String secret, List<String> earlier) {
        this.current = VaultKey.of(secret);
        byId.put(current.id(), current);
        for (String old : earlier) {
            VaultKey key = VaultKey.of(old);
            byId.putIfAbsent(key.id(), key);
        }
    }

    /** The id of the key new copies are made with. */
    public String currentKeyId() {
        return current.id();
    }

    /** The ids of every key this cipher can open copies of, the current one first. */
    public List<String> keyIds() {
        return List.copyOf(byId.keySet());
    }

    public Sealed seal(byte[] plain, Place place) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = sealers.get();
            if (cipher == null) {
                cipher = Cipher.getInstance("AES/GCM/NoPadding");
                sealers.set(cipher);
            }
            cipher.init(Cipher.ENCRYPT_MODE, current.aes(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(place.associatedData());
            return new Sealed(current.id(), nonce, cipher.doFinal(plain));
        } catch (RuntimeException e) {
            // a cipher left half-way by a failure is not used again
            sealers.remove();
            throw e;
        } catch (GeneralSecurityException e) {
            sealers.remove();
            throw new VaultException("cannot seal the vault copy of " + place.describe() + ": " + e.getClass()
                    .getSimpleName(), e);
        }
    }

    /**
     * The plaintext of a copy.
     *
     * @throws VaultException when its key is unknown, or it was changed or moved from its place
     */
    public byte[] open(Sealed sealed, Place place) {
        VaultKey key = byId.get(sealed.keyId());
        if (key == null) {
            throw new VaultException("the vault copy of " + place.describe() + " was made under vault key id "
                    + sealed.keyId() + ", which is neither SEALING_VAULT_KEY (" + current.id() + ") nor one of"
                    + " SEALING_VAULT_OLD_KEYS; add the key it was made with to SEALING_VAULT_OLD_KEYS");
        }
        if (sealed.nonce() == null || sealed.nonce().length != NONCE_BYTES) {
            throw new VaultException("the vault copy of " + place.describe() + " has no valid nonce");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.aes(), new GCMParameterSpec(TAG_BITS, sealed.nonce()));
            cipher.updateAAD(place.associatedData());
            return cipher.doFinal(sealed.ciphertext());
        } catch (AEADBadTagException e) {
            throw new VaultException("the vault copy of " + place.describe() + " fails its integrity check under"
                    + " vault key id " + key.id() + ": it was changed, or moved from another row", e);
        } catch (GeneralSecurityException e) {
            throw new VaultException("cannot open the vault copy of " + place.describe() + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

}
