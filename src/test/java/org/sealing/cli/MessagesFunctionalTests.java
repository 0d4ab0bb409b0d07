package org.sealing.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.SealctlProcess;
import org.sealing.support.TestControlDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expected failures as an operator meets them (SPEC section 3): a target that cannot be reached, a
 * user without a privilege, a definition that does not fit its database, an execution that does not
 * exist, a wrong setting, a usage error, a control database that cannot be reached. Each prints one
 * line on stderr that says what to do, with no stack trace and no Java class name (with
 * {@code --json}, also the error object on stdout), and exits with the SPEC's code.
 */
class MessagesFunctionalTests extends FunctionalTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Path targets;

    @BeforeEach
    void clean() throws IOException {
        resetControlDatabase();
        targets = emptyTargetsDirectory();
    }

    @AfterEach
    void noChildLeft() {
        SealctlProcess.killAll();
    }

    @Test
    void aTargetThatCannotBeReachedFailsInOneLineThatSaysWhereAndHowToResume() throws Exception {
        int port = closedPort();
        writeTarget("down", "jdbc:postgresql://127.0.0.1:" + port + "/records", "sealing", "secret", "records.arrest");

        CliResult run = sealctl("run", "remediate", "--target", "down");
        CliResult json = sealctl("run", "remediate", "--target", "down", "--json");

        assertThat(run.exitCode()).isEqualTo(1);
        assertOneClearLine(run.err()).startsWith("sealctl: remediate execution ")
                .contains("failed: step plan-restores.down: cannot reach", "127.0.0.1:" + port, "sealctl restart");
        assertThat(json.exitCode()).isEqualTo(1);
        assertOneClearLine(json.err());
        JsonNode result = onlyJsonObject(json.out());
        assertThat(result.get("exitCode").asInt()).isEqualTo(1);
        assertThat(result.get("error").asString()).contains("cannot reach", "127.0.0.1:" + port);
        assertThat(result.get("reason").asString()).doesNotContain("$", "org.", "Exception");

        // and status tells the same, from what Spring Batch stored (a stack trace) and what the run recorded
        CliResult status = sealctl("status", result.get("executionId").asString());
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("step plan-restores.down: cannot reach", "target down: FAILED")
                .doesNotContain("$", "org.", "Exception", "\tat ");
    }

    @Test
    void aDefinitionThatDoesNotFitItsDatabaseFailsAloneInOneLine() throws Exception {
        TestControlDatabase.Database db = targetDatabase();
        writeTarget("fits", db.url(), db.user(), db.password(), "records.arrest");
        writeTarget("misfit", db.url(), db.user(), db.password(), "records.no_such_table");

        CliResult run = sealctl("run", "remediate", "--json");

        assertThat(run.exitCode()).isEqualTo(1);
        assertOneClearLine(run.err()).contains("step plan-restores.misfit: its definition does not fit its database",
                "no table records.no_such_table", "sealctl targets check");
        JsonNode result = onlyJsonObject(run.out());
        assertThat(result.get("targetsVerified").asInt()).isEqualTo(1);
        assertThat(result.get("targetsFailed").asInt()).isEqualTo(1);
    }

    @Test
    void aUserWithoutThePrivilegeToChangeATableIsToldWhichInOneLine() throws Exception {
        TestControlDatabase.Database db = targetDatabase();
        String role = "sealing_reader_" + ProcessHandle.current().pid();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement()) {
            s.execute("drop role if exists " + role);
            s.execute("create role " + role + " login password 'reader-pw'");
            s.execute("grant usage on schema records to " + role);
            s.execute("grant select on records.arrest to " + role);
        }
        writeTarget("readonly", db.url(), role, "reader-pw", "records.arrest");

        CliResult run = sealctl("run", "remediate");

        assertThat(run.exitCode()).isEqualTo(1);
        assertOneClearLine(run.err()).contains("step plan-restores.readonly:", "may not DELETE from records.arrest");
    }

    @Test
    void anExecutionThatDoesNotExistIsAUsageErrorInOneLine() throws Exception {
        for (String command : List.of("restart", "stop", "status")) {
            CliResult result = sealctl(command, "987654321");
            assertThat(result.exitCode()).as(command).isEqualTo(2);
            assertOneClearLine(result.err()).as(command).isEqualTo("sealctl: no execution 987654321");
        }
        CliResult json = sealctl("restart", "987654321", "--json");
        assertThat(json.exitCode()).isEqualTo(2);
        assertThat(json.out()).isEqualTo("{\"error\":\"no execution 987654321\",\"exitCode\":2}\n");
    }

    @Test
    void usageErrorsWithJsonPrintTheErrorObjectWhereverJsonStands() throws Exception {
        List<List<String>> lines = List.of(List.of("status", "--json", "--bogus"), List.of("--json", "run"),
                List.of("restart", "abc", "--json"), List.of("--json", "status", "--limit", "many"),
                List.of("run", "nightly", "--limit", "0", "--json"), List.of("--json"));
        for (List<String> line : lines) {
            CliResult result = sealctl(line.toArray(new String[0]));
            assertThat(result.exitCode()).as(line.toString()).isEqualTo(2);
            JsonNode error = onlyJsonObject(result.out());
            assertThat(error.get("exitCode").asInt()).as(line.toString()).isEqualTo(2);
            assertThat(error.get("error").asString()).as(line.toString()).contains("--help");
            assertOneClearLine(result.err()).as(line.toString()).doesNotContain("Usage:");
        }
        CliResult text = sealctl("status", "--limit", "many");
        assertThat(text.exitCode()).isEqualTo(2);
        assertThat(text.out()).isEmpty();
        assertOneClearLine(text.err()).isEqualTo("sealctl: --limit must be a whole number of 1 or more (how many"
                + " executions to show), not 'many'; see sealctl status --help");
        // a number picocli reads itself says so in the same way
        CliResult restart = sealctl("restart", "many");
        assertThat(restart.exitCode()).isEqualTo(2);
        assertOneClearLine(restart.err()).startsWith("sealctl: ").contains("'many' is not a whole number")
                .endsWith("; see sealctl restart --help");
    }

    @Test
    void aWrongSettingOrAnUnreachableControlDatabaseStopsTheCommandInOneLine() throws Exception {
        Path home = Files.createDirectories(workDir.resolve("messages-settings"));
        Map<String, String> env = SealctlProcess.controlEnv(controlUrl(), controlUser(), controlPassword());

        env.put("SEALING_REMEDIATION_CHUNKSIZE", "0");
        SealctlProcess zero = SealctlProcess.start(home, env, "run", "remediate");
        env.put("SEALING_REMEDIATION_CHUNKSIZE", "abc");
        SealctlProcess word = SealctlProcess.start(home, env, "status", "--json");
        env.remove("SEALING_REMEDIATION_CHUNKSIZE");
        env.put("SEALING_CONTROL_URL", "jdbc:postgresql://127.0.0.1:" + closedPort() + "/sealing");
        SealctlProcess down = SealctlProcess.start(home, env, "status");

        assertThat(zero.waitFor(120)).isEqualTo(2);
        assertOneClearLine(zero.err()).isEqualTo("sealctl: SEALING_REMEDIATION_CHUNKSIZE must be a whole number from 1"
                + " to 1000000, not 0");
        assertThat(word.waitFor(120)).isEqualTo(2);
        assertOneClearLine(word.err());
        assertThat(word.out()).isEqualTo("{\"error\":\"SEALING_REMEDIATION_CHUNKSIZE must be a whole number, not"
                + " 'abc'\",\"exitCode\":2}\n");
        assertThat(down.waitFor(120)).isEqualTo(2);
        assertOneClearLine(down.err()).startsWith("sealctl: cannot use the control database: Connection to 127.0.0.1:")
                .contains("SEALING_CONTROL_URL");
    }

    @Test
    void theLogOfARunWhoseTargetIsDownHoldsItsReasonAndNoStackTrace() throws Exception {
        int port = closedPort();
        writeTarget("down", "jdbc:postgresql://127.0.0.1:" + port + "/records", "sealing", "secret", "records.arrest");
        Path home = Files.createDirectories(workDir.resolve("messages-log"));

        SealctlProcess run = SealctlProcess.start(home,
                SealctlProcess.controlEnv(controlUrl(), controlUser(), controlPassword()), "run", "remediate",
                "--config", properties().configDir().toString());

        assertThat(run.waitFor(300)).as(run.err()).isEqualTo(1);
        String err = run.err();
        assertThat(err).doesNotContain("Exception", "org.", "$", "Unable to process chunk",
                "Encountered an error executing step").doesNotContainPattern("(?m)^\\s+at ");
        assertThat(err.lines().filter(l -> l.startsWith("sealctl: "))).singleElement().asString()
                .contains("step plan-restores.down: cannot reach", "127.0.0.1:" + port);
        assertThat(err).contains("target down failed in plan-restores.down: cannot reach");
    }

    /** Exactly one line, free of stack traces and class names; then what it says. */
    private static AbstractStringAssert<?> assertOneClearLine(String err) {
        List<String> lines = err.lines().toList();
        assertThat(lines).as(err).hasSize(1);
        assertThat(err).doesNotContain("Exception", "org.", "$", "Unable to process chunk")
                .doesNotContainPattern("(?m)^\\s+at ");
        return assertThat(lines.get(0));
    }

    private static JsonNode onlyJsonObject(String out) {
        assertThat(out.lines().toList()).as(out).hasSize(1);
        JsonNode node = JSON.readTree(out);
        assertThat(node.isObject()).as(out).isTrue();
        return node;
    }

    /** A database with one table that a target file can point at. */
    private static TestControlDatabase.Database targetDatabase() throws Exception {
        TestControlDatabase.Database db = TestControlDatabase.create();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement()) {
            s.execute("create schema records");
            s.execute("create table records.arrest (arrest_id int primary key, arrest_no text not null)");
        }
        return db;
    }

    private void writeTarget(String name, String url, String user, String password, String table) throws IOException {
        Files.writeString(targets.resolve(name + ".yml"), """
                name: %s
                connection:
                  url: %s
                  username: %s
                  password: "%s"
                tables:
                  - table: %s
                    key: [arrest_id]
                    match: { arrest_number: arrest_no }
                    action: purge
                """.formatted(name, url, user == null ? "" : user, password == null ? "" : password, table));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
