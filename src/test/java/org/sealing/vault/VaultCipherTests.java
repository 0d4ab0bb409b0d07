package org.sealing.vault;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The vault's cipher and its keys: a copy opens only with a key that made it and only at its own place;
 * a key is known by an id that reveals nothing of it; and no failure quotes what the copy holds.
 */
class VaultCipherTests {

    private static final String KEY = "vault-key-0123456789abcdef0123456789abcdef";
    private static final String OTHER = "other-key-0123456789abcdef0123456789abcdef";
    private static final VaultCipher.Place PLACE = new VaultCipher.Place(7, 42, "olbs", "public.person", "ab12cd",
            "O-1");
    private static final byte[] SECRET_ROW = "DOE, JOHN 1980-01-02".getBytes(StandardCharsets.UTF_8);

    @Test
    void aKeyIsDerivedTheSameWayEveryTimeAndItsIdIsTheStartOfALabelledDigest() throws Exception {
        VaultKey key = VaultKey.of(KEY);

        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(("sealing-remediation vault key id\0" + KEY).getBytes(StandardCharsets.UTF_8)));
        assertThat(key.id()).isEqualTo(digest.substring(0, 16)).matches("[0-9a-f]{16}");
        assertThat(key.aes().getEncoded()).hasSize(32).isEqualTo(VaultKey.of(" " + KEY + "\n").aes().getEncoded());
        assertThat(key.aes().getAlgorithm()).isEqualTo("AES");
        assertThat(VaultKey.of(OTHER).id()).isNotEqualTo(key.id());
        assertThat(VaultKey.of(OTHER).aes().getEncoded()).isNotEqualTo(key.aes().getEncoded());
        // the AES key is derived, not the secret's bytes nor its plain digest
        assertThat(key.aes().getEncoded()).isNotEqualTo(Arrays.copyOf(KEY.getBytes(StandardCharsets.UTF_8), 32))
                .isNotEqualTo(MessageDigest.getInstance("SHA-256").digest(KEY.getBytes(StandardCharsets.UTF_8)));
        assertThat(key.toString()).doesNotContain(KEY).contains(key.id());
    }

    @Test
    void aCopyOpensWithItsKeyAtItsPlaceAndEachCopyHasItsOwnNonce() {
        VaultCipher cipher = new VaultCipher(KEY, List.of());

        VaultCipher.Sealed first = cipher.seal(SECRET_ROW, PLACE);
        VaultCipher.Sealed second = cipher.seal(SECRET_ROW, PLACE);

        assertThat(first.keyId()).isEqualTo(cipher.currentKeyId()).isEqualTo(VaultKey.of(KEY).id());
        assertThat(first.nonce()).hasSize(12).isNotEqualTo(second.nonce());
        assertThat(first.ciphertext()).hasSize(SECRET_ROW.length + 16).isNotEqualTo(second.ciphertext());
        assertThat(new String(first.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("DOE");
        assertThat(cipher.open(first, PLACE)).isEqualTo(SECRET_ROW);
        assertThat(cipher.open(second, PLACE)).isEqualTo(SECRET_ROW);
    }

    @Test
    void aCopyMovedToAnotherPlaceFailsToOpenNamingItsRowAndNoValue() {
        VaultCipher cipher = new VaultCipher(KEY, List.of());
        VaultCipher.Sealed sealed = cipher.seal(SECRET_ROW, PLACE);

        for (VaultCipher.Place elsewhere : List.of(new VaultCipher.Place(7, 42, "olbs", "public.person", "ffff", "O-1"),
                new VaultCipher.Place(8, 42, "olbs", "public.person", "ab12cd", "O-1"),
                new VaultCipher.Place(7, 43, "olbs", "public.person", "ab12cd", "O-1"),
                new VaultCipher.Place(7, 42, "dcjs", "public.person", "ab12cd", "O-1"),
                new VaultCipher.Place(7, 42, "olbs", "public.arrest", "ab12cd", "O-1"),
                new VaultCipher.Place(7, 42, "olbs", "public.person", "ab12cd", "O-2"))) {
            assertThatThrownBy(() -> cipher.open(sealed, elsewhere)).isInstanceOf(VaultException.class)
                    .hasMessageContaining("fails its integrity check").hasMessageContaining(elsewhere.rowRef())
                    .hasMessageNotContaining("DOE");
        }
    }

    @Test
    void aChangedCopyFailsToOpen() {
        VaultCipher cipher = new VaultCipher(KEY, List.of());
        VaultCipher.Sealed sealed = cipher.seal(SECRET_ROW, PLACE);
        byte[] changed = sealed.ciphertext().clone();
        changed[3] ^= 1;
        byte[] otherNonce = sealed.nonce().clone();
        otherNonce[0] ^= 1;

        assertThatThrownBy(() -> cipher.open(new VaultCipher.Sealed(sealed.keyId(), sealed.nonce(), changed), PLACE))
                .isInstanceOf(VaultException.class).hasMessage("the vault copy of plan row 42 (olbs public.person, row"
                        + " ab12cd) fails its integrity check under vault key id " + cipher.currentKeyId()
                        + ": it was changed, or moved from another row");
        assertThatThrownBy(() -> cipher.open(new VaultCipher.Sealed(sealed.keyId(), otherNonce, sealed.ciphertext()),
                PLACE)).hasMessageContaining("fails its integrity check");
        assertThatThrownBy(() -> cipher.open(new VaultCipher.Sealed(sealed.keyId(), new byte[4], sealed.ciphertext()),
                PLACE)).hasMessageContaining("has no valid nonce");
    }

    @Test
    void afterARotationTheOldKeyOpensWhatItMadeAndNewCopiesUseTheNewKey() {
        VaultCipher before = new VaultCipher(KEY, List.of());
        VaultCipher.Sealed old = before.seal(SECRET_ROW, PLACE);

        VaultCipher rotated = new VaultCipher(OTHER, List.of(KEY));
        VaultCipher forgotten = new VaultCipher(OTHER, List.of());

        assertThat(rotated.open(old, PLACE)).isEqualTo(SECRET_ROW);
        assertThat(rotated.seal(SECRET_ROW, PLACE).keyId()).isEqualTo(VaultKey.of(OTHER).id());
        assertThat(rotated.keyIds()).containsExactly(VaultKey.of(OTHER).id(), VaultKey.of(KEY).id());
        assertThatThrownBy(() -> forgotten.open(old, PLACE)).isInstanceOf(VaultException.class)
                .hasMessageContaining("was made under vault key id " + VaultKey.of(KEY).id())
                .hasMessageContaining("add the key it was made with to SEALING_VAULT_OLD_KEYS")
                .hasMessageNotContaining(KEY);
    }
}
