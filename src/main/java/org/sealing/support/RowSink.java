package org.sealing.support;

import java.sql.SQLException;

/** Rows written field by field into a table, whatever carries them ({@link CopyText}, or batched inserts). */
public interface RowSink {

    /** The next field of the current row (null for none). */
    RowSink field(Object value);

    /** Ends the current row. */
    void endRow() throws SQLException;
}
