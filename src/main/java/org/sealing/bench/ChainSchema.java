package org.sealing.bench;

/**
 * The tables and rows of the chain world's three target databases, generated inside each database
 * ({@code generate_series}) for a number of arrests. Arrest {@code a} is of person {@code (a + 1) / 2}
 * (each person has two arrests, a day apart), with arrest number {@code <borough><a, 8 digits>}, NYSID
 * {@code <person, 8 digits><letter>} and arrest date {@code 2010-01-01 + a % 4000}. Each database writes
 * the identifiers its own way (dashes, spaces, lower case), as real systems do.
 */
final class ChainSchema {

    private static final String PERSON = "((a + 1) / 2)";
    private static final String NYSID_DIGITS = "lpad(" + PERSON + "::text, 8, '0')";
    private static final String NYSID_LETTER = "chr(65 + " + PERSON + " % 26)";
    private static final String BORO = "substr('BKMQS', a % 5 + 1, 1)";
    private static final String DAY = "(date '2010-01-01' + a % 4000)";
    private static final String DOB = "(date '1950-01-01' + a * 37 % 18000)";
    private static final String NORMALISED = "(upper(regexp_replace(%s, '[^A-Za-z0-9]', '', 'g')))";

    private ChainSchema() {
    }

    /** Booking: a masked arrest event matched on NYSID and the day of a time stamp, under it a three-level purge chain. */
    static final String ARRESTS_SQL = """
            create schema arr;
            create table arr.arrest_event (boro char(1) not null, event_no integer not null, nysid text not null,
                arrested_at timestamp not null, precinct smallint, last_name text, first_name text,
                date_of_birth date, home_address text, primary key (boro, event_no)) with (fillfactor = 90);
            create table arr.arrest_narrative (narrative_id bigint primary key, boro char(1) not null,
                event_no integer not null, narrative text, officer_notes text,
                foreign key (boro, event_no) references arr.arrest_event);
            create table arr.charge (boro char(1) not null, event_no integer not null, charge_no smallint not null,
                law_code text, description text, primary key (boro, event_no, charge_no),
                foreign key (boro, event_no) references arr.arrest_event);
            create table arr.charge_disposition (disposition_id bigint primary key, boro char(1) not null,
                event_no integer not null, charge_no smallint not null, disposed_on date, outcome text,
                foreign key (boro, event_no, charge_no) references arr.charge);
            create table arr.lab_result (lab_id bigint primary key,
                disposition_id bigint not null references arr.charge_disposition, substance text, weight_g numeric(8,2));
            create table arr.desk_appearance (appearance_id bigint primary key, nysid text not null,
                issued_on date not null, summons_text text);
            insert into arr.arrest_event select BORO, a, NYSID_DIGITS || ' ' || NYSID_LETTER,
                DAY + time '09:00' + (a % 600) * interval '1 minute', 1 + a % 77, 'Last' || a % 9973,
                'First' || a % 997, DOB, a || ' Main Street, Apt ' || a % 40 from generate_series(1, ARRESTS) a;
            insert into arr.arrest_narrative select a, BORO, a, 'The defendant was observed at the location of'
                || ' occurrence; arrest ' || a || ' processed and the property vouchered.', 'Notes of event ' || a
                from generate_series(1, ARRESTS) a;
            insert into arr.charge select boro, event_no, c, 'PL 155.25', 'PETIT LARCENY, COUNT ' || c
                from arr.arrest_event, generate_series(1, 2) c;
            insert into arr.charge_disposition select event_no::bigint * 2 + charge_no - 1, boro, event_no, charge_no,
                date '2011-01-01' + event_no % 4000, 'DISMISSED' from arr.charge;
            insert into arr.lab_result select event_no, event_no::bigint * 2, 'CONTROLLED SUBSTANCE', 1 + event_no % 90
                from arr.arrest_event;
            insert into arr.desk_appearance select a, NYSID_DIGITS || NYSID_LETTER, date '2030-01-01' + a % 100,
                'Summons issued at the desk' from generate_series(1, ARRESTS / 2) a;
            create index on arr.arrest_event (NORMALISED_NYSID, arrested_at);
            create index on arr.arrest_event (last_name, first_name);
            create index on arr.arrest_event (date_of_birth);
            create index on arr.arrest_narrative (boro, event_no);
            create index on arr.charge_disposition (boro, event_no, charge_no);
            create index on arr.lab_result (disposition_id);
            create index on arr.desk_appearance (NORMALISED_NYSID, issued_on);
            """;

