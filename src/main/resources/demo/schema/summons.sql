-- Summonses: one issued at the arrest (same day, NYSID with a space), and others to the same people.
create table summons (summons_no text primary key, issued_date date not null, nysid varchar(12),
    defendant text, violation text, court_date date);

-- after the rows
create index on summons ((upper(regexp_replace(nysid, '[^A-Za-z0-9]', '', 'g'))));
