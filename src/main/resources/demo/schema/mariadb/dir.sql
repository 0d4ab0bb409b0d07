-- Domestic incident reports, on MariaDB: from complaint shapes, with the arrest number where there was
-- one. The same table as demo/schema/dir.sql in MariaDB's types.
create table incident (dir_no varchar(40) primary key, occurred datetime, arrest_number varchar(20),
    suspect_name text, victim_name text, narrative text);

-- after the rows
-- MariaDB indexes no expression: the normalised arrest number is a generated column, indexed
alter table incident add column arrest_number_normalised varchar(20)
    as (ucase(regexp_replace(arrest_number, '[^A-Za-z0-9]', ''))) virtual, add index (arrest_number_normalised);
