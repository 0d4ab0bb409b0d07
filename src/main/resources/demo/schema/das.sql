-- Domain Awareness System: a copy of booking data (names combined), and plate reads (no rule).
create schema das;
create table das.booking_copy (copy_id bigint primary key, source_arrest_id bigint,
    arrest_number text not null, subject_name text, subject_dob date, arrest_date date,
    location text) with (fillfactor = 85);
create table das.lpr_read (read_id bigint primary key, plate text, seen_at timestamp, camera text);

-- after the rows
create index on das.booking_copy ((upper(regexp_replace(arrest_number, '[^A-Za-z0-9]', '', 'g'))));
