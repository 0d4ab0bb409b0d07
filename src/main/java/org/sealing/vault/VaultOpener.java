package org.sealing.vault;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import org.sealing.ledger.VaultOpenings;
import org.sealing.support.ConfigurationException;
import org.sealing.support.Text;

/**
 * Opens one order's sealed rows to one of the statute's recipients: every copy is opened first, so that a
 * copy that fails its integrity check shows nothing and records nothing; then the opening is recorded
 * with its ledger entry in one control transaction; only then may the caller show the rows. An order
 * holds one case's rows, so its copies are held in memory between the two.
 */
@Component
public class VaultOpener {

    private final VaultStore store;
    private final VaultOpenings openings;
    private final TransactionTemplate transaction;

    VaultOpener(VaultStore store, VaultOpenings openings, PlatformTransactionManager transactions) {
        this.store = store;
        this.openings = openings;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** A recorded opening and the rows it shows. */
    public record Opened(VaultOpenings.Opening opening, List<VaultStore.OpenedCopy> copies) {
    }

    /**
     * Opens the order's copies and records the opening.
     *
     * @param openedBy the OS user running it
     * @throws ConfigurationException when the order has no copy in the vault (unknown to the register or
     *                                never sealed: the same words either way, so that a refusal says no more
     *                                than the order id does)
     * @throws VaultException         when a copy cannot be opened (nothing is recorded)
     */
    public Opened open(String orderId, Recipient recipient, String authority, String openedBy) throws SQLException {
        List<VaultStore.OpenedCopy> copies = new ArrayList<>();
        store.copiesOf(orderId, copies::add);
        if (copies.isEmpty()) {
            throw new ConfigurationException("order " + Text.escapeWithBackslashes(orderId)
                    + " has no sealed records in the vault; nothing was shown or recorded");
        }
        VaultOpenings.Opening opening = transaction.execute(status -> openings.record(orderId, recipient.word(),
                authority, openedBy, copies.size()));
        return new Opened(opening, List.copyOf(copies));
    }
}
