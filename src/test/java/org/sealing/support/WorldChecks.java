package org.sealing.support;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the world's targets must look like after a complete run: every row of an active sealed case
 * purged or masked exactly per its rule, every other row as it was.
 */
public final class WorldChecks {

    private WorldChecks() {
    }

    /**
     * Checks every row of the world and returns how many rows were purged and masked ({@code [purged,
     * masked]}), as the run must have counted them.
     */
    public static int[] remediated(RemediationWorld world, Set<Integer> sealed, Map<String, Integer> bookingBefore,
            String hmacKey) throws Exception {
        int[] changed = {0, 0};
        checkBooking(world, sealed, bookingBefore, changed);
        checkPrints(world, sealed, changed);
        checkStops(world, sealed, changed, hmacKey);
        checkCases(world, sealed, changed);
        return changed;
    }

    private static void checkBooking(RemediationWorld world, Set<Integer> sealed, Map<String, Integer> before,
            int[] changed) throws Exception {
        Map<Integer, RemediationWorld.Arrest> byId = new HashMap<>();
        world.arrests().forEach(a -> byId.put(a.id(), a));
        try (Connection c = world.connect("booking"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select arrest_id, arrest_no, offense, defendant_last, defendant_first,"
                    + " date_of_birth, narrative, is_sealed, t::text from booking.arrest t")) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                    RemediationWorld.Arrest a = byId.get(rs.getInt(1));
                    if (sealed.contains(a.id())) {
                        changed[1]++;
                        assertThat(rs.getString(4)).isNull();
                        assertThat(rs.getString(5)).isNull();
                        assertThat(rs.getObject(6, LocalDate.class)).isEqualTo(a.dateOfBirth().withDayOfYear(1));
                        assertThat(rs.getString(7)).isEqualTo("[SEALED]");
                        assertThat(rs.getBoolean(8)).isTrue();
                        assertThat(rs.getString(3)).isEqualTo(a.offense());
                    } else {
                        assertThat(before).containsKey("booking.arrest " + rs.getString(9));
                    }
                }
                assertThat(rows).isEqualTo(world.arrests().size());
            }
            Set<Long> photos = new HashSet<>();
            try (ResultSet rs = s.executeQuery("select arrest_id from booking.arrest_photo")) {
                while (rs.next()) {
                    photos.add(rs.getLong(1));
                }
            }
            for (RemediationWorld.Arrest a : world.arrests()) {
                assertThat(photos.contains((long) a.id())).as("photos of arrest %d", a.id()).isEqualTo(!sealed.contains(a.id()));
            }
            changed[0] += 2 * sealed.size();
            try (ResultSet rs = s.executeQuery("select arrest_id, charge_text, t::text from booking.charge t")) {
                while (rs.next()) {
                    if (sealed.contains(rs.getInt(1))) {
                        changed[1]++;
                        assertThat(rs.getString(2)).isEqualTo("[SEALED]");
                    } else {
                        assertThat(before).containsKey("booking.charge " + rs.getString(3));
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("select count(*) from booking.officer")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    private static void checkPrints(RemediationWorld world, Set<Integer> sealed, int[] changed) throws Exception {
        try (Connection c = world.connect("prints"); Statement s = c.createStatement()) {
            Set<Long> sets = new HashSet<>();
            try (ResultSet rs = s.executeQuery("select set_id from print_set")) {
                while (rs.next()) {
                    sets.add(rs.getLong(1));
                }
            }
            int expectedSets = 0;
            for (RemediationWorld.Arrest a : world.arrests()) {
                if (a.id() % 2 == 1) {
                    expectedSets++;
                    assertThat(sets.contains((long) a.id())).isEqualTo(!sealed.contains(a.id()));
                    if (sealed.contains(a.id())) {
                        changed[0] += 1 + 2 + 4;
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("select (select count(*) from print_card), (select count(*) from print_image)")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(2L * sets.size());
                assertThat(rs.getLong(2)).isEqualTo(4L * sets.size());
            }
            assertThat(sets.size()).isLessThan(expectedSets);
        }
    }

    private static void checkStops(RemediationWorld world, Set<Integer> sealed, int[] changed, String key) throws Exception {
        Map<String, RemediationWorld.Arrest> byReport = new HashMap<>();
        for (RemediationWorld.Arrest a : world.arrests()) {
            if (a.nysid() != null) {
                byReport.put("SQF-" + a.id() + "-0", a);
                byReport.put("SQF-" + a.id() + "-3", a);
            }
        }
        try (Connection c = world.connect("stops"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select report_no, subject, narrative from stop_report")) {
            while (rs.next()) {
                RemediationWorld.Arrest a = byReport.get(rs.getString(1));
                String original = a.lastName() + ", " + a.firstName();
                if (sealed.contains(a.id()) && rs.getString(1).endsWith("-0")) {
                    changed[1]++;
                    assertThat(rs.getString(2)).isEqualTo(hmac(key, original));
                    assertThat(rs.getString(3)).isEqualTo("SEALED UNDER CPL 160.50");
                } else {
                    // the same person's stop on another day is not this arrest and stays as it was
                    assertThat(rs.getString(2)).isEqualTo(original);
                    assertThat(rs.getString(3)).startsWith("Stopped near precinct");
                }
            }
        }
    }

    private static void checkCases(RemediationWorld world, Set<Integer> sealed, int[] changed) throws Exception {
        Map<String, RemediationWorld.Arrest> byDocket = new HashMap<>();
        world.arrests().stream().filter(a -> a.docket() != null).forEach(a -> byDocket.put(a.docket(), a));
        try (Connection c = world.connect("cases"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select docket, defendant, notes from case_file")) {
            while (rs.next()) {
                RemediationWorld.Arrest a = byDocket.get(rs.getString(1));
                if (sealed.contains(a.id())) {
                    changed[1]++;
                    assertThat(rs.getString(2)).isEqualTo("[SEALED]");
                    assertThat(rs.getString(3)).isNull();
                } else {
                    assertThat(rs.getString(2)).startsWith(a.lastName().toUpperCase());
                }
            }
        }
    }

    private static String hmac(String key, String value) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }
}
