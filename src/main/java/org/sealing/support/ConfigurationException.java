package org.sealing.support;

/**
 * A setting, a file or an argument that makes a command impossible before anything changes; the
 * command line turns it into exit code 2 with its message, which must name what to fix.
 */
public class ConfigurationException extends RuntimeException {

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
