/** The compliance workbook, read from the control database alone and streamed. */
package org.sealing.report;
