package org.sealing.report;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.xssf.model.SharedStringsTable;
import org.apache.poi.xssf.streaming.SXSSFRow;
import org.apache.poi.xssf.streaming.SheetDataWriter;

/**
 * Writes a streamed sheet's cells as POI's own writer does (the same XML: each cell with its reference,
 * its style, inline strings), faster, for the cells the evidence writes by the million (the Audit's):
 * the row's number and the column letters are formatted once, not per cell; a string of plain characters
 * goes out as it is; a whole number without its ".0". Any other cell (a string to escape or with spaces
 * at its ends, a formula, an error, a shared string) is POI's to write. The temporary file is written
 * through a plain UTF-8 encoder with a buffer of its own ({@link Utf8Writer}), not through a
 * synchronized {@code BufferedWriter} and a charset encoder per few characters, which took most of the
 * time of a million rows.
 */
final class FastSheetData extends SheetDataWriter {

    private static final String[] COLUMNS = new String[64];

    static {
        for (int i = 0; i < COLUMNS.length; i++) {
            COLUMNS[i] = org.apache.poi.ss.util.CellReference.convertNumToColString(i);
        }
    }

    private final boolean inline;
    private String rowNumber;

    FastSheetData(SharedStringsTable sharedStrings) throws IOException {
        super(sharedStrings);
        this.inline = sharedStrings == null;
    }

    /** The sheet's temporary file, through {@link Utf8Writer}. */
    @Override
    public Writer createWriter(File fd) throws IOException {
        return new Utf8Writer(new FileOutputStream(fd));
    }

    @Override
    public void writeRow(int rownum, SXSSFRow row) throws IOException {
        rowNumber = Integer.toString(rownum + 1);
        super.writeRow(rownum, row);
    }

    @Override
    public void writeCell(int columnIndex, Cell cell) throws IOException {
        if (cell == null) {
            return;
        }
        CellType type = cell.getCellType();
        String text = null;
        if (columnIndex >= COLUMNS.length || !inline || (type != CellType.NUMERIC && type != CellType.BLANK
                && (type != CellType.STRING || !plain(text = cell.getStringCellValue())))) {
            super.writeCell(columnIndex, cell);
            return;
        }
        _out.write("<c r=\"");
        _out.write(COLUMNS[columnIndex]);
        _out.write(rowNumber);
        _out.write('"');
        int style = cell.getCellStyle().getIndex() & 0xffff;
        if (style != 0) {
            _out.write(" s=\"");
            _out.write(Integer.toString(style));
            _out.write('"');
        }
        if (type == CellType.BLANK) {
            _out.write("></c>");
        } else if (type == CellType.STRING) {
            _out.write(" t=\"inlineStr\"><is><t>");
            _out.write(text);
            _out.write("</t></is></c>");
        } else {
            double value = cell.getNumericCellValue();
            _out.write(" t=\"n\"><v>");
            long whole = (long) value;
            _out.write(whole == value && Math.abs(value) < 1e15 ? Long.toString(whole) : Double.toString(value));
            _out.write("</v></c>");
        }
    }

    /** Printable ASCII with no character XML escapes and no space at either end: written as it is. */
    static boolean plain(String text) {
        int n = text.length();
        if (n == 0 || text.charAt(0) == ' ' || text.charAt(n - 1) == ' ') {
            return n == 0;
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < ' ' || c > '~' || c == '<' || c == '>' || c == '&' || c == '"') {
                return false;
            }
        }
        return true;
    }

    /** UTF-8 into a buffer, then the file: one thread writes a sheet, so no lock. */
    static final class Utf8Writer extends Writer {

        private final OutputStream out;
        private final byte[] buffer = new byte[1 << 16];
        private int size;
        private char high;

        Utf8Writer(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int c) throws IOException {
            put((char) c);
        }

        @Override
        public void write(char[] chars, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                put(chars[i]);
            }
        }

        @Override
        public void write(String text, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                put(text.charAt(i));
            }
        }

        @Override
        public void write(String text) throws IOException {
            write(text, 0, text.length());
        }

        private void put(char c) throws IOException {
            if (size > buffer.length - 4) {
                drain();
            }
            if (c < 0x80 && high == 0) {
                buffer[size++] = (byte) c;
            } else if (Character.isHighSurrogate(c)) {
                if (high != 0) {
                    buffer[size++] = '?';
                }
                high = c;
            } else if (Character.isLowSurrogate(c) && high != 0) {
                int cp = Character.toCodePoint(high, c);
                high = 0;
                buffer[size++] = (byte) (0xf0 | (cp >> 18));
                buffer[size++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                buffer[size++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                buffer[size++] = (byte) (0x80 | (cp & 0x3f));
            } else {
                if (high != 0) {
                    // a high surrogate alone: not a character
                    buffer[size++] = '?';
                    high = 0;
                    put(c);
                    return;
                }
                if (Character.isLowSurrogate(c)) {
                    buffer[size++] = '?';
                } else if (c < 0x80) {
                    buffer[size++] = (byte) c;
                } else if (c < 0x800) {
                    buffer[size++] = (byte) (0xc0 | (c >> 6));
                    buffer[size++] = (byte) (0x80 | (c & 0x3f));
                } else {
                    buffer[size++] = (byte) (0xe0 | (c >> 12));
                    buffer[size++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                    buffer[size++] = (byte) (0x80 | (c & 0x3f));
                }
            }
        }

        private void drain() throws IOException {
            out.write(buffer, 0, size);
            size = 0;
        }

        @Override
        public void flush() throws IOException {
            drain();
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (high != 0) {
                if (size == buffer.length) {
                    drain();
                }
                buffer[size++] = '?';
                high = 0;
            }
            flush();
            out.close();
        }
    }
}
