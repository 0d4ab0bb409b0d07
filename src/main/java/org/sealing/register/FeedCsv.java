package org.sealing.register;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Decoding and CSV parsing of feed text: strict UTF-8, then RFC 4180 by Apache Commons CSV. The
 * reader hands it one record's text at a time (normally one line, several when a quoted field holds a
 * line break), so that one broken line is rejected alone instead of derailing the rest of the file.
 */
final class FeedCsv {

    static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    /** The text of these bytes, or null when they are not valid UTF-8. */
    String decode(byte[] bytes, int offset) {
        try {
            CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** How one record's text parsed. */
    enum Shape { COMPLETE, OPEN_QUOTE, MALFORMED }

    /** A parse result: the fields when {@link Shape#COMPLETE}. */
    record Parsed(Shape shape, List<String> fields) {
    }

    Parsed parse(String text) {
        try (CSVParser parser = CSVParser.parse(text, FORMAT)) {
            List<CSVRecord> records = parser.getRecords();
            if (records.size() != 1) {
                // a bare CR inside the line split it in two: not a line we can trust
                return new Parsed(Shape.MALFORMED, null);
            }
            CSVRecord record = records.get(0);
            List<String> fields = new ArrayList<>(record.size());
            record.forEach(fields::add);
            return new Parsed(Shape.COMPLETE, fields);
        } catch (IOException | UncheckedIOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (String.valueOf(t.getMessage()).contains("EOF reached before encapsulated token finished")) {
                    return new Parsed(Shape.OPEN_QUOTE, null);
                }
            }
            return new Parsed(Shape.MALFORMED, null);
        }
    }

    static boolean startsWithBom(byte[] line) {
        return line.length >= 3 && line[0] == UTF8_BOM[0] && line[1] == UTF8_BOM[1] && line[2] == UTF8_BOM[2];
    }
}
