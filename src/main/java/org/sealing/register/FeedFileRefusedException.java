package org.sealing.register;

import org.sealing.support.ConfigurationException;

/** A feed file that cannot be read as CSV at all; nothing of it is imported (exit code 2). */
public class FeedFileRefusedException extends ConfigurationException {

    private final String file;

    public FeedFileRefusedException(String file, String problem) {
        super(file + ": " + problem + "; nothing was imported");
        this.file = file;
    }

    public String file() {
        return file;
    }
}