    /** The court: cases keyed by UUID matched on the arrest number, appearances keyed by case and sequence. */
    static final String COURT_SQL = """
            create schema crt;
            create table crt.case_file (case_id uuid primary key, docket_no text not null, arrest_no text not null,
                filed_on date not null, defendant text, defendant_dob date, charge_summary text,
                is_sealed boolean not null default false) with (fillfactor = 90);
            create table crt.appearance (case_id uuid not null references crt.case_file, seq smallint not null,
                appeared_on date, court_part text, notes text, primary key (case_id, seq));
            create table crt.sentence (sentence_id bigint primary key, case_id uuid not null references crt.case_file,
                imposed_on date, terms text);
            create table crt.bail_bond (bond_no text primary key, docket_ref text not null, surety text,
                amount numeric(10,2));
            insert into crt.case_file select md5('case-' || a)::uuid, 'CR-' || lpad(a::text, 7, '0') || '-' || (10 + a % 12),
                BORO || '-' || substr(lpad(a::text, 8, '0'), 1, 4) || '-' || substr(lpad(a::text, 8, '0'), 5),
                DAY + 7, 'LAST' || a % 9973 || ', FIRST' || a % 997, DOB, 'PL 155.25 PETIT LARCENY', false
                from generate_series(1, ARRESTS) a;
            insert into crt.appearance select case_id, s, filed_on + s * 30, 'AP' || s,
                'Adjourned; the defendant appeared with counsel, notes ' || s from crt.case_file, generate_series(1, 3) s;
            insert into crt.sentence select a, md5('case-' || a)::uuid, date '2011-01-01' + a % 4000,
                'CONDITIONAL DISCHARGE' from generate_series(2, ARRESTS, 2) a;
            insert into crt.bail_bond select 'BB' || lpad(a::text, 8, '0'), 'BB-' || lpad(a::text, 8, '0'),
                'SURETY ' || a % 300, 500 + a % 5000 from generate_series(1, ARRESTS / 2) a;
            create index on crt.case_file (NORMALISED_ARREST_NO);
            create index on crt.case_file (defendant);
            create index on crt.sentence (case_id);
            create index on crt.bail_bond (NORMALISED_DOCKET_REF);
            """;

    /** Prints: sets matched on NYSID and a date, purged with their cards and the cards' quality (prints are destroyed). */
    static final String PRINTS_SQL = """
            create schema prt;
            create table prt.print_set (set_id bigint primary key, nysid text not null, taken_on date not null,
                agency text, quality smallint);
            create table prt.print_card (card_id bigint primary key, set_id bigint not null references prt.print_set,
                finger smallint, image bytea);
            create table prt.card_quality (card_id bigint primary key references prt.print_card, score smallint,
                checked_by text);
            create table prt.dcjs_response (response_id bigint primary key, nysid text not null,
                received_on date not null, rap_summary text, officer text);
            create table prt.response_line (response_id bigint not null references prt.dcjs_response,
                line_no smallint not null, line_text text, primary key (response_id, line_no));
            insert into prt.print_set select a, NYSID_DIGITS || '-' || NYSID_LETTER, DAY, 'NYPD', 1 + a % 5
                from generate_series(1, ARRESTS) a;
            insert into prt.print_card select set_id * 2 + f, set_id, f, decode(repeat('ffd8ffe0', 32), 'hex')
                from prt.print_set, generate_series(0, 1) f;
            insert into prt.card_quality select card_id, 50 + card_id % 50, 'EXAMINER ' || card_id % 40
                from prt.print_card;
            insert into prt.dcjs_response select a, lower(NYSID_DIGITS || NYSID_LETTER), DAY,
                'RAP SHEET SUMMARY FOR ' || a, 'OFFICER ' || a % 5000 from generate_series(1, ARRESTS) a;
            insert into prt.response_line select response_id, l, 'LINE ' || l || ' OF RESPONSE ' || response_id
                from prt.dcjs_response, generate_series(1, 2) l;
            create index on prt.print_set (NORMALISED_NYSID, taken_on);
            create index on prt.print_card (set_id);
            create index on prt.dcjs_response (NORMALISED_NYSID, received_on);
            """;

    /** The orders of the sealed arrests (every fourth; a twelfth under 160.58, which seals prints too). */
    static final String ORDERS_SQL = """
            insert into sealing_order (order_id, order_type, docket_number, arrest_number, nysid, arrest_date,
                disposition, disposition_date, statute, first_import_id, last_import_id)
            select 'CHAIN-' || a, 'SEAL', 'CR-' || lpad(a::text, 7, '0') || '-' || (10 + a % 12),
                BORO || lpad(a::text, 8, '0'), NYSID_DIGITS || NYSID_LETTER, DAY, 'DISMISSED', DAY + 60,
                case when a % 12 = 0 then '160.58' else '160.50' end, 0, 0
            from generate_series(4, ARRESTS, 4) a
            """;

    /** A script with its expressions and the number of arrests in place. */
    static String expand(String script, long arrests) {
        return script.replace("NORMALISED_NYSID", NORMALISED.formatted("nysid"))
                .replace("NORMALISED_ARREST_NO", NORMALISED.formatted("arrest_no"))
                .replace("NORMALISED_DOCKET_REF", NORMALISED.formatted("docket_ref"))
                .replace("NYSID_DIGITS", NYSID_DIGITS).replace("NYSID_LETTER", NYSID_LETTER).replace("BORO", BORO)
                .replace("DAY", DAY).replace("DOB", DOB).replace("ARRESTS", Long.toString(arrests));
    }
}
