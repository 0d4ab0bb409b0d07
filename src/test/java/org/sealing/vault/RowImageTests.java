package org.sealing.vault;

import java.util.Arrays;
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
