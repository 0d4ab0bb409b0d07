package org.sealing.report;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the tests read evidence as a monitor would: a Summary's labels and values, a sheet's rows by its
 * header, the ledger export's lines, every XML part of a workbook, a file's SHA-256.
 */
final class EvidenceReading {

    private EvidenceReading() {
    }

    /** The Summary's values by their labels (the first of a label, for the few that repeat). */
    static Map<String, Cell> labelled(Sheet sheet) {
        Map<String, Cell> cells = new LinkedHashMap<>();
        for (Row row : sheet) {
            Cell label = row.getCell(0);
            if (label != null && label.getCellType() == CellType.STRING && row.getCell(1) != null) {
                cells.putIfAbsent(label.getStringCellValue(), row.getCell(1));
            }
        }
        return cells;
    }

    static long number(Map<String, Cell> cells, String label) {
        Cell cell = cells.get(label);
        assertThat(cell).as(label).isNotNull();
        assertThat(cell.getCellType()).as(label + " is a number").isEqualTo(CellType.NUMERIC);
        return (long) cell.getNumericCellValue();
    }

    static String text(Map<String, Cell> cells, String label) {
        Cell cell = cells.get(label);
        assertThat(cell).as(label).isNotNull();
        return cell.getStringCellValue();
    }

    static Map<String, Integer> header(Sheet sheet) {
        Map<String, Integer> header = new HashMap<>();
        for (Cell cell : sheet.getRow(0)) {
            header.put(cell.getStringCellValue(), cell.getColumnIndex());
        }
        return header;
    }

    /** Every data row of a sheet, each as its header's names to its cells' values (numbers as Long or Double). */
    static List<Map<String, Object>> rows(Sheet sheet) {
        Map<String, Integer> header = header(sheet);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row row : sheet) {
            if (row.getRowNum() == 0) {
                continue;
            }
            Map<String, Object> values = new HashMap<>();
            header.forEach((name, column) -> values.put(name, value(row.getCell(column))));
            rows.add(values);
        }
        return rows;
    }

    private static Object value(Cell cell) {
        if (cell == null || cell.getCellType() == CellType.BLANK) {
            return null;
        }
        if (cell.getCellType() == CellType.NUMERIC) {
            double d = cell.getNumericCellValue();
            return d == Math.rint(d) && !org.apache.poi.ss.usermodel.DateUtil.isCellDateFormatted(cell)
                    && !cell.getCellStyle().getDataFormatString().contains("%") ? (Object) (long) d : (Object) d;
        }
        return cell.getStringCellValue();
    }

    /** The sum of a numeric column over a sheet's rows. */
    static long sum(Sheet sheet, String column) {
        return rows(sheet).stream().mapToLong(r -> r.get(column) == null ? 0 : (Long) r.get(column)).sum();
    }

    /** The ledger export's lines, header first. */
    static List<CSVRecord> ledgerLines(Path export) throws Exception {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(export)), StandardCharsets.UTF_8))) {
            return CSVFormat.RFC4180.builder().get().parse(in).getRecords();
        }
    }

    /** The ledger export as text. */
    static String ledgerText(Path export) throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(export))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Every XML part of a workbook, as text. */
    static String allXml(Path file) throws Exception {
        StringBuilder all = new StringBuilder();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(entry)) {
                    all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
                }
            }
        }
        return all.toString();
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
