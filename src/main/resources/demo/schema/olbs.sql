-- Online Booking System: arrests (masked, sealed flag), charges (composite key), precincts (no rule).
create schema booking;
create table booking.precinct (precinct smallint primary key, name text);
create table booking.arrest (arrest_id bigint primary key, arrest_no varchar(12) not null,
    arrest_ts timestamp not null, precinct smallint, defendant_last text, defendant_first text,
    date_of_birth date, nysid char(9), top_charge text, narrative text,
    is_sealed boolean not null default false) with (fillfactor = 85);
create table booking.arrest_charge (arrest_id bigint not null references booking.arrest,
    charge_seq smallint not null, law_code text, charge_desc text, primary key (arrest_id, charge_seq));

-- after the rows
create index on booking.arrest ((upper(regexp_replace(arrest_no, '[^A-Za-z0-9]', '', 'g'))));
