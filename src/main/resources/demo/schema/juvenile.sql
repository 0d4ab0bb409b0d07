-- Juvenile reports: arrests of people under 18, with a sealed flag of their own.
create table juvenile_report (report_id bigint primary key, arrest_number char(9) not null,
    nysid text, youth_name text, guardian text, summary text, sealed boolean not null default false);

-- after the rows
create index on juvenile_report ((upper(regexp_replace(arrest_number, '[^A-Za-z0-9]', '', 'g'))));
