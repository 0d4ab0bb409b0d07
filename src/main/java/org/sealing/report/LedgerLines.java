package org.sealing.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The lines of the ledger export, made from the run's plan rows as PostgreSQL streams them in the plan's
 * order ({@code COPY ... TO STDOUT}, text format: {@code plan_id, target, table_name, action, order_id,
 * statute, row_ref, outcome}) and the chunks of each lane, held here: each plan row finds its chunk by a
 * binary search in its lane's chunk bounds, exactly as {@link AuditRows} does in SQL (the chunk with the
 * last first plan row at or before it, if its last plan row is not before it), and a row no chunk holds
 * is not in the ledger. The line is the row's fields as CSV, as PostgreSQL writes it (a field quoted when
 * it is empty or holds a comma, a quote or a line break, quotes doubled), then what its chunk gives every
 * line of its: the time it committed, the hash and place of its ledger entry. No sort: the database only
 * reads the plan by its primary key, and a million rows start streaming at once.
 */
final class LedgerLines {

    /** A chunk's first and last plan row, and the end of each of its lines (one per ledger entry of it). */
    record Chunk(String target, String lane, long first, long last, List<String> endings) {
    }

    /** The chunks of one lane, sorted by their first plan row. */
    private static final class Lane {
        private final long[] firsts;
        private final long[] lasts;
        private final byte[][][] endings;

        Lane(List<Chunk> chunks) {
            List<Chunk> sorted = new ArrayList<>(chunks);
            sorted.sort((a, b) -> Long.compare(a.first(), b.first()));
            firsts = new long[sorted.size()];
            lasts = new long[sorted.size()];
            endings = new byte[sorted.size()][][];
            for (int i = 0; i < sorted.size(); i++) {
                firsts[i] = sorted.get(i).first();
                lasts[i] = sorted.get(i).last();
                endings[i] = sorted.get(i).endings().stream().map(s -> s.getBytes(StandardCharsets.UTF_8))
                        .toArray(byte[][]::new);
            }
        }

        /** The endings of the chunk that holds a plan row, or null: {@code width_bucket} over the firsts. */
        byte[][] endingsOf(long planId) {
            int low = 0;
            int high = firsts.length;
            // the number of chunks whose first plan row is at or before planId
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (firsts[mid] <= planId) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return low == 0 || planId > lasts[low - 1] ? null : endings[low - 1];
        }
    }

    private static final int FIELDS = 8;
    private static final byte[] PURGE = "PURGE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESTORE = "RESTORE".getBytes(StandardCharsets.US_ASCII);

    private final Map<String, Lane> lanes = new HashMap<>();
    private final OutputStream out;
    private final int[] starts = new int[FIELDS];
    private final int[] ends = new int[FIELDS];
    private byte[] buffer = new byte[1 << 16];
    private int size;
    private long lines;
    /** The last row's target, table and action, and its lane: rows come in long runs of one table. */
    private byte[] lastKey = new byte[0];
    private Lane lastLane;

    /** Lines to {@code out}, the chunks of the run's lanes known. */
    LedgerLines(OutputStream out, List<Chunk> chunks) {
        this.out = out;
        Map<String, List<Chunk>> byLane = new HashMap<>();
        for (Chunk c : chunks) {
            byLane.computeIfAbsent(c.target() + '\0' + c.lane(), k -> new ArrayList<>()).add(c);
        }
        byLane.forEach((k, list) -> lanes.put(k, new Lane(list)));
    }

    /** The ending of each line of a chunk: its time, its ledger entry's hash and place (empty when none). */
    static String ending(String time, String hash, Long seq) {
        return "," + time + "," + (hash == null ? "" : hash) + "," + (seq == null ? "" : seq.toString()) + "\n";
    }

