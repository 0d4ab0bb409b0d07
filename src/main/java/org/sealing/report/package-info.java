/**
 * The compliance workbook, read from the control database alone and streamed: {@link
 * org.sealing.report.ComplianceWorkbook} assembles it from a reader of the figures and rows
 * ({@code WorkbookReader}), one small writer per sheet or group of sheets, and {@code EvidenceFile},
 * which moves it into place whole and writes its checksum.
 */
package org.sealing.report;
