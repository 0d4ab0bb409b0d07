package org.sealing.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.sealing.vault.RowImage;

/**
 * Vault copies' values as the current target session writes them, so that a copy can be compared with a row
 * read in this session. A copy holds each value in PostgreSQL's text form as the session that made it wrote it,
 * and for a few types that text depends on the session, not on the value: a {@code timestamptz} is written in
 * the session's time zone (which the driver takes from the JVM's), an {@code interval} in its interval style.
 * The same instant sealed by a run in New York and read back by a run in UTC reads {@code 06:00:00-04} in one
 * and {@code 10:00:00+00} in the other; compared as text they would differ, and a row restored already would
 * look changed. Such values are read by the server with their type and written again in this session; every
 * other value's text is the same in any session (dates are always ISO: the driver sets the date style).
 */
final class SessionText {

    /** The types (as the server names them, arrays with a leading underscore) whose text depends on the session. */
    static final Set<String> SESSION_DEPENDENT = Set.of("timestamptz", "_timestamptz", "tstzrange", "_tstzrange",
            "tstzmultirange", "_tstzmultirange", "interval", "_interval");

    private SessionText() {
    }

    /** One value to write again: its image and column. */
    private record Slot(long planId, int column) {
    }

    /**
     * The images with each value of a session-dependent type as this session writes it; every other value as it
     * was. One statement per such type, whatever the number of images.
     */
    static Map<Long, RowImage> render(Connection c, Map<Long, RowImage> images) throws SQLException {
        Map<String, List<Slot>> slots = new LinkedHashMap<>();
        Map<String, List<String>> values = new HashMap<>();
        images.forEach((planId, image) -> {
            List<RowImage.Column> columns = image.columns();
            for (int i = 0; i < columns.size(); i++) {
                RowImage.Column column = columns.get(i);
                if (column.value() != null && SESSION_DEPENDENT.contains(column.type())) {
                    slots.computeIfAbsent(column.type(), t -> new ArrayList<>()).add(new Slot(planId, i));
                    values.computeIfAbsent(column.type(), t -> new ArrayList<>()).add(column.value());
                }
            }
        });
        if (slots.isEmpty()) {
            return images;
        }
        Map<Long, List<RowImage.Column>> rendered = new HashMap<>();
        images.forEach((planId, image) -> rendered.put(planId, new ArrayList<>(image.columns())));
        for (Map.Entry<String, List<Slot>> type : slots.entrySet()) {
            // the type is one of SESSION_DEPENDENT's names, never anything read from elsewhere
            try (PreparedStatement ps = c.prepareStatement("select u.v::" + type.getKey() + "::text"
                    + " from unnest(?::text[]) with ordinality as u(v, i) order by u.i")) {
                ps.setArray(1, c.createArrayOf("text", values.get(type.getKey()).toArray(new String[0])));
                try (ResultSet rs = ps.executeQuery()) {
                    for (Slot slot : type.getValue()) {
                        if (!rs.next()) {
                            throw new SQLException("the server wrote fewer values than it was given", "XX000");
                        }
                        List<RowImage.Column> columns = rendered.get(slot.planId());
                        RowImage.Column column = columns.get(slot.column());
                        columns.set(slot.column(), new RowImage.Column(column.name(), column.type(), rs.getString(1)));
                    }
                }
            }
        }
        Map<Long, RowImage> result = new HashMap<>();
        rendered.forEach((planId, columns) -> result.put(planId, new RowImage(columns)));
        return result;
    }
}
