package org.sealing.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The chain world, shaped unlike the flat one: three target databases (booking, court, prints) with a
 * three-level purge chain through composite foreign keys under a masked arrest matched on NYSID and the
 * day of a time stamp, a court matched on arrest numbers and keyed by UUIDs and (case, sequence), prints
 * matched on NYSID and a date (destroyed under 160.50, sealed under 160.58), two or more masked tables per
 * target, and a table in each that no sealed case touches. Every fourth arrest is sealed; its person's
 * other arrest, a day apart, is not. About 20.5 target rows per arrest, 20 of each sealed arrest's change:
 * a little under a quarter of the world.
 */
final class ChainWorld implements World {

    private static final Map<String, String> SCRIPTS = Map.of("arrests", ChainSchema.ARRESTS_SQL, "court",
            ChainSchema.COURT_SQL, "prints", ChainSchema.PRINTS_SQL);

    private final long arrests;

    ChainWorld(long rows) {
        // 7.5 rows per arrest in booking, 5 in the court, 8 in prints
        this.arrests = Math.max(4, rows * 2 / 41);
    }

    @Override
    public String name() {
        return "chain";
    }

    @Override
    public List<String> targets() {
        return List.of("arrests", "court", "prints");
    }

    /** Twenty rows of each sealed arrest (every fourth, all even, so each has a sentence). */
    @Override
    public long expected() {
        return arrests / 4 * 20;
    }

    @Override
    public long create(BenchServer server) throws SQLException {
        long rows = 0;
        for (String target : targets()) {
            String database = World.template(target);
            server.recreate(database);
            try (Connection c = server.connect(database); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.execute(ChainSchema.expand(SCRIPTS.get(target), arrests));
                c.commit();
                c.setAutoCommit(true);
                s.execute("vacuum analyze");
                rows += BenchCheck.count(c, "select coalesce(sum((xpath('/row/n/text()', query_to_xml(format("
                        + "'select count(*) as n from %I.%I', schemaname, relname), false, true, '')))[1]::text::bigint), 0)"
                        + " from pg_stat_user_tables");
            }
        }
        return rows;
    }

    @Override
    public void register(ConfigurableApplicationContext bench, Path workDir) {
        bench.getBean(JdbcTemplate.class).update(ChainSchema.expand(ChainSchema.ORDERS_SQL, arrests));
    }

    @Override
    public String targetFile(String target, BenchServer server, String database) {
        return "name: " + target + "\ndescription: the chain benchmark world, " + target + "\n"
                + World.connection(server, database) + "tables:\n" + switch (target) {
                    case "arrests" -> """
                              - table: arr.arrest_event
                                key: [boro, event_no]
                                match: { nysid: nysid, arrest_date: arrested_at }
                                action: mask
                                mask: { last_name: null, first_name: null, date_of_birth: year-only, home_address: redact }
                              - table: arr.arrest_narrative
                                key: [narrative_id]
                                match: { via: arr.arrest_event }
                                action: mask
                                mask: { narrative: redact, officer_notes: redact }
                              - table: arr.charge
                                key: [boro, event_no, charge_no]
                                match: { via: arr.arrest_event }
                                action: purge
                              - table: arr.charge_disposition
                                key: [disposition_id]
                                match: { via: arr.charge }
                                action: purge
                              - table: arr.lab_result
                                key: [lab_id]
                                match: { via: arr.charge_disposition }
                                action: purge
                              - table: arr.desk_appearance
                                key: [appearance_id]
                                match: { nysid: nysid, arrest_date: issued_on }
                                action: mask
                                mask: { summons_text: redact }
                            """;
                    case "court" -> """
                              - table: crt.case_file
                                key: [case_id]
                                match: { arrest_number: arrest_no }
                                action: mask
                                mask: { defendant: redact, defendant_dob: year-only }
                                sealed-flag: is_sealed
                              - table: crt.appearance
                                key: [case_id, seq]
                                match: { via: crt.case_file }
                                action: mask
                                mask: { notes: redact }
                              - table: crt.sentence
                                key: [sentence_id]
                                match: { via: crt.case_file }
                                action: purge
                              - table: crt.bail_bond
                                key: [bond_no]
                                match: { docket_number: docket_ref }
                                action: mask
                                mask: { surety: null }
                            """;
                    case "prints" -> """
                              - table: prt.print_set
                                key: [set_id]
                                match: { nysid: nysid, arrest_date: taken_on }
                                holds: prints
                                action: purge
                              - table: prt.print_card
                                key: [card_id]
                                match: { via: prt.print_set }
                                holds: prints
                                action: purge
                              - table: prt.card_quality
                                key: [card_id]
                                match: { via: prt.print_card }
                                holds: prints
                                action: purge
                              - table: prt.dcjs_response
                                key: [response_id]
                                match: { nysid: nysid, arrest_date: received_on }
                                action: mask
                                mask: { rap_summary: redact, officer: null }
                              - table: prt.response_line
                                key: [response_id, line_no]
                                match: { via: prt.dcjs_response }
                                action: mask
                                mask: { line_text: redact }
                            """;
                    default -> throw new IllegalArgumentException(target);
                };
    }
}
