package org.sealing.policy;

import java.util.Locale;

/**
 * What the law orders for a matched row: destroyed (nothing kept), sealed (taken out of sight and kept
 * for the statute's recipients and for an unsealing), or left as it is.
 */
public enum Outcome {
    DESTROY, SEAL, NONE;

    /** The word a policy file uses for it. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome a policy file's word names, or null. */
    static Outcome of(String word) {
        for (Outcome o : values()) {
            if (o.word().equals(word)) {
                return o;
            }
        }
        return null;
    }
}
