package org.sealing.register;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One sealing order as the register holds it, its identifiers normalised.
 *
 * <p>It carries personal data, so {@link #toString()} names the order and nothing else: an order
 * that reaches a log line or an exception message by accident must not take a name with it.
 * An {@code UNSEAL} line may leave the case fields empty; such an order is {@link #partial()} until
 * it is completed from the register's copy of the order it reverses.
 */
public record SealingOrder(
        String orderId,
        OrderType orderType,
        String docketNumber,
        String arrestNumber,
        String nysid,
        String lastName,
        String firstName,
        LocalDate dateOfBirth,
        LocalDate arrestDate,
        Disposition disposition,
        LocalDate dispositionDate,
        String statute,
        LocalDate effectiveDate) {

    /** Whether a case field that the register requires is missing (only an UNSEAL line may do that). */
    public boolean partial() {
        return arrestNumber == null || arrestDate == null || disposition == null || dispositionDate == null
                || statute == null;
    }

    /** This order with each missing field taken from the register's order of the same id. */
    public SealingOrder completedFrom(SealingOrder stored) {
        return new SealingOrder(orderId, orderType,
                docketNumber != null ? docketNumber : stored.docketNumber,
                arrestNumber != null ? arrestNumber : stored.arrestNumber,
                nysid != null ? nysid : stored.nysid,
                lastName != null ? lastName : stored.lastName,
                firstName != null ? firstName : stored.firstName,
                dateOfBirth != null ? dateOfBirth : stored.dateOfBirth,
                arrestDate != null ? arrestDate : stored.arrestDate,
                disposition != null ? disposition : stored.disposition,
                dispositionDate != null ? dispositionDate : stored.dispositionDate,
                statute != null ? statute : stored.statute,
                effectiveDate != null ? effectiveDate : stored.effectiveDate);
    }

    /** Whether the other order says exactly the same as this one. */
    public boolean sameContent(SealingOrder other) {
        return other != null && equals(other);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealingOrder other
                && Objects.equals(orderId, other.orderId)
                && orderType == other.orderType
                && Objects.equals(docketNumber, other.docketNumber)
                && Objects.equals(arrestNumber, other.arrestNumber)
                && Objects.equals(nysid, other.nysid)
                && Objects.equals(lastName, other.lastName)
                && Objects.equals(firstName, other.firstName)
                && Objects.equals(dateOfBirth, other.dateOfBirth)
                && Objects.equals(arrestDate, other.arrestDate)
                && disposition == other.disposition
                && Objects.equals(dispositionDate, other.dispositionDate)
                && Objects.equals(statute, other.statute)
                && Objects.equals(effectiveDate, other.effectiveDate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(orderId, orderType, arrestNumber, arrestDate);
    }

    @Override
    public String toString() {
        return "SealingOrder[orderId=" + orderId + ", type=" + orderType + "]";
    }
}
