package org.sealing.support;

/**
 * A command refused before it changed anything, because another execution holds what it needs or a
 * safety limit tripped; the command line turns it into exit code 4.
 */
public class RefusedException extends RuntimeException {

    public RefusedException(String message) {
        super(message);
    }
}
