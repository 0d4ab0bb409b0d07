package org.sealing.register;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The physical lines of a file as bytes, with the byte offset after each, so that a restarted import
 * can seek straight back to where it stopped. Lines end at LF (a CR before it is dropped); in UTF-8
 * the byte 0x0A never occurs inside a character, so splitting before decoding is safe. Of a line longer
 * than {@link #MAX_LINE_BYTES} only its first {@code MAX_LINE_BYTES} are kept and the rest is skipped,
 * with {@link #wasCut()} set, so one giant line cannot exhaust memory.
 */
final class PhysicalLines implements Closeable {

    static final int MAX_LINE_BYTES = 1 << 20;

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    private byte[] line = new byte[256];
    private long position;
    private boolean cut;

    PhysicalLines(Path file, long offset) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.channel.position(offset);
        this.position = offset;
        buffer.flip();
    }

    /** The byte offset just after the last line returned. */
    long position() {
        return position;
    }

    /** Whether the last line returned was longer than {@link #MAX_LINE_BYTES} and is only its start. */
    boolean wasCut() {
        return cut;
    }

    /** The next line without its line ending (only its start when {@link #wasCut()}), or null at the end. */
    byte[] next() throws IOException {
        int length = 0;
        boolean tooLong = false;
        boolean any = false;
        cut = false;
        while (true) {
            if (!buffer.hasRemaining()) {
                buffer.clear();
                int read = channel.read(buffer);
                buffer.flip();
                if (read <= 0) {
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            byte b = buffer.get();
            position++;
            if (b == '\n') {
                break;
            }
            if (tooLong) {
                continue;
            }
            if (length == MAX_LINE_BYTES) {
                tooLong = true;
                continue;
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, line.length * 2));
            }
            line[length++] = b;
        }
        cut = tooLong;
        if (tooLong) {
            return Arrays.copyOf(line, length);
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return Arrays.copyOf(line, length);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
