package org.sealing.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/** Target files as users write them, and every kind of mistake, each reported with its file and key. */
class TargetDefinitionLoaderTests {

    @TempDir
    Path config;

    private final MockEnvironment environment = new MockEnvironment().withProperty("OLBS_URL",
            "jdbc:postgresql://db.example:5432/olbs");

    private TargetDefinitionLoader.Loaded read(String file, String yaml) throws Exception {
        Files.createDirectories(config.resolve("targets"));
        Files.writeString(config.resolve("targets").resolve(file), yaml);
        return new TargetDefinitionLoader(environment).read(config);
    }

    private List<String> problems(String yaml) throws Exception {
        return read("t.yml", yaml).problems().stream().map(Object::toString).toList();
    }

    @Test
    void theSpecsExampleReadsWithEveryKindOfMatchAndStrategy() throws Exception {
        TargetDefinitionLoader.Loaded loaded = read("olbs.yml", """
                name: olbs
                description: Online booking system
                connection:
                  url: ${OLBS_URL}
                  username: ${OLBS_USER:sealing}
                  password: ${OLBS_PASSWORD:}
                max-change-ratio: 0.25
                tables:
                  - table: booking.arrest
                    key: [arrest_id]
                    match:
                      arrest_number: arrest_no
                    action: mask
                    mask:
                      defendant_last: null
                      date_of_birth: year-only
                      narrative: redact
                      subject: hash
                      remark: "constant:SEALED: CPL 160.50"
                    sealed-flag: is_sealed
                  - table: booking.arrest_photo
                    key: [photo_id]
                    match:
                      via: booking.arrest
                    action: purge
                  - table: booking.charge
                    key: [arrest_id, charge_seq]
                    match:
                      via: { table: booking.arrest, on: { arrest_id: arrest_id } }
                    action: mask
                    mask: { charge_text: redact }
                  - table: stop
                    key: stop_id
                    match: { nysid: nysid, arrest_date: stopped_at }
                    action: purge
                """);

        assertThat(loaded.problems()).isEmpty();
        TargetDefinition t = loaded.targets().get(0);
        assertThat(t.url()).isEqualTo("jdbc:postgresql://db.example:5432/olbs");
        assertThat(t.username()).isEqualTo("sealing");
        assertThat(t.maxChangeRatio()).isEqualTo(0.25);
        TableRule arrest = t.tables().get(0);
        assertThat(arrest.mask()).containsKeys("defendant_last", "date_of_birth", "narrative", "subject", "remark");
        assertThat(arrest.mask().get("defendant_last").kind()).isEqualTo(MaskStrategy.Kind.NULL);
        assertThat(arrest.mask().get("remark").constant()).isEqualTo("SEALED: CPL 160.50");
        assertThat(arrest.sealedFlag()).isEqualTo("is_sealed");
        assertThat(t.tables().get(1).match()).isEqualTo(new Match.Via(TableName.parse("booking.arrest"), java.util.Map.of()));
        assertThat(((Match.Via) t.tables().get(2).match()).on()).containsEntry("arrest_id", "arrest_id");
        assertThat(t.tables().get(3).key()).containsExactly("stop_id");
        assertThat(((Match.Fields) t.tables().get(3).match()).columns()).containsOnlyKeys(RegisterField.NYSID,
                RegisterField.ARREST_DATE);
    }

