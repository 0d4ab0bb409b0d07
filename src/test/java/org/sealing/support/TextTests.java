package org.sealing.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A value with control characters prints on one line, readable, and escaping it twice changes nothing. */
class TextTests {

    @Test
    void aFileNameWithALineBreakPrintsOnOneLine() {
        assertThat(Text.escape("a\nb.csv")).isEqualTo("a\\nb.csv");
        assertThat(Text.escape("line\r\nend\tcol")).isEqualTo("line\\r\\nend\\tcol");
    }

    @Test
    void terminalEscapesAndOtherControlsBecomeUnicodeEscapes() {
        assertThat(Text.escape("\u001b[31mred\u001b[0m")).isEqualTo("\\u001b[31mred\\u001b[0m");
        assertThat(Text.escape("nul\u0000del\u007fc1\u0085")).isEqualTo("nul\\u0000del\\u007fc1\\u0085");
        assertThat(Text.escape("para\u2028graph\u2029")).isEqualTo("para\\u2028graph\\u2029");
        // a right-to-left override makes "exe.csv" read as "vsc.exe"
        assertThat(Text.escape("report\u202eexe.csv")).isEqualTo("report\\u202eexe.csv");
    }

    @Test
    void printableTextIsLeftAsItIs() {
        String plain = "Müller, José: 日本 \\ reports/compliance-e1.xlsx";
        assertThat(Text.escape(plain)).isSameAs(plain);
        assertThat(Text.escape(null)).isNull();
        assertThat(Text.escape(java.nio.file.Path.of("inbox", "a\tb.csv"))).isEqualTo("inbox/a\\tb.csv");
    }

    @Test
    void escapingTwiceChangesNothing() {
        String once = Text.escape("a\nb\u001b\\c");
        assertThat(Text.escape(once)).isEqualTo(once);
        assertThat(once).doesNotContain("\n", "\u001b");
    }
}
