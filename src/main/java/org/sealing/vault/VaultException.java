package org.sealing.vault;

/**
 * A vault copy that cannot be opened (unknown key, failed integrity check, unreadable image). Its
 * message names the copy and its row reference, never a value of the row.
 */
public class VaultException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public VaultException(String message) {
        super(message);
    }

    public VaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
