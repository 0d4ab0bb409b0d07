package org.sealing.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.sealing.support.Feeds;
import org.sealing.support.FunctionalTestSupport;
import org.sealing.support.JsonOutput;
import org.sealing.support.TestControlDatabase;

/**
 * The policy decides each matched row's outcome from its order's statute and what its table holds:
 * under 160.50 and 160.55 photographs are destroyed and records sealed, under Clean Slate (160.57)
 * everything is sealed and nothing destroyed; a policy file's kind that a statute leaves as it is
 * (court records under 160.55) is neither changed nor counted as residual; and a run keeps the
 * policy it started with.
 */
class PolicyFunctionalTests extends FunctionalTestSupport {

    private static final String URL_VARIABLE = "IT_POLICY_URL";

    /** One arrest per statute, and one that is not sealed at all; each with a photograph and a court record. */
    private TestControlDatabase.Database db;

    @BeforeEach
    void world() throws Exception {
        resetControlDatabase();
        Files.deleteIfExists(policyFile());
        db = TestControlDatabase.create();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("""
                    create table arrest (arrest_id int primary key, arrest_no text not null, name text,
                        sealed boolean not null default false);
                    insert into arrest values (1, 'K00000001', 'A ONE', false), (2, 'K00000002', 'B TWO', false),
                        (3, 'K00000003', 'C THREE', false), (4, 'K00000004', 'D FOUR', false);
                    create table photo (photo_id int primary key, arrest_id int not null references arrest);
                    create index on photo (arrest_id);
                    insert into photo values (11, 1), (12, 2), (13, 3), (14, 4);
                    create table court_doc (doc_id int primary key, arrest_id int not null references arrest,
                        body text);
                    create index on court_doc (arrest_id);
                    insert into court_doc values (21, 1, 'docket one'), (22, 2, 'docket two'),
                        (23, 3, 'docket three'), (24, 4, 'docket four');
                    """);
        }
        Path feed = Feeds.write(Files.createDirectories(workDir.resolve("feeds")), "policy.csv",
                Feeds.line("POL-5050", "SEAL", "", "K00000001", "", "", "", "", "2019-05-01", "DISMISSED",
                        "2019-09-01", "160.50", ""),
                Feeds.line("POL-5055", "SEAL", "", "K00000002", "", "", "", "", "2019-05-02", "VIOLATION",
                        "2019-09-02", "160.55", ""),
                Feeds.line("POL-5057", "SEAL", "", "K00000003", "", "", "", "", "2012-05-03", "CLEAN_SLATE",
                        "2023-11-16", "160.57", ""));
        assertThat(sealctl("import", feed.toString()).exitCode()).isZero();
        System.clearProperty(URL_VARIABLE);
    }

    @AfterEach
    void removeFiles() throws Exception {
        // the configuration directory is shared with the other test classes
        emptyTargetsDirectory();
        Files.deleteIfExists(policyFile());
        System.clearProperty(URL_VARIABLE);
    }

    @Test
    void theBuiltInPolicyDestroysPhotographsUnder16050And16055AndSealsEverythingUnderCleanSlate() throws Exception {
        writeTarget("records", "${" + URL_VARIABLE + ":" + db.url() + "}");

        CliResult run = sealctl("run", "remediate", "--json");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        // 3 arrests masked and sealed; 3 photographs purged, 2 destroyed (160.50, 160.55), 1 sealed (160.57)
        JsonOutput.of(run.out()).has("verdict", "COMPLIANT", "matched", 6, "purged", 3, "masked", 3,
                "destroyed", 2, "sealed", 4, "restored", 0, "residual", 0);
        assertThat(db.rows("select arrest_id, name, sealed from arrest")).containsExactly(Map.entry("1", "[SEALED]|t"),
                Map.entry("2", "[SEALED]|t"), Map.entry("3", "[SEALED]|t"), Map.entry("4", "D FOUR|f"));
        assertThat(db.rows("select photo_id, arrest_id from photo")).containsExactly(Map.entry("14", "4"));
        assertThat(plan()).containsExactly(
                Map.entry("arrest/160.50", "SEAL"), Map.entry("arrest/160.55", "SEAL"),
                Map.entry("arrest/160.57", "SEAL"), Map.entry("photo/160.50", "DESTROY"),
                Map.entry("photo/160.55", "DESTROY"), Map.entry("photo/160.57", "SEAL"));
        // each sealed row, and only those, is kept in the vault
        assertThat(jdbc.queryForObject("select count(*) from vault_copy", Long.class)).isEqualTo(4);
        // every change in the audit ledger names its outcome
        assertThat(jdbc.queryForList("select distinct outcome from audit_ledger order by 1", String.class))
                .containsExactly("DESTROY", "SEAL");
        CliResult status = sealctl("status", "--json");
        JsonOutput.of(status.out()).items("executions").get(0).has("destroyed", 2, "sealed", 4, "restored", 0,
                "purged", 3, "masked", 3);

        CliResult check = sealctl("targets", "check", "--json");
        assertThat(check.exitCode()).as(check.out()).isZero();
        JsonOutput.of(check.out()).object("policy").has("source", "built-in");
        CliResult text = sealctl("targets", "check");
        assertThat(text.out()).contains("policy: built-in",
                "photo holds photographs: 160.50 destroy, 160.55 destroy, 160.57 seal, 160.58 seal, 160.59 seal",
                "arrest holds records: 160.50 seal, 160.55 seal, 160.57 seal, 160.58 seal, 160.59 seal");
    }

    @Test
    void courtRecordsThat16055LeavesAsTheyAreAreNeitherChangedNorResidual() throws Exception {
        Files.writeString(policyFile(), COURT_RECORDS_POLICY);
        writeTarget("court-records", db.url());

        CliResult check = sealctl("targets", "check");
        assertThat(check.exitCode()).as(check.out()).isZero();
        assertThat(check.out()).contains("policy: " + policyFile(),
                "court_doc holds court-records: 160.50 seal, 160.55 none, 160.57 seal, 160.58 seal, 160.59 seal");

        CliResult run = sealctl("run", "remediate", "--json");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        // 3 arrests, 3 photographs and 2 court records (not the one of the 160.55 order)
        JsonOutput.of(run.out()).has("verdict", "COMPLIANT", "matched", 8, "purged", 3, "masked", 5,
                "destroyed", 2, "sealed", 6, "residual", 0);
        assertThat(db.rows("select doc_id, body from court_doc")).containsExactly(Map.entry("21", "[SEALED]"),
                Map.entry("22", "docket two"), Map.entry("23", "[SEALED]"), Map.entry("24", "docket four"));
        assertThat(plan()).doesNotContainKey("court_doc/160.55").containsEntry("court_doc/160.50", "SEAL");

        // searched again, the court record of the 160.55 order is still no residual
        CliResult verify = sealctl("run", "verify", "--json");
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        JsonOutput.of(verify.out()).has("verdict", "COMPLIANT", "residual", 0);
        assertThat(db.rows("select doc_id, body from court_doc where doc_id = 22")).containsEntry("22", "docket two");
    }

    @Test
    void aRestartUsesThePolicyTheRunStartedWithAndSaysTheFileChanged() throws Exception {
        Files.writeString(policyFile(), COURT_RECORDS_POLICY);
        writeTarget("court-records", "${" + URL_VARIABLE + ":jdbc:postgresql://127.0.0.1:9/nowhere}");
        CliResult run = sealctl("run", "remediate", "--json");
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        long executionId = JsonOutput.of(run.out()).number("executionId");

        // the policy file is gone: the court_doc rule's kind is unknown to the built-in policy now
        Files.delete(policyFile());
        assertThat(sealctl("targets", "check").exitCode()).isEqualTo(2);
        System.setProperty(URL_VARIABLE, db.url());
        CliResult restart = sealctl("restart", String.valueOf(executionId), "--json");

        assertThat(restart.exitCode()).as(restart.out() + restart.err()).isZero();
        assertThat(restart.err()).contains("the policy changed since the run started");
        JsonOutput.of(restart.out()).has("verdict", "COMPLIANT", "matched", 8, "destroyed", 2, "sealed", 6);
        assertThat(db.rows("select doc_id, body from court_doc where doc_id = 22")).containsEntry("22", "docket two");
    }

    @Test
    void aBrokenPolicyFileIsAnErrorOfTheCheckAndOfTheRunNamingFileAndKey() throws Exception {
        Files.writeString(policyFile(), COURT_RECORDS_POLICY.replace("court-records: none", "court-records: keep"));
        writeTarget("court-records", db.url());

        CliResult check = sealctl("targets", "check", "--json");
        CliResult run = sealctl("run", "remediate", "--json");

        assertThat(check.exitCode()).isEqualTo(2);
        assertThat(check.out()).contains(policyFile() + "\",\"errors\":[\"statutes.160.55.court-records: 'keep'"
                + " is not an outcome (destroy, seal, none)\"]");
        assertThat(run.exitCode()).isEqualTo(2);
        JsonOutput.of(run.out()).has("exitCode", 2);
        assertThat(run.out()).contains("statutes.160.55.court-records");
        assertThat(db.rows("select doc_id, body from court_doc where doc_id = 21")).containsEntry("21", "docket one");
    }

    private static final String COURT_RECORDS_POLICY = """
            kinds: [photographs, prints, records, court-records]
            statutes:
              "160.50": { photographs: destroy, prints: destroy, records: seal, court-records: seal }
              "160.55": { photographs: destroy, prints: destroy, records: seal, court-records: none }
              "160.57": { photographs: seal, prints: seal, records: seal, court-records: seal }
              "160.58": { photographs: seal, prints: seal, records: seal, court-records: seal }
              "160.59": { photographs: seal, prints: seal, records: seal, court-records: seal }
            """;

    /** The target file: arrests (records), their photographs and, when {@code courtRecords} names a kind, court_doc. */
    private void writeTarget(String courtRecords, String url) throws Exception {
        String courtDoc = courtRecords.equals("records") ? "" : """
                  - table: court_doc
                    key: [doc_id]
                    match: { via: arrest }
                    holds: %s
                    action: mask
                    mask: { body: redact }
                """.formatted(courtRecords);
        Files.writeString(emptyTargetsDirectory().resolve("policed.yml"), """
                name: policed
                connection:
                  url: %s
                  username: %s
                  password: "%s"
                tables:
                  - table: arrest
                    key: [arrest_id]
                    match: { arrest_number: arrest_no }
                    action: mask
                    mask: { name: redact }
                    sealed-flag: sealed
                  - table: photo
                    key: [photo_id]
                    match: { via: arrest }
                    holds: photographs
                    action: purge
                """.formatted(url, db.user(), db.password() == null ? "" : db.password()) + courtDoc);
    }

    private Path policyFile() throws Exception {
        return Files.createDirectories(properties().configDir()).resolve("policy.yml");
    }

    /** The plan's outcome of each table and statute ({@code table/statute}: one outcome each). */
    private Map<String, String> plan() {
        Map<String, String> plan = new java.util.TreeMap<>();
        jdbc.query("select distinct table_name || '/' || statute, outcome from remediation_plan", rs -> {
            assertThat(plan.put(rs.getString(1), rs.getString(2))).as("one outcome for %s", rs.getString(1)).isNull();
        });
        return plan;
    }
}
