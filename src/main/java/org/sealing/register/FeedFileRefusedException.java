package org.sealing.register;

import org.sealing.support.ConfigurationException;

/**
 * A feed file that cannot be read as CSV at all; nothing of it is imported (exit code 2). Its message
 * shows the file's name and the problem with control characters escaped: a file name is anyone's text.
 */
public class FeedFileRefusedException extends ConfigurationException {

    private final String file;

    public FeedFileRefusedException(String file, String problem) {
        super(Printable.path(file) + ": " + Printable.escape(problem) + "; nothing was imported");
        this.file = file;
    }

    public String file() {
        return file;
    }
}
