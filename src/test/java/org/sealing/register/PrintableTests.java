package org.sealing.register;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a terminal is shown of a value from outside: escaped so it cannot forge output, and short. */
class PrintableTests {

    @Test
    void controlCharactersAreEscapedAndBackslashesDoubledSoNoEscapeIsAmbiguous() {
        assertThat(Printable.escape("a\nb\rc\td\u0007e\u001b[2Jf\u0000g\u007fh\u0085i"))
                .isEqualTo("a\\nb\\rc\\td\\u0007e\\u001b[2Jf\\u0000g\\u007fh\\u0085i");
        assertThat(Printable.escape("C:\\new")).isEqualTo("C:\\\\new");
        assertThat(Printable.escape("line\u2028break and \u202Egnirts")).isEqualTo("line\\u2028break and \\u202egnirts");
        assertThat(Printable.escape("O'Brien-Müller 😀")).isEqualTo("O'Brien-Müller 😀");
        assertThat(Printable.escape(null)).isNull();
    }

    @Test
    void aLongValueIsCutWithItsLengthAndNeverInsideACharacter() {
        String huge = "X".repeat(300_000);
        assertThat(Printable.orderId(huge)).isEqualTo("X".repeat(Printable.ORDER_ID_CHARS) + "…(300000 characters)");
        assertThat(Printable.orderId("B-1")).isEqualTo("B-1");
        assertThat(Printable.shortened("😀😀😀", 2)).isEqualTo("😀😀…(3 characters)");
        assertThat(Printable.shown("\u0007".repeat(10), 3)).isEqualTo("\\u0007\\u0007\\u0007…(10 characters)");
    }
}
