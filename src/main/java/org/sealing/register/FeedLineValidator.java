package org.sealing.register;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Applies the rules of SPEC section 5 to one feed record: normalises identifiers, parses dates and
 * codes, and names the first rule a line breaks. It needs nothing but the line and today's date, so
 * the rules that need the register (duplicates, UNSEAL of an unknown order) live in the writer.
 */
public class FeedLineValidator implements ItemProcessor<FeedRecord, FeedLine> {

    /** The statutes a feed line may name, in order (the policy gives each an outcome). */
    public static final java.util.List<String> STATUTES = java.util.List.of("160.50", "160.55", "160.57", "160.58",
            "160.59");

    private static final FeedColumn[] CASE_FIELDS = {FeedColumn.ARREST_NUMBER, FeedColumn.ARREST_DATE,
        FeedColumn.DISPOSITION, FeedColumn.DISPOSITION_DATE, FeedColumn.STATUTE};

    private static final Pattern ISO_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private final Clock clock;

    public FeedLineValidator(Clock clock) {
        this.clock = clock;
    }

    @Override
    public FeedLine process(FeedRecord record) {
        if (record.problem() != null) {
            return FeedLine.rejected(record, record.problem());
        }
        try {
            return FeedLine.valid(record, validate(record));
        } catch (Rejection r) {
            return FeedLine.rejected(record, r.reason);
        }
    }

    /**
     * The first column whose value is longer than it may be, or null. Blanks around a value do not
     * count, as they are not kept.
     */
    static FeedColumn firstTooLong(String[] fields) {
        for (FeedColumn column : FeedColumn.values()) {
            String value = fields[column.ordinal()];
            if (value != null && value.length() > column.maxLength()) {
                String stripped = value.strip();
                if (stripped.codePointCount(0, stripped.length()) > column.maxLength()) {
                    return column;
                }
            }
        }
        return null;
    }

    private SealingOrder validate(FeedRecord record) {
        if (firstTooLong(record.fields()) != null) {
            throw new Rejection(RejectReason.FIELD_TOO_LONG);
        }
        String orderId = text(record, FeedColumn.ORDER_ID);
        String typeText = text(record, FeedColumn.ORDER_TYPE);
        if (orderId == null || typeText == null) {
            throw new Rejection(RejectReason.MISSING_FIELD);
        }
        OrderType type = parse(OrderType.class, typeText, RejectReason.UNKNOWN_ORDER_TYPE);
        // an UNSEAL line only has to name the order it reverses; the writer completes it from the register
        if (type == OrderType.SEAL) {
            for (FeedColumn column : CASE_FIELDS) {
                if (text(record, column) == null) {
                    throw new Rejection(RejectReason.MISSING_FIELD);
                }
            }
        }
        String arrestNumber = identifier(record, FeedColumn.ARREST_NUMBER, Identifiers.ARREST_NUMBER,
                RejectReason.BAD_ARREST_NUMBER);
        String nysid = identifier(record, FeedColumn.NYSID, Identifiers.NYSID, RejectReason.BAD_NYSID);
        LocalDate today = LocalDate.now(clock);
        LocalDate dateOfBirth = date(record, FeedColumn.DATE_OF_BIRTH);
        LocalDate arrestDate = date(record, FeedColumn.ARREST_DATE);
        LocalDate dispositionDate = date(record, FeedColumn.DISPOSITION_DATE);
        LocalDate effectiveDate = date(record, FeedColumn.EFFECTIVE_DATE);
        if (isAfter(arrestDate, today) || isAfter(dispositionDate, today) || isAfter(dateOfBirth, today)) {
            throw new Rejection(RejectReason.FUTURE_DATE);
        }
        if (arrestDate != null && dispositionDate != null && dispositionDate.isBefore(arrestDate)) {
            throw new Rejection(RejectReason.DATE_ORDER);
        }
        String dispositionText = text(record, FeedColumn.DISPOSITION);
        Disposition disposition = dispositionText == null ? null
                : parse(Disposition.class, dispositionText, RejectReason.UNKNOWN_DISPOSITION);
        String statute = text(record, FeedColumn.STATUTE);
        if (statute != null && !STATUTES.contains(statute)) {
            throw new Rejection(RejectReason.UNKNOWN_STATUTE);
        }
        return new SealingOrder(orderId, type, text(record, FeedColumn.DOCKET_NUMBER), arrestNumber, nysid,
                text(record, FeedColumn.LAST_NAME), text(record, FeedColumn.FIRST_NAME), dateOfBirth, arrestDate,
                disposition, dispositionDate, statute, effectiveDate);
    }

    private static String text(FeedRecord record, FeedColumn column) {
        String value = record.field(column);
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        return stripped.isEmpty() ? null : stripped;
    }

    private static String identifier(FeedRecord record, FeedColumn column, Pattern pattern,
            RejectReason reason) {
        String raw = text(record, column);
        if (raw == null) {
            return null;
        }
        String normalised = Identifiers.normalise(raw);
        if (!pattern.matcher(normalised).matches()) {
            throw new Rejection(reason);
        }
        return normalised;
    }

    private static LocalDate date(FeedRecord record, FeedColumn column) {
        String raw = text(record, column);
        if (raw == null) {
            return null;
        }
        // ISO only: 2021-03-04, never 03/04/2021, whose day and month nobody can tell apart; and a year
        // of four digits: a signed or longer one (+12345, -0001) is a typo, and some (+999999999) the
        // register's date type could not even hold
        if (!ISO_DATE.matcher(raw).matches()) {
            throw new Rejection(RejectReason.BAD_DATE);
        }
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw new Rejection(RejectReason.BAD_DATE);
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String raw, RejectReason reason) {
        try {
            return Enum.valueOf(type, raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Rejection(reason);
        }
    }

    private static boolean isAfter(LocalDate date, LocalDate today) {
        return date != null && date.isAfter(today);
    }

    /** A broken rule; carries no stack because it is an answer, not a fault. */
    private static final class Rejection extends RuntimeException {
        private final RejectReason reason;

        Rejection(RejectReason reason) {
            super(reason.name(), null, false, false);
            this.reason = reason;
        }
    }
}
