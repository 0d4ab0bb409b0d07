-- Domestic incident reports: from complaint shapes, with the arrest number where there was one.
create table incident (dir_no text primary key, occurred timestamp, arrest_number text,
    suspect_name text, victim_name text, narrative text);

-- after the rows
create index on incident ((upper(regexp_replace(arrest_number, '[^A-Za-z0-9]', '', 'g'))));