    /** Writes the header line. */
    void header() throws IOException {
        append((LedgerExport.HEADER + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** Takes one row of the COPY's text output, its line break included. */
    void row(byte[] row) throws IOException {
        int length = row.length > 0 && row[row.length - 1] == '\n' ? row.length - 1 : row.length;
        int field = 0;
        starts[0] = 0;
        for (int i = 0; i < length && field < FIELDS; i++) {
            if (row[i] == '\t') {
                ends[field++] = i;
                if (field < FIELDS) {
                    starts[field] = i + 1;
                }
            }
        }
        if (field != FIELDS - 1) {
            throw new IllegalStateException("a plan row of the ledger export has " + (field + 1) + " fields, not "
                    + FIELDS);
        }
        ends[FIELDS - 1] = length;
        long planId = 0;
        for (int i = starts[0]; i < ends[0]; i++) {
            planId = planId * 10 + (row[i] - '0');
        }
        byte[][] endings = lane(row).endingsOf(planId);
        if (endings == null) {
            return;
        }
        for (byte[] ending : endings) {
            csv(row, 4);
            comma();
            csv(row, 5);
            comma();
            csv(row, 1);
            comma();
            csv(row, 2);
            comma();
            csv(row, 6);
            comma();
            lower(row, 3);
            comma();
            lower(row, 7);
            append(ending);
            lines++;
        }
    }

    /** Lines written, the header not counted. */
    long lines() {
        return lines;
    }

    /** Writes what is buffered. */
    void flush() throws IOException {
        out.write(buffer, 0, size);
        size = 0;
    }

    private static final Lane NONE = new Lane(List.of());

    /** The lane of a row, from its target, table and action. */
    private Lane lane(byte[] row) {
        int from = starts[1];
        int to = ends[3];
        if (lastLane != null && Arrays.equals(row, from, to, lastKey, 0, lastKey.length)) {
            return lastLane;
        }
        String target = text(row, 1);
        byte[] action = Arrays.copyOfRange(row, starts[3], ends[3]);
        String lane = Arrays.equals(action, PURGE) ? "purge" : Arrays.equals(action, RESTORE) ? "restore"
                : "mask:" + text(row, 2);
        lastKey = Arrays.copyOfRange(row, from, to);
        lastLane = lanes.getOrDefault(target + '\0' + lane, NONE);
        return lastLane;
    }

    /** Field {@code f} as text, COPY's escapes undone. */
    private String text(byte[] row, int f) {
        return new String(unescaped(row, f), StandardCharsets.UTF_8);
    }

    private byte[] unescaped(byte[] row, int f) {
        byte[] value = new byte[ends[f] - starts[f]];
        int n = 0;
        for (int i = starts[f]; i < ends[f]; i++) {
            byte b = row[i];
            if (b == '\\' && i + 1 < ends[f]) {
                byte e = row[++i];
                b = switch (e) {
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'v' -> 0x0b;
                    default -> e;
                };
            }
            value[n++] = b;
        }
        return Arrays.copyOf(value, n);
    }

    /** Field {@code f} as PostgreSQL's CSV writes text: quoted when empty or when it holds , " CR or LF. */
    private void csv(byte[] row, int f) {
        boolean plain = ends[f] > starts[f];
        for (int i = starts[f]; i < ends[f] && plain; i++) {
            byte b = row[i];
            plain = b != '\\' && b != ',' && b != '"';
        }
        if (plain) {
            append(row, starts[f], ends[f] - starts[f]);
            return;
        }
        byte[] value = unescaped(row, f);
        boolean quote = value.length == 0 || (value.length == 2 && value[0] == '\\' && value[1] == '.');
        for (int i = 0; i < value.length && !quote; i++) {
            quote = value[i] == ',' || value[i] == '"' || value[i] == '\n' || value[i] == '\r';
        }
        if (!quote) {
            append(value, 0, value.length);
            return;
        }
        ensure(value.length * 2 + 2);
        buffer[size++] = '"';
        for (byte b : value) {
            if (b == '"') {
                buffer[size++] = '"';
            }
            buffer[size++] = b;
        }
        buffer[size++] = '"';
    }

    /** Field {@code f}, an ASCII word, in lower case. */
    private void lower(byte[] row, int f) {
        int length = ends[f] - starts[f];
        ensure(length);
        for (int i = starts[f]; i < ends[f]; i++) {
            byte b = row[i];
            buffer[size++] = b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
        }
    }

    private void comma() {
        ensure(1);
        buffer[size++] = ',';
    }

    private void append(byte[] b) {
        append(b, 0, b.length);
    }

    private void append(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buffer, size, len);
        size += len;
    }

    /** Room for {@code more} bytes: what is buffered goes out first when the buffer is full. */
    private void ensure(int more) {
        if (size + more > buffer.length) {
            try {
                flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (more > buffer.length) {
                buffer = new byte[Math.max(more, buffer.length * 2)];
            }
        }
    }
}
