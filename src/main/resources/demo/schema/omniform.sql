-- Omniform / Online Complaint System: complaints (no sealed data), arrests on them, and notes.
create schema omni;
create table omni.complaint (cmplnt_num bigint primary key, reported date, offense text,
    premises text, precinct smallint);
create table omni.complaint_arrest (cmplnt_num bigint not null references omni.complaint,
    seq smallint not null, arrest_no text not null, arrested_name text,
    primary key (cmplnt_num, seq));
create table omni.arrest_note (note_id bigint primary key, cmplnt_num bigint not null,
    seq smallint not null, note text,
    foreign key (cmplnt_num, seq) references omni.complaint_arrest);

-- after the rows
create index on omni.complaint_arrest ((upper(regexp_replace(arrest_no, '[^A-Za-z0-9]', '', 'g'))));
create index on omni.arrest_note (cmplnt_num, seq);
