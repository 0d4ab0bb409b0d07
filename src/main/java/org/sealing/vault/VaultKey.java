package org.sealing.vault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One vault key: the AES-256 key derived from a configured secret by HKDF-SHA256 (RFC 5869), and its id,
 * recorded with every copy so that a copy made under an earlier key is opened with that key after a
 * rotation. The id says which key it was without revealing anything of it.
 *
 * @param id  the first 16 hex digits of SHA-256 of a label and the secret
 * @param aes the derived AES-256 key
 */
public record VaultKey(String id, SecretKey aes) {

    private static final byte[] SALT = "sealing-remediation vault".getBytes(StandardCharsets.UTF_8);
    private static final byte[] INFO = "sealing-remediation vault AES-256-GCM v1".getBytes(StandardCharsets.UTF_8);
    private static final String ID_LABEL = "sealing-remediation vault key id\0";

    /** The key derived from a configured or generated secret. */
    public static VaultKey of(String secret) {
        byte[] ikm = secret.strip().getBytes(StandardCharsets.UTF_8);
        try {
            byte[] prk = hmac(SALT, ikm);
            // one block of HKDF-Expand is 32 bytes: exactly an AES-256 key
            byte[] okm = hmac(prk, concat(INFO, new byte[] {1}));
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(concat(ID_LABEL.getBytes(StandardCharsets.UTF_8), ikm));
            String id = HexFormat.of().formatHex(digest).substring(0, 16);
            Arrays.fill(prk, (byte) 0);
            return new VaultKey(id, new SecretKeySpec(okm, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 or SHA-256 is unavailable", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Override
    public String toString() {
        // never the key itself
        return "VaultKey[" + id + "]";
    }
}
