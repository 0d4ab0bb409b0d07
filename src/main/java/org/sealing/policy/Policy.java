package org.sealing.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sealing.catalog.TableRule;
import org.sealing.register.FeedLineValidator;

/**
 * The outcome each statute gives each kind of record (SPEC section 7), so that a row's fate follows
 * the law under which its order was made and what its table holds, not the table's action alone.
 *
 * @param source   where it came from: {@link #BUILT_IN} or the file it was read from
 * @param text     the file's text as read (null for the built-in policy), which a run records
 * @param kinds    the kinds of record it knows, in its order
 * @param outcomes statute, then kind, to outcome; complete for every statute the feed accepts
 */
public record Policy(String source, String text, List<String> kinds, Map<String, Map<String, Outcome>> outcomes) {

    /** The source of the built-in policy. */
    public static final String BUILT_IN = "built-in";

    /**
     * New York's: CPL 160.50 and 160.55 destroy photographs and prints and seal every other record;
     * Clean Slate (160.57), 160.58 and 160.59 seal everything and destroy nothing.
     */
    public static final Policy NEW_YORK = newYork();

    public Policy {
        kinds = List.copyOf(kinds);
        Map<String, Map<String, Outcome>> copy = new LinkedHashMap<>();
        outcomes.forEach((statute, byKind) -> copy.put(statute, Map.copyOf(byKind)));
        outcomes = java.util.Collections.unmodifiableMap(copy);
    }

    /** The statutes of the feed, in order: each has an outcome for every kind. */
    public static List<String> statutes() {
        return FeedLineValidator.STATUTES;
    }

    /** The outcome of a row of this kind under an order of this statute (NONE for a statute it does not know). */
    public Outcome outcome(String statute, String kind) {
        return outcomes.getOrDefault(statute, Map.of()).getOrDefault(kind, Outcome.NONE);
    }

    /** The statutes under which rows of this kind change (their outcome is not NONE), in order. */
    public List<String> changing(String kind) {
        return statutes().stream().filter(s -> outcome(s, kind) != Outcome.NONE).toList();
    }

    /** The outcomes of a kind, statute by statute, in one line: {@code 160.50 destroy, 160.57 seal, ...}. */
    public String line(String kind) {
        return String.join(", ", statutes().stream().map(s -> s + " " + outcome(s, kind).word()).toList());
    }

    public boolean builtIn() {
        return text == null;
    }

    /** The SHA-256 of what the policy was read from ({@code built-in} for the built-in policy), for comparing. */
    public String sha256() {
        if (text == null) {
            return BUILT_IN;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static Policy newYork() {
        Map<String, Map<String, Outcome>> outcomes = new LinkedHashMap<>();
        for (String statute : statutes()) {
            boolean destroys = statute.equals("160.50") || statute.equals("160.55");
            Outcome images = destroys ? Outcome.DESTROY : Outcome.SEAL;
            outcomes.put(statute, Map.of("photographs", images, "prints", images, "records", Outcome.SEAL));
        }
        return new Policy(BUILT_IN, null, TableRule.BUILT_IN_KINDS, outcomes);
    }
}
