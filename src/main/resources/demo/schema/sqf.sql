-- Stop reports: the stop that led to an arrest (same day), and other stops of the same people.
create table stop_report (stop_id bigint primary key, stop_datetime timestamp not null,
    nysid varchar(12), suspect_last text, suspect_first text, precinct smallint, suspected_crime text,
    frisked boolean, outcome text);

-- after the rows
create index on stop_report ((upper(regexp_replace(nysid, '[^A-Za-z0-9]', '', 'g'))));
