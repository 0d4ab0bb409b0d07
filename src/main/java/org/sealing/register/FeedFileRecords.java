package org.sealing.register;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The data records of one feed file, each with the line it starts on, read from any byte offset.
 *
 * <p>A record is normally one line. When a line ends inside a quoted field, RFC 4180 lets the field
 * go on over the next line, so the following lines are joined to it, up to
 * {@link #MAX_CONTINUATION_LINES}; if the quote never closes, only the first line is rejected and
 * reading resumes at the line after it, so a stray quote costs one line, not the rest of the file.
 *
 * <p>Whatever a line holds, it becomes a record or a rejection here, never a failure: a NUL byte or
 * bytes that are not UTF-8 are {@link RejectReason#BAD_ENCODING}, and a field longer than its column
 * allows (or a line over {@link PhysicalLines#MAX_LINE_BYTES}) is {@link RejectReason#FIELD_TOO_LONG}
 * and keeps none of its fields, so a chunk of giant lines holds no more memory than a chunk of
 * ordinary ones.
 */
final class FeedFileRecords implements Closeable {

    static final int MAX_CONTINUATION_LINES = 20;
    private static final int MAX_RECORD_CHARS = 1 << 16;

    private final int fileSeq;
    private final FeedHeader header;
    private final PhysicalLines lines;
    private final FeedCsv csv = new FeedCsv();
    /** Lines read ahead while looking for the end of a quoted field, to be read again. */
    private final Deque<Line> pushedBack = new ArrayDeque<>();
    private long nextLineNo;
    /** Byte offset and line number after the last record returned: the restart point. */
    private long committedOffset;
    private long committedLineNo;

    /** A physical line; {@code cut} when it was longer than the reader keeps and {@code bytes} is its start. */
    private record Line(long lineNo, byte[] bytes, long endOffset, boolean cut) {
    }

    private FeedFileRecords(int fileSeq, FeedHeader header, PhysicalLines lines, long lineNo) {
        this.fileSeq = fileSeq;
        this.header = header;
        this.lines = lines;
        this.nextLineNo = lineNo;
        this.committedOffset = lines.position();
        this.committedLineNo = lineNo;
    }

    /**
     * Opens a file whose header was already inspected, positioned at {@code offset} (0 for its first
     * data line) with {@code lineNo} the number of the line found there.
     */
    static FeedFileRecords open(int fileSeq, Path file, long offset, long lineNo) throws IOException {
        FeedHeader header = FeedFileInspector.readHeader(file).header();
        PhysicalLines lines = new PhysicalLines(file, 0);
        if (offset <= 0) {
            lines.next();
            return new FeedFileRecords(fileSeq, header, lines, 2);
        }
        lines.close();
        return new FeedFileRecords(fileSeq, header, new PhysicalLines(file, offset), lineNo);
    }

    long offset() {
        return committedOffset;
    }

    long lineNo() {
        return committedLineNo;
    }

    /** The next record, or null at the end of the file. */
    FeedRecord next() throws IOException {
        while (true) {
            Line first = nextLine();
            if (first == null) {
                return null;
            }
            if (!first.cut && first.bytes.length == 0) {
                commit(first);
                continue;
            }
            FeedRecord record = recordStartingAt(first);
            if (record != null) {
                return record;
            }
        }
    }

    private FeedRecord recordStartingAt(Line first) throws IOException {
        if (first.cut) {
            commit(first);
            return FeedRecord.unreadable(fileSeq, first.lineNo, RejectReason.FIELD_TOO_LONG, leadingOrderId(first));
        }
        String text = hasNul(first.bytes) ? null : csv.decode(first.bytes, 0);
        if (text == null) {
            commit(first);
            return FeedRecord.unreadable(fileSeq, first.lineNo, RejectReason.BAD_ENCODING, leadingOrderId(first));
        }
        FeedCsv.Parsed parsed = csv.parse(text);
        List<Line> continuation = new ArrayList<>();
        StringBuilder joined = null;
        while (parsed.shape() == FeedCsv.Shape.OPEN_QUOTE && continuation.size() < MAX_CONTINUATION_LINES) {
            Line more = nextLine();
            if (more == null || more.cut) {
                if (more != null) {
                    continuation.add(more);
                }
                break;
            }
            continuation.add(more);
            String moreText = hasNul(more.bytes) ? null : csv.decode(more.bytes, 0);
            if (moreText == null) {
                break;
            }
            if (joined == null) {
                joined = new StringBuilder(text);
            }
            joined.append('\n').append(moreText);
            if (joined.length() > MAX_RECORD_CHARS) {
                break;
            }
            parsed = csv.parse(joined.toString());
        }
        if (parsed.shape() == FeedCsv.Shape.COMPLETE) {
            commit(continuation.isEmpty() ? first : continuation.get(continuation.size() - 1));
            return toRecord(first, parsed.fields());
        }
        // a quote that never closes, or quoting we cannot read: reject the first line alone
        for (int i = continuation.size() - 1; i >= 0; i--) {
            pushedBack.push(continuation.get(i));
        }
        commit(first);
        return FeedRecord.unreadable(fileSeq, first.lineNo, RejectReason.COLUMN_COUNT, leadingOrderId(first));
    }

    private FeedRecord toRecord(Line first, List<String> values) {
        if (values.size() != header.width()) {
            return FeedRecord.unreadable(fileSeq, first.lineNo, RejectReason.COLUMN_COUNT, leadingOrderId(values));
        }
        String[] fields = new String[FeedColumn.values().length];
        for (FeedColumn column : FeedColumn.values()) {
            int position = header.position(column);
            fields[column.ordinal()] = position < 0 ? null : values.get(position);
        }
        if (FeedLineValidator.firstTooLong(fields) != null) {
            // the columns are where the header says, so this order_id is one; the fields are dropped here
            return FeedRecord.unreadable(fileSeq, first.lineNo, RejectReason.FIELD_TOO_LONG,
                    fields[FeedColumn.ORDER_ID.ordinal()]);
        }
        return FeedRecord.of(fileSeq, first.lineNo, fields);
    }

    private static boolean hasNul(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The order_id of a line whose fields cannot all be trusted. Only a first column can be: an
     * unquoted comma further on shifts the fields after it, so an order_id elsewhere might really be
     * a name, which must never be recorded.
     */
    private String leadingOrderId(List<String> values) {
        if (header.position(FeedColumn.ORDER_ID) != 0 || values.isEmpty()) {
            return null;
        }
        String id = values.get(0).strip();
        return id.isEmpty() ? null : id;
    }

    private String leadingOrderId(Line line) {
        if (header.position(FeedColumn.ORDER_ID) != 0) {
            return null;
        }
        int comma = 0;
        while (comma < line.bytes.length && line.bytes[comma] != ',') {
            comma++;
        }
        if (comma == 0 || line.bytes[0] == '"') {
            return null;
        }
        String id = csv.decode(java.util.Arrays.copyOf(line.bytes, comma), 0);
        return id == null || id.isBlank() ? null : id.strip();
    }

    private Line nextLine() throws IOException {
        if (!pushedBack.isEmpty()) {
            return pushedBack.pop();
        }
        byte[] bytes = lines.next();
        if (bytes == null) {
            return null;
        }
        return new Line(nextLineNo++, bytes, lines.position(), lines.wasCut());
    }

    private void commit(Line last) {
        committedOffset = last.endOffset;
        committedLineNo = last.lineNo + 1;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
