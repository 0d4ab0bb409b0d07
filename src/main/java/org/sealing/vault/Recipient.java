package org.sealing.vault;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The recipients CPL 160.50(1)(d) lets see a sealed record, each under its own authority: only these may
 * be shown the vault's content, so an opening names one of them. The words are the command line's and
 * the values of {@code vault_opening.recipient}.
 */
public enum Recipient {
    /** the accused, or the accused's designated agent */
    ACCUSED("accused"),
    /** a prosecutor, in a 170.56 or 210.46 proceeding (adjournment in contemplation of dismissal) */
    PROSECUTOR_ACD("prosecutor-acd"),
    /** a law-enforcement agency, upon an ex parte court order */
    LAW_ENFORCEMENT_COURT_ORDER("law-enforcement-court-order"),
    /** a gun-licensing officer, when the accused applied for a licence */
    GUN_LICENSING("gun-licensing"),
    /** the state's parole authority (DOCCS), for a parolee */
    PAROLE("parole"),
    /** a prospective employer of a police or peace officer */
    POLICE_EMPLOYER("police-employer"),
    /** the probation department supervising the accused */
    PROBATION("probation");

    private final String word;

    Recipient(String word) {
        this.word = word;
    }

    /** How the command line and the record name it. */
    public String word() {
        return word;
    }

    /** The recipient a word names (case aside), if it names one. */
    public static Optional<Recipient> of(String word) {
        if (word == null) {
            return Optional.empty();
        }
        String given = word.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.word.equals(given)).findFirst();
    }

    /** Every recipient's word, in the statute's order. */
    public static List<String> words() {
        return Arrays.stream(values()).map(Recipient::word).toList();
    }
}
