package org.sealing.support;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.step.FatalStepExecutionException;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PermissionDeniedDataAccessException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The expected failures of SPEC section 3, as the framework hands them over (wrapped in "Unable to
 * process chunk", in Spring's data-access exceptions, with stack traces), come out as one line a user
 * can act on: no class name, no statement, no quoted value, no control character.
 */
class FailureMessagesTests {

    @Test
    void aChunkThatFailsInTheDatabaseIsTheDatabasesReasonWithItsSqlState() {
        SQLException index = foreign(new SQLException("ERROR: index row size 2720 exceeds btree version 4 maximum"
                + " 2704 for index \"sealing_order_pkey\"\n  Where: SQL statement", "54000"));
        BatchUpdateException batch = foreign(new BatchUpdateException("Batch entry 0 <unknown> was aborted: ERROR:"
                + " index row size 2720 exceeds btree version 4 maximum 2704  Call getNextException to see other errors in"
                + " the batch.", "54000", 0, new int[0], index));
        batch.setNextException(index);
        Throwable failure = chunk(foreign(new DataIntegrityViolationException("PreparedStatementCallback; SQL [insert"
                + " into sealing_order values (?, ?)]; Batch entry 0 <unknown> was aborted", batch)));

        assertThat(FailureMessages.of(failure)).isEqualTo("index row size 2720 exceeds btree version 4 maximum 2704"
                + " for index \"sealing_order_pkey\" [SQLSTATE 54000]");
    }

    @Test
    void aMissingPrivilegeNamesTheTableAndNotTheStatement() {
        Throwable failure = chunk(foreign(new PermissionDeniedDataAccessException("PreparedStatementCallback; SQL"
                + " [update booking.arrest set x = ?]; ERROR: permission denied for table arrest",
                foreign(new SQLException("ERROR: permission denied for table arrest", "42501")))));

        assertThat(FailureMessages.of(failure)).isEqualTo("permission denied for table arrest [SQLSTATE 42501]");
    }

    @Test
    void aMessageThisProductWroteWinsOverTheWrappersAndCausesAroundIt() {
        // as FeedLineReader says it, with a file name that holds a line break
        Throwable failure = chunk(new ItemStreamException("feed file /in/a\nb.csv changed since this import began"
                + " (its SHA-256 differs); put the original back and restart, or import the new file afresh"));

        assertThat(FailureMessages.of(failure)).isEqualTo("feed file /in/a\\nb.csv changed since this import began"
                + " (its SHA-256 differs); put the original back and restart, or import the new file afresh");
    }

    @Test
    void anUnreachableDatabaseSaysWhereAndWhy() {
        Throwable failure = foreign(new SQLException("Connection to 127.0.0.1:1 refused. Check that the hostname and"
                + " port are correct and that the postmaster is accepting TCP/IP connections.", "08001",
                foreign(new ConnectException("Connection refused"))));

        assertThat(FailureMessages.of(foreign(new IllegalStateException("wrapped", failure))))
                .isEqualTo("Connection to 127.0.0.1:1 refused. Check that the hostname and port are correct and that"
                        + " the postmaster is accepting TCP/IP connections. [SQLSTATE 08001]");
    }

    @Test
    void aFullDiskNamesTheFilesAndTheReason() {
        Throwable moving = foreign(new UncheckedIOException(foreign(new FileSystemException("inbox/feed.csv",
                "inbox/processed/feed.csv", "No space left on device"))));
        Throwable writing = chunk(new IllegalStateException("cannot write the workbook reports/c-e1.xlsx: No space"
                + " left on device", foreign(new java.io.IOException("No space left on device"))));

        assertThat(FailureMessages.of(moving)).isEqualTo("inbox/feed.csv -> inbox/processed/feed.csv: No space left"
                + " on device");
        assertThat(FailureMessages.of(writing)).isEqualTo("cannot write the workbook reports/c-e1.xlsx: No space left"
                + " on device");
        assertThat(FailureMessages.of(foreign(new NoSuchFileException("in/a\u001b.csv"))))
                .isEqualTo("in/a\\u001b.csv: no such file or directory");
    }

    @Test
    void aStoppedStepSaysItWasStoppedOnRequest() {
        Throwable failure = foreign(new IllegalStateException("x", foreign(new JobInterruptedException("Job"
                + " interrupted status detected."))));

        assertThat(FailureMessages.of(failure)).isEqualTo(FailureMessages.STOPPED);
        assertThat(FailureMessages.ofTrace("org.springframework.batch.core.job.JobInterruptedException"))
                .isEqualTo(FailureMessages.STOPPED);
    }

    @Test
    void noClassNameAndNoQuotedValueReachTheUser() {
        assertThat(FailureMessages.of(foreign(new RuntimeException("org.example.Outer$Inner: something broke"))))
                .isEqualTo("something broke");
        assertThat(FailureMessages.of(foreign(new SQLException("ERROR: invalid input syntax for type date:"
                + " \"1980-13-45\"", "22007")))).isEqualTo("invalid input syntax for type date: (value not shown)"
                        + " [SQLSTATE 22007]");
        assertThat(FailureMessages.of(foreign(new SQLException("ERROR: value \"Q12345678\" is out of range for type"
                + " integer", "22003")))).isEqualTo("value (value not shown) is out of range for type integer"
                        + " [SQLSTATE 22003]");
        assertThat(FailureMessages.of(foreign(new SQLException("ERROR: new row for relation \"arrest\" violates check"
                + " constraint \"arrest_no_check\" because \"SMITH, JOHN\"", "23514")))).isEqualTo("new row for"
                        + " relation \"arrest\" violates check constraint \"arrest_no_check\" because (value not shown)"
                        + " [SQLSTATE 23514]");
        String unexpected = FailureMessages.of(chunk(foreign(new NullPointerException())));
        assertThat(unexpected).doesNotContain("Exception", "org.", "$").contains("LOGGING_LEVEL_ORG_SEALING=DEBUG");
    }

    /** MariaDB quotes values in single quotes, without escaping a quote inside one, as its server writes them. */
    @Test
    void noValueMariaDbQuotesReachesTheUserAndTheNamesOfObjectsStay() {
        assertThat(mariaDb("Duplicate entry 'Q12345678' for key 'PRIMARY'", "23000", 1062))
                .isEqualTo("Duplicate entry (value not shown) for key 'PRIMARY' [SQLSTATE 23000]");
        // a composite key of a name with a quote and a date of birth, MariaDB's own form
        assertThat(mariaDb("Duplicate entry 'O'Brien-1980-01-02' for key 'name_dob'", "23000", 1062))
                .isEqualTo("Duplicate entry (value not shown) for key 'name_dob' [SQLSTATE 23000]");
        assertThat(mariaDb("Incorrect date value: '1990-13-45' for column `db`.`t`.`dob` at row 1", "22007", 1292))
                .isEqualTo("Incorrect date value: (value not shown) for column `db`.`t`.`dob` at row 1 [SQLSTATE 22007]");
        assertThat(mariaDb("Incorrect integer value: 'SMITH' at row 1", "22007", 1366))
                .isEqualTo("Incorrect integer value: (value not shown) at row 1 [SQLSTATE 22007]");
        assertThat(mariaDb("Truncated incorrect DOUBLE value: 'D'Angelo'", "22007", 1292))
                .isEqualTo("Truncated incorrect DOUBLE value: (value not shown) [SQLSTATE 22007]");
        assertThat(mariaDb("Table 'police.arrest' doesn't exist", "42S02", 1146))
                .isEqualTo("Table 'police.arrest' doesn't exist [SQLSTATE 42S02]");
        assertThat(mariaDb("Unknown column 'nysid' in 'SELECT'", "42S22", 1054))
                .isEqualTo("Unknown column 'nysid' in 'SELECT' [SQLSTATE 42S22]");
        assertThat(mariaDb("Column 'last_name' cannot be null", "23000", 1048))
                .isEqualTo("Column 'last_name' cannot be null [SQLSTATE 23000]");
        assertThat(mariaDb("Access denied for user 'sealer'@'localhost' to database 'police'", "42000", 1044))
                .isEqualTo("Access denied for user 'sealer'@(value not shown) to database 'police' [SQLSTATE 42000]");
        // a trigger's SIGNAL or any other message: whatever is quoted is cut out
        assertThat(mariaDb("rejected 'SMITH, JOHN' because 'it's sealed'", "45000", 1644))
                .isEqualTo("rejected (value not shown) because (value not shown) [SQLSTATE 45000]");
        assertThat(mariaDb("Lock wait timeout exceeded; try restarting transaction", "HY000", 1205))
                .isEqualTo("Lock wait timeout exceeded; try restarting transaction [SQLSTATE HY000]");
        // the same line from the trace Spring Batch stores
        assertThat(FailureMessages.ofTrace("java.sql.SQLIntegrityConstraintViolationException: (conn=7) Duplicate"
                + " entry 'Ann-Lee' for key 'ab'\n\tat org.mariadb.jdbc.export.ExceptionFactory.create(X.java:1)"))
                .isEqualTo("Duplicate entry (value not shown) for key 'ab'");
    }

    @Test
    void aValueHoldingTheOtherEnginesQuotesIsCutOutWhole() {
        assertThat(mariaDb("Duplicate entry 'say \"hi\" O'Neil' for key 'k'", "23000", 1062))
                .isEqualTo("Duplicate entry (value not shown) for key 'k' [SQLSTATE 23000]");
        assertThat(FailureMessages.of(foreign(new SQLException("ERROR: value \"O'Brien\" is out of range", "22003"))))
                .isEqualTo("value (value not shown) is out of range [SQLSTATE 22003]");
    }

    /** A value with a line break is cut whole, not up to the break; a quote never closed hides the rest. */
    @Test
    void aQuotedValueSpanningLinesOrNeverClosedIsCutOutWhole() {
        assertThat(mariaDb("Duplicate entry 'SMITH\nJOHN' for key 'name'", "23000", 1062))
                .isEqualTo("Duplicate entry (value not shown) for key 'name' [SQLSTATE 23000]")
                .doesNotContain("SMITH", "JOHN");
        assertThat(mariaDb("rejected 'SMITH\r\nJOHN\n1980' because sealed", "45000", 1644))
                .isEqualTo("rejected (value not shown) because sealed [SQLSTATE 45000]");
        assertThat(mariaDb("Incorrect string value: 'SMITH\nJOHN", "22007", 1366))
                .isEqualTo("Incorrect string value: (value not shown) [SQLSTATE 22007]");
        // the stored trace of the same failure: the header line ends inside the value
        assertThat(FailureMessages.ofTrace("java.sql.SQLIntegrityConstraintViolationException: (conn=7) Duplicate"
                + " entry 'SMITH\nJOHN' for key 'name'\n\tat org.mariadb.jdbc.export.ExceptionFactory.create(X.java:1)"))
                .doesNotContain("SMITH", "JOHN").startsWith("Duplicate entry (value not shown)");
    }

    /** A MariaDB server's message as Connector/J hands it over, wrapped as a chunk failure. */
    private static String mariaDb(String message, String state, int code) {
        return FailureMessages.of(chunk(foreign(new SQLException("(conn=42) " + message, state, code))));
    }

    @Test
    void aStoredStackTraceGivesTheSameLine() {
        String trace = """
                org.sealing.run.TargetSteps$TargetProblem: cannot reach jdbc:postgresql://127.0.0.1:1/x: Connection \
                refused [SQLSTATE 08001]
                \tat org.sealing.run.TargetSteps.resolve(TargetSteps.java:55)
                \tat org.springframework.batch.core.step.AbstractStep.execute(AbstractStep.java:251)
                Caused by: org.sealing.targetdb.TargetFailures$Unreachable: cannot reach jdbc:postgresql://127.0.0.1:1/x
                \t... 21 common frames omitted
                """;
        String chunk = """
                org.springframework.batch.core.step.FatalStepExecutionException: Unable to process chunk
                \tat org.springframework.batch.core.step.item.ChunkOrientedStep.processChunk(ChunkOrientedStep.java:9)
                Caused by: org.springframework.dao.PermissionDeniedDataAccessException: PreparedStatementCallback; \
                SQL [update t set x = ?]; ERROR: permission denied for table arrest
                \tat org.springframework.jdbc.support.SQLStateSQLExceptionTranslator.doTranslate(X.java:1)
                Caused by: org.postgresql.util.PSQLException: ERROR: permission denied for table arrest
                \tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2733)
                """;

        assertThat(FailureMessages.ofTrace(trace)).isEqualTo("cannot reach jdbc:postgresql://127.0.0.1:1/x:"
                + " Connection refused [SQLSTATE 08001]");
        assertThat(FailureMessages.ofTrace(chunk)).isEqualTo("permission denied for table arrest");
        // cut off after the wrapper's frames, as a long trace is stored: no reason rather than a wrong one
        assertThat(FailureMessages.ofTrace(chunk.substring(0, chunk.indexOf("Caused by")))).isNull();
        assertThat(FailureMessages.ofTrace(null)).isNull();
    }

    /** A chunk failure as Spring Batch wraps it. */
    private static Throwable chunk(Throwable cause) {
        return foreign(new FatalStepExecutionException("Unable to process chunk", cause));
    }

    /** The exception as if made by a library (a test's own exceptions count as this product's). */
    private static <T extends Throwable> T foreign(T t) {
        t.setStackTrace(new StackTraceElement[] {new StackTraceElement("org.example.Library", "call", null, 1)});
        return t;
    }
}
