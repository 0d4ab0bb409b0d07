package org.sealing.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.env.MockEnvironment;

import org.sealing.catalog.TargetDefinition;
import org.sealing.catalog.TargetDefinitionLoader;

/**
 * The built-in New York policy statute by statute and kind by kind, {@code jobs/policy.yml} as a user
 * writes it, every mistake in it reported with its file and key, and {@code holds} in target files.
 */
class PolicyLoaderTests {

    @TempDir
    Path config;

    private final PolicyLoader loader = new PolicyLoader();

    private static final String VALID = """
            kinds: [photographs, prints, records, court-records]
            statutes:
              "160.50": { photographs: destroy, prints: destroy, records: seal, court-records: seal }
              "160.55": { photographs: destroy, prints: destroy, records: seal, court-records: none }
              "160.57": { photographs: seal, prints: seal, records: seal, court-records: seal }
              "160.58": { photographs: seal, prints: seal, records: seal, court-records: seal }
              "160.59": { photographs: seal, prints: seal, records: seal, court-records: seal }
            """;

    @ParameterizedTest
    @CsvSource({
        "160.50, photographs, DESTROY", "160.50, prints, DESTROY", "160.50, records, SEAL",
        "160.55, photographs, DESTROY", "160.55, prints, DESTROY", "160.55, records, SEAL",
        "160.57, photographs, SEAL", "160.57, prints, SEAL", "160.57, records, SEAL",
        "160.58, photographs, SEAL", "160.58, prints, SEAL", "160.58, records, SEAL",
        "160.59, photographs, SEAL", "160.59, prints, SEAL", "160.59, records, SEAL"})
    void theBuiltInNewYorkPolicyDestroysImagesOnlyUnder16050And16055(String statute, String kind, Outcome outcome) {
        assertThat(Policy.NEW_YORK.outcome(statute, kind)).isEqualTo(outcome);
    }

    @Test
    void withoutAFileTheBuiltInPolicyAppliesAndNoStatuteLeavesAKindAsItIs() {
        Policy policy = loader.load(config);

        assertThat(policy).isSameAs(Policy.NEW_YORK);
        assertThat(policy.builtIn()).isTrue();
        assertThat(policy.source()).isEqualTo("built-in");
        assertThat(policy.kinds()).containsExactly("photographs", "prints", "records");
        for (String kind : policy.kinds()) {
            assertThat(policy.changing(kind)).containsExactly("160.50", "160.55", "160.57", "160.58", "160.59");
        }
    }

    @Test
    void aFileReplacesTheBuiltInPolicyWithItsOwnKinds() throws Exception {
        Files.writeString(config.resolve("policy.yml"), VALID);

        Policy policy = loader.load(config);

        assertThat(policy.builtIn()).isFalse();
        assertThat(policy.source()).isEqualTo(config.resolve("policy.yml").toString());
        assertThat(policy.kinds()).containsExactly("photographs", "prints", "records", "court-records");
        assertThat(policy.outcome("160.55", "court-records")).isEqualTo(Outcome.NONE);
        assertThat(policy.outcome("160.50", "court-records")).isEqualTo(Outcome.SEAL);
        assertThat(policy.changing("court-records")).containsExactly("160.50", "160.57", "160.58", "160.59");
        assertThat(policy.line("court-records"))
                .isEqualTo("160.50 seal, 160.55 none, 160.57 seal, 160.58 seal, 160.59 seal");
        // a run records the text, and its restart reads the same policy from it
        assertThat(loader.parse(config.resolve("policy.yml"), policy.text())).isEqualTo(policy);
        assertThat(loader.parse(config.resolve("policy.yml"), null)).isSameAs(Policy.NEW_YORK);
        assertThat(policy.sha256()).hasSize(64).isNotEqualTo(Policy.NEW_YORK.sha256());
    }

