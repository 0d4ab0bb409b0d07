package org.sealing.report;

import java.sql.Timestamp;
import java.time.OffsetDateTime;

import org.springframework.stereotype.Component;

import org.sealing.SealingProperties;

/**
 * Times as the workbook shows them: date cells in the court's zone (so they sort and filter), each
 * saying which zone, in the label beneath a Summary time or the header of a column of times. A zone
 * in the cell's number format would be lost on readers that do not render Excel formats.
 */
@Component
class CourtTime {

    /** The narrowest column of times: room for "yyyy-mm-dd hh:mm:ss". */
    private static final int MIN_WIDTH = 20;
    /** Room in a column's header around the zone's name: "Time (" and ")", and a margin. */
    private static final int HEADER_ROOM = 9;

    private final SealingProperties properties;

    CourtTime(SealingProperties properties) {
        this.properties = properties;
    }

    /** A time as the court reads it: in the court's zone. */
    OffsetDateTime of(Timestamp t) {
        return t == null ? null : t.toInstant().atZone(properties.zone()).toOffsetDateTime();
    }

    /** An instant as the court reads it; null stays null. */
    OffsetDateTime of(java.time.Instant t) {
        return t == null ? null : t.atZone(properties.zone()).toOffsetDateTime();
    }

    OffsetDateTime now() {
        return OffsetDateTime.now(properties.zone());
    }

    String zoneId() {
        return properties.zone().getId();
    }

    /** What a Summary time's note says: "court time: America/New_York, UTC-05:00". */
    String note(OffsetDateTime t) {
        return "court time: " + zoneId() + ", UTC" + t.getOffset().getId().replace("Z", "+00:00");
    }

    /** The header of a column of times: "Time (America/New_York)". */
    String header(String header) {
        return header + " (" + zoneId() + ")";
    }

    /** The width of a column of times, room for its header. */
    int width() {
        return Math.max(MIN_WIDTH, HEADER_ROOM + zoneId().length());
    }
}
