package org.sealing.ledger;

/**
 * What a ledger entry records, so that a reader knows which rows its detail covers: a change applied
 * to target rows (one recorded apply chunk), a restore of sealed rows, or an opening of the vault to a
 * recipient. The names are the values of {@code ledger_entry.kind}.
 */
public enum EntryKind {
    CHANGE, RESTORE, OPENING
}
