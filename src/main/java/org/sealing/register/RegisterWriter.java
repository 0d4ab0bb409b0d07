package org.sealing.register;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Brings validated feed lines into the register, in the chunk's transaction: decides for each line
 * whether it is accepted (a new order), unchanged, updated or rejected after all (a duplicate within
 * its file, or an UNSEAL of an order the register does not know), writes the orders that changed and
 * records every line's outcome. Because the outcomes commit with the register changes and with the
 * reader's position, a chunk is applied exactly once however the import is interrupted.
 */
public class RegisterWriter implements ItemWriter<FeedLine> {

    private static final String COLUMNS = "order_id, order_type, docket_number, arrest_number, nysid, last_name,"
            + " first_name, date_of_birth, arrest_date, disposition, disposition_date, statute, effective_date";

    private final JdbcTemplate jdbc;
    private final long importId;

    public RegisterWriter(JdbcTemplate jdbc, long importId) {
        this.jdbc = jdbc;
        this.importId = importId;
    }

    private record Outcome(FeedLine line, String orderId, String outcome, RejectReason reason) {
    }

    @Override
    public void write(Chunk<? extends FeedLine> chunk) {
        List<? extends FeedLine> lines = withoutRecorded(chunk.getItems());
        Set<String> orderIds = new LinkedHashSet<>();
        for (FeedLine line : lines) {
            if (line.order() != null) {
                orderIds.add(line.orderId());
            }
        }
        Map<String, SealingOrder> stored = storedOrders(orderIds);
        Set<String> standing = standingLines(orderIds);
        Map<String, SealingOrder> changed = new LinkedHashMap<>();
        List<Outcome> outcomes = new ArrayList<>(lines.size());
        for (FeedLine line : lines) {
            outcomes.add(decide(line, stored, standing, changed));
        }
        writeOrders(changed, stored);
        writeOutcomes(outcomes);
    }

    /**
     * The lines of the chunk whose outcome is not recorded yet. Spring Batch 6 saves the reader's
     * position after the chunk's transaction has committed, not in it (spring-batch#5199), so a
     * process killed between the two reads a committed chunk again on restart: its lines, recorded
     * with their register changes in one transaction, are passed over, and each line counts once.
     */
    private List<? extends FeedLine> withoutRecorded(List<? extends FeedLine> lines) {
        if (lines.isEmpty()) {
            return lines;
        }
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        Set<Integer> files = new HashSet<>();
        for (FeedLine line : lines) {
            from = Math.min(from, line.lineNo());
            to = Math.max(to, line.lineNo());
            files.add(line.fileSeq());
        }
        Set<String> recorded = new HashSet<>(jdbc.query("select file_seq, line_no from feed_line where import_id = ?"
                + " and file_seq = any(?) and line_no between ? and ?", (rs, i) -> rs.getInt(1) + ":" + rs.getLong(2),
                importId, files.toArray(new Integer[0]), from, to));
        if (recorded.isEmpty()) {
            return lines;
        }
        return lines.stream().filter(line -> !recorded.contains(line.fileSeq() + ":" + line.lineNo())).toList();
    }

    private Outcome decide(FeedLine line, Map<String, SealingOrder> stored, Set<String> standing,
            Map<String, SealingOrder> changed) {
        if (line.order() == null) {
            return new Outcome(line, line.orderId(), "REJECTED", line.reason());
        }
        String id = line.orderId();
        SealingOrder current = changed.containsKey(id) ? changed.get(id) : stored.get(id);
        SealingOrder order = line.order();
        if (order.partial()) {
            if (current == null) {
                // an UNSEAL that names no case, of an order the register has never seen
                return new Outcome(line, id, "REJECTED", RejectReason.MISSING_FIELD);
            }
            order = order.completedFrom(current);
            if (order.dispositionDate().isBefore(order.arrestDate())) {
                // a date the line gives contradicts one it keeps from the register
                return new Outcome(line, id, "REJECTED", RejectReason.DATE_ORDER);
            }
        }
        String key = line.fileSeq() + "\u0000" + id;
        if (!standing.add(key)) {
            // the first line of an order_id in a file stands; an identical repeat changes nothing
            return order.sameContent(current) ? new Outcome(line, id, "UNCHANGED", null)
                    : new Outcome(line, id, "REJECTED", RejectReason.DUPLICATE_IN_FILE);
        }
        if (current == null) {
            changed.put(id, order);
            return new Outcome(line, id, "ACCEPTED", null);
        }
        if (order.sameContent(current)) {
            return new Outcome(line, id, "UNCHANGED", null);
        }
        changed.put(id, order);
        return new Outcome(line, id, "UPDATED", null);
    }