    @Test
    void everyMistakeIsReportedWithItsFileAndKey() throws Exception {
        String file = config.resolve("policy.yml").toString();
        assertThat(problems("""
                kinds: [photographs, prints, records, Court Records, prints]
                extra: 1
                statutes:
                  160.50: { photographs: destroy, prints: destroy, records: seal }
                  "160.51": { photographs: destroy }
                  "160.55": { photographs: burn, prints: destroy, records: seal, faxes: none }
                  "160.57": seal
                  "160.58": { photographs: seal, records: [seal] }
                """)).containsExactly(
                file + ": extra: unknown key; expected one of [kinds, statutes]",
                file + ": kinds[3]: 'Court Records' is not a kind: use lower-case letters, digits and '-',"
                        + " starting with a letter",
                file + ": kinds[4]: 'prints' is listed twice",
                file + ": statutes.160.5: a statute must be quoted (\"160.50\"): unquoted it reads as a number",
                file + ": statutes.160.51: '160.51' is not a statute of the feed [160.50, 160.55, 160.57, 160.58,"
                        + " 160.59]",
                file + ": statutes.160.55.photographs: 'burn' is not an outcome (destroy, seal, none)",
                file + ": statutes.160.55.faxes: 'faxes' is not one of the kinds [photographs, prints, records]",
                file + ": statutes.160.57: must be a mapping of keys to values",
                file + ": statutes.160.58.records: must be a single value",
                file + ": statutes.160.58: no outcome for kind prints; every kind needs one (destroy, seal, none)",
                file + ": statutes: no outcomes for statute 160.50; every statute the feed accepts needs one"
                        + " [160.50, 160.55, 160.57, 160.58, 160.59]",
                file + ": statutes: no outcomes for statute 160.59; every statute the feed accepts needs one"
                        + " [160.50, 160.55, 160.57, 160.58, 160.59]");
    }

    @Test
    void theKindsAndStatutesAreRequiredAndRecordsIsAlwaysAKind() throws Exception {
        String file = config.resolve("policy.yml").toString();
        assertThat(problems("statutes: {}\n")).contains(file + ": kinds: is required");
        assertThat(problems("kinds: photographs\nstatutes: {}\n")).contains(
                file + ": kinds: must be a list of kinds of record");
        assertThat(problems("kinds: [records]\n")).containsExactly(file + ": statutes: is required");
        assertThat(problems("kinds: [records]\nstatutes: [160.50]\n")).containsExactly(
                file + ": statutes: must be a mapping of statute to its outcomes");
        assertThat(problems("kinds: [photographs]\nstatutes: {}\n")).first().isEqualTo(
                file + ": kinds: must include records, what a table without holds holds");
        assertThat(problems("kinds: [records\n")).singleElement().asString().startsWith(file + ": not valid YAML: ");
        assertThat(problems("- records\n")).containsExactly(file + ": must be a mapping of keys to values");
        Files.write(config.resolve("policy.yml"), new byte[] {(byte) 0xff, (byte) 0xfe, 'k'});
        assertThat(loader.read(config).problems()).singleElement().asString().isEqualTo(file + ": not UTF-8 text");
    }

    @Test
    void aBrokenPolicyRefusesToLoadListingEveryProblem() throws Exception {
        Files.writeString(config.resolve("policy.yml"), VALID.replace("court-records: none", "court-records: keep"));

        assertThatThrownBy(() -> loader.load(config)).isInstanceOf(PolicyException.class)
                .hasMessage("the policy has 1 problem:\n  " + config.resolve("policy.yml")
                        + ": statutes.160.55.court-records: 'keep' is not an outcome (destroy, seal, none)");
    }

    @Test
    void holdsNamesAKindOfThePolicyInUseAndDefaultsToRecords() throws Exception {
        Files.createDirectories(config.resolve("targets"));
        Path file = config.resolve("targets/t.yml");
        Files.writeString(file, """
                name: t
                connection: { url: "jdbc:postgresql://db/t" }
                tables:
                  - { table: arrest, key: id, match: { arrest_number: no }, action: mask, mask: { name: redact } }
                  - { table: photo, key: id, match: { via: arrest }, action: purge, holds: photographs }
                  - { table: doc, key: id, match: { via: arrest }, action: purge, holds: court-records }
                """);
        TargetDefinitionLoader targets = new TargetDefinitionLoader(new MockEnvironment());

        TargetDefinitionLoader.Loaded builtIn = targets.read(config, Policy.NEW_YORK.kinds());
        Files.writeString(config.resolve("policy.yml"), VALID);
        List<TargetDefinition> own = targets.load(config, loader.load(config).kinds());

        assertThat(builtIn.problems()).map(Object::toString).containsExactly(file + ": tables[2].holds: 'court-records'"
                + " is not a kind of record the policy knows [photographs, prints, records]");
        assertThat(own.get(0).tables()).map(r -> Map.entry(r.table().toString(), r.holds())).containsExactly(
                Map.entry("arrest", "records"), Map.entry("photo", "photographs"), Map.entry("doc", "court-records"));
    }

    private List<String> problems(String yaml) throws Exception {
        Files.writeString(config.resolve("policy.yml"), yaml);
        PolicyLoader.Loaded loaded = loader.read(config);
        assertThat(loaded.policy()).isNull();
        return loaded.problems().stream().map(Object::toString).toList();
    }
}
