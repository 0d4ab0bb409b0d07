/** Applying the plan: purges and masks in chunks, with the audit ledger. */
package org.sealing.apply;