    private Map<String, SealingOrder> storedOrders(Set<String> orderIds) {
        Map<String, SealingOrder> stored = new HashMap<>();
        if (orderIds.isEmpty()) {
            return stored;
        }
        jdbc.execute((ConnectionCallback<Void>) c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS
                    + " from sealing_order where order_id = any(?)")) {
                ps.setArray(1, textArray(c, orderIds));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        SealingOrder o = readOrder(rs);
                        stored.put(o.orderId(), o);
                    }
                }
            }
            return null;
        });
        return stored;
    }

    private Set<String> standingLines(Set<String> orderIds) {
        Set<String> standing = new HashSet<>();
        if (orderIds.isEmpty()) {
            return standing;
        }
        jdbc.execute((ConnectionCallback<Void>) c -> {
            try (PreparedStatement ps = c.prepareStatement("select distinct file_seq, order_id from feed_line"
                    + " where import_id = ? and order_id = any(?) and outcome <> 'REJECTED'")) {
                ps.setLong(1, importId);
                ps.setArray(2, textArray(c, orderIds));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        standing.add(rs.getInt(1) + "\u0000" + rs.getString(2));
                    }
                }
            }
            return null;
        });
        return standing;
    }

    private void writeOrders(Map<String, SealingOrder> changed, Map<String, SealingOrder> stored) {
        List<SealingOrder> inserts = new ArrayList<>();
        List<SealingOrder> updates = new ArrayList<>();
        for (SealingOrder order : changed.values()) {
            (stored.containsKey(order.orderId()) ? updates : inserts).add(order);
        }
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate("insert into sealing_order (" + COLUMNS + ", first_import_id, last_import_id)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", inserts, inserts.size(), (ps, o) -> {
                        bindOrder(ps, o);
                        ps.setLong(14, importId);
                        ps.setLong(15, importId);
                    });
        }
        if (!updates.isEmpty()) {
            jdbc.batchUpdate("update sealing_order set order_id = ?, order_type = ?, docket_number = ?,"
                    + " arrest_number = ?, nysid = ?, last_name = ?, first_name = ?, date_of_birth = ?,"
                    + " arrest_date = ?, disposition = ?, disposition_date = ?, statute = ?, effective_date = ?,"
                    + " last_import_id = ?, updated_at = now() where order_id = ?", updates, updates.size(),
                    (ps, o) -> {
                        bindOrder(ps, o);
                        ps.setLong(14, importId);
                        ps.setString(15, o.orderId());
                    });
        }
    }

    private void writeOutcomes(List<Outcome> outcomes) {
        jdbc.batchUpdate("insert into feed_line (import_id, file_seq, line_no, order_id, outcome, reason)"
                + " values (?, ?, ?, ?, ?, ?)", outcomes, outcomes.size(), (ps, o) -> {
                    ps.setLong(1, importId);
                    ps.setInt(2, o.line().fileSeq());
                    ps.setLong(3, o.line().lineNo());
                    ps.setString(4, o.orderId());
                    ps.setString(5, o.outcome());
                    ps.setString(6, o.reason() == null ? null : o.reason().name());
                });
    }

    private static void bindOrder(PreparedStatement ps, SealingOrder o) throws SQLException {
        ps.setString(1, o.orderId());
        ps.setString(2, o.orderType().name());
        ps.setString(3, o.docketNumber());
        ps.setString(4, o.arrestNumber());
        ps.setString(5, o.nysid());
        ps.setString(6, o.lastName());
        ps.setString(7, o.firstName());
        setDate(ps, 8, o.dateOfBirth());
        setDate(ps, 9, o.arrestDate());
        ps.setString(10, o.disposition().name());
        setDate(ps, 11, o.dispositionDate());
        ps.setString(12, o.statute());
        setDate(ps, 13, o.effectiveDate());
    }

    static SealingOrder readOrder(ResultSet rs) throws SQLException {
        return new SealingOrder(rs.getString("order_id"), OrderType.valueOf(rs.getString("order_type")),
                rs.getString("docket_number"), rs.getString("arrest_number"), rs.getString("nysid"),
                rs.getString("last_name"), rs.getString("first_name"), localDate(rs, "date_of_birth"),
                localDate(rs, "arrest_date"), Disposition.valueOf(rs.getString("disposition")),
                localDate(rs, "disposition_date"), rs.getString("statute"), localDate(rs, "effective_date"));
    }

    private static LocalDate localDate(ResultSet rs, String column) throws SQLException {
        // as a LocalDate, not a java.sql.Date, whose old calendar would move a date before 1582 or in
        // year 0 and make the same line look changed at every import
        return rs.getObject(column, LocalDate.class);
    }

    private static void setDate(PreparedStatement ps, int index, LocalDate date) throws SQLException {
        if (date == null) {
            ps.setNull(index, Types.DATE);
        } else {
            ps.setObject(index, date);
        }
    }

    private static Array textArray(Connection c, Set<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray(new String[0]));
    }
}
