-- Summonses, on MariaDB: one issued at the arrest (same day, NYSID with a space), and others to the same
-- people. The same table as demo/schema/summons.sql in MariaDB's types.
create table summons (summons_no varchar(40) primary key, issued_date date not null, nysid varchar(12),
    defendant text, violation text, court_date date);

-- after the rows
-- MariaDB indexes no expression: the normalised NYSID is a generated column, indexed
alter table summons add column nysid_normalised varchar(12) as (ucase(regexp_replace(nysid, '[^A-Za-z0-9]', '')))
    virtual, add index (nysid_normalised);
