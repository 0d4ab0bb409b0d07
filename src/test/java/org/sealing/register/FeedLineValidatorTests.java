package org.sealing.register;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules of a feed line on their own, with a fixed "today" in New York. */
class FeedLineValidatorTests {

    // 2026-03-01 02:00 UTC is still February 28 in New York
    private final FeedLineValidator validator = new FeedLineValidator(
            Clock.fixed(Instant.parse("2026-03-01T02:00:00Z"), ZoneId.of("America/New_York")));

    private FeedLine validate(String... fields) {
        String[] byColumn = new String[FeedColumn.values().length];
        System.arraycopy(fields, 0, byColumn, 0, fields.length);
        return validator.process(FeedRecord.of(1, 2, byColumn));
    }

    private static String[] line(String arrest, String nysid, String arrestDate, String dispositionDate) {
        return new String[] {"O-1", "SEAL", "DK-1", arrest, nysid, "Doe", "Jane", "1980-02-03", arrestDate, "DISMISSED",
            dispositionDate, "160.50", ""};
    }

    @Test
    void identifiersAreNormalisedToUpperCaseWithoutSeparators() {
        FeedLine line = validate(line(" q-1234 5678 ", "1234 5678 a", "2020-01-01", "2020-02-01"));

        assertThat(line.reason()).isNull();
        assertThat(line.order().arrestNumber()).isEqualTo("Q12345678");
        assertThat(line.order().nysid()).isEqualTo("12345678A");
    }

    @Test
    void todayIsTheCourtsDayInNewYork() {
        assertThat(validate(line("Q12345678", "", "2026-02-28", "2026-02-28")).reason()).isNull();
        assertThat(validate(line("Q12345678", "", "2026-03-01", "2026-03-01")).reason())
                .isEqualTo(RejectReason.FUTURE_DATE);
    }

    @Test
    void aDispositionOnTheArrestDayIsInOrderAndOneBeforeItIsNot() {
        assertThat(validate(line("Q12345678", "", "2020-01-01", "2020-01-01")).reason()).isNull();
        assertThat(validate(line("Q12345678", "", "2020-01-02", "2020-01-01")).reason())
                .isEqualTo(RejectReason.DATE_ORDER);
    }

    @Test
    void anUnsealMayNameOnlyTheOrderButWhatItGivesMustBeValid() {
        FeedLine bare = validate("O-1", "unseal");
        assertThat(bare.reason()).isNull();
        assertThat(bare.order().partial()).isTrue();
        assertThat(bare.order().orderType()).isEqualTo(OrderType.UNSEAL);

        assertThat(validate("O-1", "UNSEAL", "", "Q1").reason()).isEqualTo(RejectReason.BAD_ARREST_NUMBER);
        assertThat(validate("O-1", "SEAL").reason()).isEqualTo(RejectReason.MISSING_FIELD);
    }

    @Test
    void theStoredOrderNamesNoPersonWhenPrinted() {
        FeedLine line = validate(line("Q12345678", "12345678A", "2020-01-01", "2020-02-01"));

        assertThat(line.order().toString()).doesNotContain("Doe", "Jane", "1980", "Q12345678", "12345678A", "DK-1");
        assertThat(line.order().effectiveDate()).isNull();
        assertThat(line.order().dispositionDate()).isEqualTo(LocalDate.of(2020, 2, 1));
    }
}
