-- Case management: cases by docket, their parties and the parties' documents (masked, three levels).
create table court_case (case_id int primary key, docket_no text not null unique, court text,
    defendant text, charges text);
create table case_party (party_id bigint primary key, case_id int not null references court_case,
    role text, party_name text);
create table case_document (doc_id bigint primary key, party_id bigint not null references case_party,
    title text not null, body text);

-- after the rows
create index on court_case ((upper(regexp_replace(docket_no, '[^A-Za-z0-9]', '', 'g'))));
create index on case_party (case_id);
create index on case_document (party_id);
