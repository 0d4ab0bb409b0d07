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

    @Test
    void anOrderIdOver64CharactersOrAnotherFieldOver256IsTooLong() {
        String[] ok = line("Q12345678", "", "2020-01-01", "2020-02-01");
        ok[0] = "O-" + "1".repeat(62);
        ok[5] = "\uD83D\uDE00".repeat(256);
        assertThat(validate(ok).reason()).as("characters, not UTF-16 units or bytes").isNull();

        String[] longId = line("Q12345678", "", "2020-01-01", "2020-02-01");
        longId[0] = "O-" + "1".repeat(63);
        assertThat(validate(longId).reason()).isEqualTo(RejectReason.FIELD_TOO_LONG);
        assertThat(validate(longId).orderId()).isEqualTo("O-" + "1".repeat(62) + "…(65 characters)");

        String[] longName = line("Q12345678", "", "2020-01-01", "2020-02-01");
        longName[6] = "J".repeat(257);
        assertThat(validate(longName).reason()).isEqualTo(RejectReason.FIELD_TOO_LONG);

        String[] padded = line("Q12345678", "", "2020-01-01", "2020-02-01");
        padded[2] = "   " + "D".repeat(256) + "   ";
        assertThat(validate(padded).reason()).as("blanks around a value are not kept").isNull();
    }

    @Test
    void aDateTheRegisterCannotHoldIsBad() {
        String[] line = line("Q12345678", "", "2020-01-01", "2020-02-01");
        for (String bad : new String[] {"+12345-01-01", "-0001-01-01", "+2020-01-01", "2020-1-01", "\u0662020-01-01"}) {
            line[12] = bad;
            assertThat(validate(line).reason()).as(bad).isEqualTo(RejectReason.BAD_DATE);
        }
        line[12] = "9999-12-31";
        assertThat(validate(line).reason()).isNull();
    }
}