    @Test
    void aDefaultMayItselfHoldAVariable() throws Exception {
        environment.setProperty("SEALING_DEMO_JDBC", "jdbc:postgresql://localhost:5432/");
        TargetDefinitionLoader.Loaded loaded = read("x.yml", """
                connection: { url: "${X_URL:${SEALING_DEMO_JDBC}demo_x}" }
                tables:
                  - { table: t, key: [id], match: { docket_number: docket }, action: purge }
                """);
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.targets().get(0).url()).isEqualTo("jdbc:postgresql://localhost:5432/demo_x");
        assertThat(loaded.targets().get(0).name()).isEqualTo("x");
    }

    @Test
    void everyMistakeIsReportedWithItsFileAndKey() throws Exception {
        List<String> problems = problems("""
                name: Bad_Name
                conection: {}
                max-change-ratio: 1.5
                tables:
                  - table: "arrest; drop table arrest"
                    key: [id]
                    match: { arrest_number: no }
                    action: destroy
                  - table: photo
                    key: [id, id]
                    match: { via: nowhere }
                    action: purge
                    mask: { image: blur }
                  - table: stop
                    key: [id]
                    match: { nysid: nysid, colour: c }
                    action: mask
                  - table: note
                    key: [id]
                    match: { arrest_date: day }
                    action: mask
                    mask: { "text; --": redact }
                """);
        String file = config.resolve("targets/t.yml").toString();
        assertThat(problems).allMatch(p -> p.startsWith(file + ": "));
        assertThat(String.join("\n", problems)).contains(
                "name: 'Bad_Name' is not a target name",
                "conection: unknown key",
                "connection: is required",
                "max-change-ratio: '1.5' is not a share of rows",
                "tables[0].table: 'arrest; drop table arrest' is not a table name",
                "tables[0].action: 'destroy' is not an action",
                "tables[1].key: names a column twice",
                "tables[1].mask.image: 'blur' is not a mask strategy",
                "tables[2].match.colour: 'colour' is not a register field",
                "tables[2]: a masked table needs mask columns",
                "tables[3].match: an arrest date alone identifies no arrest",
                "tables[3].mask.text; --: 'text; --' is not a column name");
    }

    @Test
    void aNysidAloneIsRefusedBecauseItNamesAPersonNotAnArrest() throws Exception {
        assertThat(problems("""
                connection: { url: "jdbc:postgresql://h/db" }
                tables:
                  - { table: t, key: [id], match: { nysid: nysid }, action: purge }
                """)).singleElement().asString().contains("tables[0].match: a NYSID names a person");
    }

    @Test
    void anUnsetVariableWithoutDefaultAndACircularViaAreProblems() throws Exception {
        assertThat(String.join("\n", problems("""
                connection: { url: "${NOT_SET_ANYWHERE}" }
                tables:
                  - { table: a, key: [id], match: { via: b }, action: purge }
                  - { table: b, key: [id], match: { via: a }, action: purge }
                  - { table: c, key: [id], match: { via: nowhere }, action: purge }
                """))).contains("tables[2].match.via: table nowhere has no rule in this file",
                "connection.url: variable ${NOT_SET_ANYWHERE} is not set and has no default",
                "tables[0].match.via: the 'via' chain from a goes round in a circle");
    }

    @Test
    void aVariableThatCannotBeExpandedIsAProblemAndABackslashStaysAsWritten() throws Exception {
        assertThat(String.join("\n", problems("""
                connection: { url: "${OLBS_URL", username: "${not a name}", password: "${X:${NOT_SET_EITHER}}" }
                tables:
                  - { table: t, key: [id], match: { docket_number: docket }, action: purge }
                """))).contains("connection.url: unclosed ${ in '${OLBS_URL'",
                "connection.username: 'not a name' is not a variable name",
                "connection.password: variable ${NOT_SET_EITHER} is not set and has no default");

        environment.setProperty("OLBS_PASSWORD", "p\\a$s");
        TargetDefinitionLoader.Loaded loaded = read("t.yml", """
                connection: { url: "${OLBS_URL}", password: 'C:\\${OLBS_PASSWORD}' }
                tables:
                  - { table: t, key: [id], match: { docket_number: docket }, action: purge }
                """);
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.targets().get(0).password()).isEqualTo("C:\\p\\a$s");
    }

    @Test
    void aValueFromTheEnvironmentIsUsedAsWrittenEvenWhenItHoldsAPlaceholder() throws Exception {
        // a password may hold "${" or "${NAME}": it is a value, never a file's text to expand again
        environment.setProperty("OTHER", "the other variable's value");
        environment.setProperty("SEALING_DEMO_PASSWORD", "Xy${9");
        environment.setProperty("OLBS_USER", "u${OTHER}v");
        TargetDefinitionLoader.Loaded loaded = read("t.yml", """
                connection: { url: "${OLBS_URL}", username: "${OLBS_USER}", password: "${OLBS_PASSWORD:${SEALING_DEMO_PASSWORD}}" }
                tables:
                  - { table: t, key: [id], match: { docket_number: docket }, action: purge }
                """);
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.targets().get(0).password()).isEqualTo("Xy${9");
        assertThat(loaded.targets().get(0).username()).isEqualTo("u${OTHER}v");
    }

    @Test
    void loadThrowsWithEveryProblemListed() throws Exception {
        read("a.yml", "tables: []\n");
        Files.writeString(config.resolve("targets/b.yml"), "{ not yaml");
        assertThatThrownBy(() -> new TargetDefinitionLoader(environment).load(config))
                .isInstanceOf(TargetDefinitionException.class)
                .hasMessageContaining("a.yml: tables: a list of at least one table rule is required")
                .hasMessageContaining("b.yml: not valid YAML");
    }
}
