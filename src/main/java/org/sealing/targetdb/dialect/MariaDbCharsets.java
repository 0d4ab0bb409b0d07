package org.sealing.targetdb.dialect;

import java.nio.charset.Charset;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sealing.catalog.live.LiveCatalog.Column;

/**
 * Whether a text fits a MariaDB column's character set, which the column's type names through its
 * collation ({@code varchar(20) collate latin1_swedish_ci}): a character the set lacks makes every write
 * of it fail (error 1366 in strict mode), so {@code targets check} says so first.
 */
final class MariaDbCharsets {

    private static final Pattern COLLATION = Pattern.compile(" collate ([A-Za-z0-9]+)_");

    /** MariaDB's single- and multi-byte sets as Java names them (MariaDB's latin1 is Windows-1252). */
    private static final Map<String, String> JAVA_NAMES = Map.ofEntries(Map.entry("latin1", "windows-1252"),
            Map.entry("latin2", "ISO-8859-2"), Map.entry("latin5", "ISO-8859-9"), Map.entry("latin7", "ISO-8859-13"),
            Map.entry("ascii", "US-ASCII"), Map.entry("cp1250", "windows-1250"), Map.entry("cp1251", "windows-1251"),
            Map.entry("cp1256", "windows-1256"), Map.entry("cp1257", "windows-1257"), Map.entry("greek", "ISO-8859-7"),
            Map.entry("hebrew", "ISO-8859-8"), Map.entry("koi8r", "KOI8-R"), Map.entry("koi8u", "KOI8-U"),
            Map.entry("cp850", "IBM850"), Map.entry("cp852", "IBM852"), Map.entry("cp866", "IBM866"),
            Map.entry("sjis", "Shift_JIS"), Map.entry("ujis", "EUC-JP"), Map.entry("euckr", "EUC-KR"),
            Map.entry("gbk", "GBK"), Map.entry("gb2312", "GB2312"), Map.entry("big5", "Big5"),
            Map.entry("tis620", "TIS-620"));

    private MariaDbCharsets() {
    }

    /** Why the column's character set cannot hold the text, or null when it can (or the set is not known here). */
    static String unfit(Column column, String text) {
        Matcher m = COLLATION.matcher(column.type());
        if (text == null || !m.find()) {
            return null;
        }
        String charset = m.group(1).toLowerCase(Locale.ROOT);
        boolean fits = switch (charset) {
            case "utf8mb4", "utf16", "utf16le", "utf32" -> true;
            // three bytes at most: the Basic Multilingual Plane only
            case "utf8", "utf8mb3", "ucs2" -> text.codePoints().allMatch(cp -> cp <= 0xFFFF);
            default -> {
                String java = JAVA_NAMES.get(charset);
                yield java == null || !Charset.isSupported(java) || Charset.forName(java).newEncoder().canEncode(text);
            }
        };
        return fits ? null : "its character set " + charset + " cannot hold every character of the text";
    }
}
