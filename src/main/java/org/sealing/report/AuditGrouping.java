package org.sealing.report;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Consumer;

/**
 * The ledger export's lines on their way to the file, read once more as they pass: lines come ordered by
 * order, target, table, action and outcome, so each run of lines with the same five (and statute) is
 * one row of the Audit sheet, handed on as soon as the next begins. One pass of the database over the
 * run's rows thus makes both the export and the Audit sheet. The lines are PostgreSQL's CSV: a field
 * holding a comma, a quote or a line break is quoted, with quotes doubled.
 */
final class AuditGrouping extends FilterOutputStream {

    /** The fields of an export line that name its group, and its time. */
    private static final int ORDER = 0;
    private static final int STATUTE = 1;
    private static final int TARGET = 2;
    private static final int TABLE = 3;
    private static final int ACTION = 5;
    private static final int OUTCOME = 6;
    private static final int TIME = 7;

    private final Consumer<WorkbookReader.AuditGroup> groups;
    /** The line in progress (a line may span two of the writes that bring it). */
    private byte[] line = new byte[512];
    private int length;
    private boolean quoted;
    private long lines;
    private List<String> key;
    private long rows;
    private OffsetDateTime first;
    private OffsetDateTime last;

    AuditGrouping(OutputStream out, Consumer<WorkbookReader.AuditGroup> groups) {
        super(out);
        this.groups = groups;
    }

    /** The lines that passed, the header included. */
    long lines() {
        return lines;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '"') {
                quoted = !quoted;
            } else if (b[i] == '\n' && !quoted) {
                append(b, start, i - start);
                lines++;
                if (lines > 1) {
                    add(line, length);
                }
                length = 0;
                start = i + 1;
            }
        }
        append(b, start, off + len - start);
    }

    private void append(byte[] b, int off, int len) {
        if (length + len > line.length) {
            line = java.util.Arrays.copyOf(line, Math.max(line.length * 2, length + len));
        }
        System.arraycopy(b, off, line, length, len);
        length += len;
    }

    /** Where the fields of the line end: {@code ends[i]} is the index just past field i (its comma). */
    private final int[] ends = new int[TIME + 1];
    /** The current group's key: the raw bytes of its key fields, each followed by a comma. */
    private byte[] groupKey = new byte[0];
    private byte[] candidate = new byte[256];
    /** Times already read, by their text: the rows of one chunk share it. */
    private final java.util.Map<String, OffsetDateTime> times = new java.util.HashMap<>();

    /** Takes one line (without its line break): its group, and its time into the group's first and last. */
    private void add(byte[] text, int length) {
        int field = 0;
        boolean inQuotes = false;
        for (int i = 0; i < length && field <= TIME; i++) {
            byte b = text[i];
            if (b == '"') {
                inQuotes = !inQuotes;
            } else if (b == ',' && !inQuotes) {
                ends[field++] = i;
            }
        }
        if (field <= TIME) {
            ends[field] = length;
        }
        int size = 0;
        for (int f : new int[] {ORDER, STATUTE, TARGET, TABLE, ACTION, OUTCOME}) {
            int start = f == 0 ? 0 : ends[f - 1] + 1;
            int len = ends[f] - start + 1;
            if (size + len > candidate.length) {
                candidate = java.util.Arrays.copyOf(candidate, Math.max(candidate.length * 2, size + len));
            }
            System.arraycopy(text, start, candidate, size, len);
            size += len;
        }
        if (!java.util.Arrays.equals(candidate, 0, size, groupKey, 0, groupKey.length)) {
            flush(false);
            groupKey = java.util.Arrays.copyOf(candidate, size);
            key = List.of(field(text, ORDER), field(text, STATUTE), field(text, TARGET), field(text, TABLE),
                    field(text, ACTION), field(text, OUTCOME));
            rows = 0;
            first = null;
            last = null;
        }
        rows++;
        String time = new String(text, ends[TIME - 1] + 1, ends[TIME] - ends[TIME - 1] - 1, StandardCharsets.US_ASCII);
        if (times.size() > 100_000) {
            times.clear();
        }
        OffsetDateTime t = times.computeIfAbsent(time, OffsetDateTime::parse);
        if (first == null || t.isBefore(first)) {
            first = t;
        }
        if (last == null || t.isAfter(last)) {
            last = t;
        }
    }

    /** Field {@code f} of the line, its quotes undone. */
    private String field(byte[] text, int f) {
        int start = f == 0 ? 0 : ends[f - 1] + 1;
        int end = ends[f];
        if (end > start && text[start] == '"') {
            String quoted = new String(text, start + 1, end - start - 2, StandardCharsets.UTF_8);
            return quoted.replace("\"\"", "\"");
        }
        return new String(text, start, end - start, StandardCharsets.UTF_8);
    }

    /** Hands on the group in progress, if any; with {@code end}, the last one. */
    private void flush(boolean end) {
        if (key != null && rows > 0) {
            groups.accept(new WorkbookReader.AuditGroup(key.get(0), key.get(1), key.get(2), key.get(3), key.get(4),
                    key.get(5), rows, first, last));
        }
        if (end) {
            key = null;
        }
    }

    /** Hands on the last group once every line has passed. */
    void finishGroups() {
        flush(true);
    }
}
