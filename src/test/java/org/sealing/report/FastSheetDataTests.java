package org.sealing.report;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sheets' temporary files are UTF-8 exactly as Java encodes it, whatever the characters (supplementary
 * ones as surrogate pairs, split between writes or not; a lone surrogate as '?', as Java's encoder writes
 * it), and a string goes out as it is only when XML has nothing to escape in it.
 */
class FastSheetDataTests {

    @Test
    void theWriterEncodesUtf8AsJavaDoesWhateverTheCharactersAndTheWrites() throws Exception {
        Random random = new Random(12);
        char[] alphabet = {'a', 'Z', '<', '"', '\n', 'é', 'ß', '€', '中', '\ud83d', '\ude00', '\ud800', '\udfff', ' '};
        for (int round = 0; round < 200; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            text.append("\ud83d\ude00").append(text.length() % 2 == 0 ? "x" : "");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (FastSheetData.Utf8Writer writer = new FastSheetData.Utf8Writer(out)) {
                String s = text.toString();
                int at = 0;
                while (at < s.length()) {
                    int n = 1 + random.nextInt(3);
                    int end = Math.min(s.length(), at + n);
                    if (n == 1) {
                        writer.write(s.charAt(at));
                    } else if (n == 2) {
                        writer.write(s.toCharArray(), at, end - at);
                    } else {
                        writer.write(s, at, end - at);
                    }
                    at = end;
                }
            }
            assertThat(out.toByteArray()).as(text.toString()).isEqualTo(text.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void onlyPlainPrintableTextWithoutSpacesAtItsEndsIsWrittenAsItIs() {
        assertThat(FastSheetData.plain("BULK-0000001")).isTrue();
        assertThat(FastSheetData.plain("")).isTrue();
        assertThat(FastSheetData.plain("a b")).isTrue();
        assertThat(FastSheetData.plain(" a")).isFalse();
        assertThat(FastSheetData.plain("a ")).isFalse();
        assertThat(FastSheetData.plain("a<b")).isFalse();
        assertThat(FastSheetData.plain("a&b")).isFalse();
        assertThat(FastSheetData.plain("a\"b")).isFalse();
        assertThat(FastSheetData.plain("a\tb")).isFalse();
        assertThat(FastSheetData.plain("café")).isFalse();
    }
}
