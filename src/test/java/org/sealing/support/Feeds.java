package org.sealing.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Hand-written feed files for tests: the header and lines as text, exactly as a court might send them. */
public final class Feeds {

    public static final String HEADER = "order_id,order_type,docket_number,arrest_number,nysid,last_name,first_name,"
            + "date_of_birth,arrest_date,disposition,disposition_date,statute,effective_date";

    private Feeds() {
    }

    /** A valid SEAL line for this order and arrest number, with personal fields that tests can look for. */
    public static String valid(String orderId, String arrestNumber) {
        return line(orderId, "SEAL", "DKT-" + orderId, arrestNumber, "12345678A", "Testperson", "Quinella",
                "1979-04-12", "2019-05-01", "DISMISSED", "2019-09-01", "160.50", "");
    }

    /** A line of these thirteen fields in header order, each written as it is (no quoting added). */
    public static String line(String... fields) {
        if (fields.length != 13) {
            throw new IllegalArgumentException("a feed line has 13 fields, not " + fields.length);
        }
        return String.join(",", fields);
    }

    /** The fields of {@link #valid} with one replaced, for a line that breaks one rule. */
    public static String validWith(String orderId, String arrestNumber, int field, String value) {
        String[] f = valid(orderId, arrestNumber).split(",", -1);
        f[field] = value;
        return String.join(",", f);
    }

    /** Writes the header and the lines, each ended by LF. */
    public static Path write(Path dir, String name, String... lines) {
        List<String> all = new ArrayList<>();
        all.add(HEADER);
        all.addAll(Arrays.asList(lines));
        return writeRaw(dir, name, String.join("\n", all) + "\n");
    }

    public static Path writeRaw(Path dir, String name, String text) {
        return writeBytes(dir, name, text.getBytes(StandardCharsets.UTF_8));
    }

    public static Path writeBytes(Path dir, String name, byte[] bytes) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name);
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
