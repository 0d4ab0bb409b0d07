package org.sealing.targetdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Identifiers are always quoted and texts always escape-string literals, whatever they hold. */
class SqlTests {

    @Test
    void anIdentifierIsQuotedAsTheCatalogSpellsIt() {
        assertThat(Sql.quote("arrest")).isEqualTo("\"arrest\"");
        assertThat(Sql.quote("ArrestNo")).isEqualTo("\"ArrestNo\"");
        assertThat(Sql.quote("select")).isEqualTo("\"select\"");
        assertThat(Sql.quote("user")).isEqualTo("\"user\"");
        assertThat(Sql.quote("col$1")).isEqualTo("\"col$1\"");
        assertThat(Sql.quote("no; drop table x")).isEqualTo("\"no; drop table x\"");
    }

    @Test
    void aQuoteInsideAnIdentifierIsDoubled() {
        assertThat(Sql.quote("we\"ird")).isEqualTo("\"we\"\"ird\"");
        assertThat(Sql.quote("\"")).isEqualTo("\"\"\"\"");
    }

    @Test
    void aSchemaQualifiedNameQuotesEachPart() {
        assertThat(Sql.qualified("booking", "Arrest")).isEqualTo("\"booking\".\"Arrest\"");
        assertThat(Sql.qualified("public", "order")).isEqualTo("\"public\".\"order\"");
        assertThat(Sql.qualified("my.schema", "t")).isEqualTo("\"my.schema\".\"t\"");
    }

    @Test
    void whatCannotBeAnIdentifierIsRefused() {
        assertThatThrownBy(() -> Sql.quote(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an identifier");
        assertThatThrownBy(() -> Sql.quote("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sql.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sql.qualified(null, "t")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTextIsAnEscapeStringLiteralWithQuotesAndBackslashesDoubled() {
        assertThat(Sql.literal("SEALED")).isEqualTo("E'SEALED'");
        assertThat(Sql.literal("O'Brien")).isEqualTo("E'O''Brien'");
        assertThat(Sql.literal("C:\\sealed")).isEqualTo("E'C:\\\\sealed'");
        assertThat(Sql.literal("\\'; drop table arrest; --")).isEqualTo("E'\\\\''; drop table arrest; --'");
        assertThat(Sql.literal("")).isEqualTo("E''");
        assertThat(Sql.literal("0")).isEqualTo("E'0'");
        assertThat(Sql.literal("null")).isEqualTo("E'null'");
    }

    @Test
    void aTextWithANulCharacterIsRefused() {
        assertThatThrownBy(() -> Sql.literal("a\0b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL");
    }
}
