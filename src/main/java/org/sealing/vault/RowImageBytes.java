package org.sealing.vault;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.sealing.vault.RowImage.Column;

/** A row image's bytes, the form it is encrypted in: {@link RowImage#toBytes} and {@link RowImage#fromBytes}. */
final class RowImageBytes {

    /**
     * The format {@link #of} writes: 2 keeps a value in the form {@code \x} and hexadecimal digits (a bytea's, a
     * MariaDB binary string's) as the bytes the digits stand for, half the size to encrypt and to store. Format 1,
     * every value as text, is still read: copies made before format 2 open as they were.
     */
    private static final int FORMAT = 2;
    private static final int FORMAT_TEXT_ONLY = 1;

    /** How a column's value is held in the bytes: none, its text in UTF-8, or its bytes (text {@code \x} + hex). */
    private static final byte NULL = 0;
    private static final byte TEXT = 1;
    private static final byte BYTES = 2;

    private RowImageBytes() {
    }

    /**
     * The image as bytes, to be encrypted: a format byte, the number of columns, then each column's name,
     * type, how its value is held and the value: each text as its UTF-8 length and bytes, a value of the form
     * {@code \x} and an even number of lower-case hexadecimal digits as the length and the bytes they stand for
     * (big-endian, as {@link java.io.DataOutputStream} writes them; {@link #read} reads them back to the same
     * text). Sized exactly, in one array.
     */
    static byte[] of(RowImage image) {
        List<Column> columns = image.columns();
        byte[][] parts = new byte[columns.size() * 3][];
        byte[] holds = new byte[columns.size()];
        int size = 1 + 4;
        for (int i = 0, t = 0; i < columns.size(); i++, t += 3) {
            Column c = columns.get(i);
            parts[t] = c.name().getBytes(StandardCharsets.UTF_8);
            parts[t + 1] = c.type().getBytes(StandardCharsets.UTF_8);
            if (c.value() == null) {
                holds[i] = NULL;
            } else if (isHexBytes(c.value())) {
                holds[i] = BYTES;
                parts[t + 2] = HexFormat.of().parseHex(c.value(), 2, c.value().length());
            } else {
                holds[i] = TEXT;
                parts[t + 2] = c.value().getBytes(StandardCharsets.UTF_8);
            }
            size += 4 + parts[t].length + 4 + parts[t + 1].length + 1
                    + (parts[t + 2] == null ? 0 : 4 + parts[t + 2].length);
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put((byte) FORMAT);
        out.putInt(columns.size());
        for (int i = 0, t = 0; i < columns.size(); i++, t += 3) {
            out.putInt(parts[t].length).put(parts[t]);
            out.putInt(parts[t + 1].length).put(parts[t + 1]);
            out.put(holds[i]);
            if (parts[t + 2] != null) {
                out.putInt(parts[t + 2].length).put(parts[t + 2]);
            }
        }
        return out.array();
    }

    /**
     * Whether a value is {@code \x} and an even number of lower-case hexadecimal digits: the text
     * {@link HexFormat#of()} gives back from the bytes they stand for, so that the value reads back the same.
     */
    private static boolean isHexBytes(String value) {
        if (value.length() < 2 || value.charAt(0) != '\\' || value.charAt(1) != 'x' || value.length() % 2 != 0) {
            return false;
        }
        for (int i = 2; i < value.length(); i++) {
            char ch = value.charAt(i);
            if ((ch < '0' || ch > '9') && (ch < 'a' || ch > 'f')) {
                return false;
            }
        }
        return true;
    }

    /** The image {@link #of} wrote, in this format or the earlier one. */
    static RowImage read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readByte();
            if (format != FORMAT && format != FORMAT_TEXT_ONLY) {
                throw new IllegalArgumentException("row image format " + format + " is not known");
            }
            int count = in.readInt();
            List<Column> columns = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String name = text(in);
                String type = text(in);
                byte holds = in.readByte();
                String value;
                if (holds == NULL) {
                    value = null;
                } else if (holds == TEXT) {
                    value = text(in);
                } else if (holds == BYTES && format == FORMAT) {
                    value = "\\x" + HexFormat.of().formatHex(readBytes(in));
                } else {
                    throw new IllegalArgumentException("row image holds a value of a kind not known (" + holds + ")");
                }
                columns.add(new Column(name, type, value));
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException("row image has bytes after its last column");
            }
            return new RowImage(columns);
        } catch (IOException e) {
            throw new IllegalArgumentException("row image is cut short", e);
        }
    }

    private static String text(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("a value longer than what is left");
        }
        return in.readNBytes(length);
    }
}
