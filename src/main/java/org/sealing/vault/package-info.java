/**
 * The vault: sealed rows' originals, kept encrypted (AES-256-GCM, bound to their place) so that an unsealing
 * can restore them exactly and the statute's recipients can read them; nothing of them leaves unencrypted.
 */
package org.sealing.vault;
