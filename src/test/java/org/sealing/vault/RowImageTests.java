package org.sealing.vault;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A row image comes back from its bytes exactly, nulls and all, writes its names only through the
 * quoting of target SQL, and never shows a value when printed.
 */
class RowImageTests {

    private static final RowImage IMAGE = new RowImage(List.of(new RowImage.Column("id", "int8", "1"),
            new RowImage.Column("last \"name\"", "varchar", "O'Brien, Siobhán ✓"),
            new RowImage.Column("dob", "date", null), new RowImage.Column("photo", "bytea", "\\x00ff"),
            new RowImage.Column("note", "text", "")));

    @Test
    void anImageComesBackFromItsBytesExactly() {
        RowImage back = RowImage.fromBytes(IMAGE.toBytes());

        assertThat(back).isEqualTo(IMAGE);
        assertThat(back.columns().get(2).value()).isNull();
        assertThat(back.columns().get(4).value()).isEmpty();
    }

    @Test
    void aBinaryValueIsKeptAsItsBytesAndComesBackAsTheSameText() {
        byte[] photo = new byte[300_000];
        new java.util.Random(7).nextBytes(photo);
        String hex = "\\x" + HexFormat.of().formatHex(photo);
        RowImage image = new RowImage(List.of(new RowImage.Column("photo", "bytea", hex),
                new RowImage.Column("empty", "bytea", "\\x"),
                // texts that only look like bytes, or nearly: each must read back exactly as it was
                new RowImage.Column("upper", "bytea", "\\x00FF"), new RowImage.Column("odd", "text", "\\x0"),
                new RowImage.Column("capital", "text", "\\X00"), new RowImage.Column("note", "text", "\\xab"),
                new RowImage.Column("word", "text", "\\xyz"), new RowImage.Column("slash", "text", "\\")));

        byte[] bytes = image.toBytes();

        assertThat(RowImage.fromBytes(bytes)).isEqualTo(image);
        // the photo's 300,000 bytes are encrypted and stored as such, not as their 600,002 characters of text
        assertThat(bytes.length).isBetween(300_000, 300_400);
    }

    @Test
    void anImageWrittenInTheEarlierFormatStillOpens() throws IOException {
        // format 1: every value as UTF-8 text, a bytea's too (copies made before format 2)
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(1);
            out.writeInt(IMAGE.columns().size());
            for (RowImage.Column c : IMAGE.columns()) {
                writeText(out, c.name());
                writeText(out, c.type());
                out.writeBoolean(c.value() != null);
                if (c.value() != null) {
                    writeText(out, c.value());
                }
            }
        }

        assertThat(RowImage.fromBytes(buffer.toByteArray())).isEqualTo(IMAGE);
        // a value held as bytes is of format 2 only
        byte[] bytes = new RowImage(List.of(new RowImage.Column("photo", "bytea", "\\x00ff"))).toBytes();
        bytes[0] = 1;
        assertThatThrownBy(() -> RowImage.fromBytes(bytes)).hasMessage("row image holds a value of a kind not known (2)");
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    @Test
    void bytesCutShortOrOfAnotherFormatAreRefused() {
        byte[] bytes = IMAGE.toBytes();

        assertThatThrownBy(() -> RowImage.fromBytes(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("Brien");
        byte[] other = bytes.clone();
        other[0] = 9;
        assertThatThrownBy(() -> RowImage.fromBytes(other)).hasMessage("row image format 9 is not known");
        assertThatThrownBy(() -> RowImage.fromBytes(Arrays.copyOf(bytes, bytes.length + 1)))
                .hasMessage("row image has bytes after its last column");
    }

    @Test
    void itsSqlQuotesEveryNameAndCarriesNoValue() {
        assertThat(IMAGE.insertInto("\"s\".\"t\"")).isEqualTo("insert into \"s\".\"t\" (\"id\", \"last \"\"name\"\"\","
                + " \"dob\", \"photo\", \"note\") values (?, ?, ?, ?, ?)");
        assertThat(IMAGE.assignments()).isEqualTo("\"id\" = ?, \"last \"\"name\"\"\" = ?, \"dob\" = ?, \"photo\" = ?,"
                + " \"note\" = ?");
        assertThat(IMAGE.toString()).contains("dob date null").doesNotContain("Brien", "\\x00ff");
    }
}
