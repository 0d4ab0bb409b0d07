-- Case follow-ups (DD5): on complaints, with the arrest number where an arrest followed.
create table followup (dd5_id bigint primary key, complaint_no bigint, arrest_no text, written date,
    narrative text);

-- after the rows
create index on followup ((upper(regexp_replace(arrest_no, '[^A-Za-z0-9]', '', 'g'))));
