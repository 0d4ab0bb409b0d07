-- Warrants: found by docket (written with dashes), with their events (masked through the warrant).
create table warrant (warrant_no text primary key, docket text, subject text, issued date, status text);
create table warrant_event (event_id bigint primary key, warrant_no text not null references warrant,
    happened timestamp, event text);

-- after the rows
create index on warrant ((upper(regexp_replace(docket, '[^A-Za-z0-9]', '', 'g'))));
create index on warrant_event (warrant_no);
