-- Criminal Group Database: members (person-level, no rule) and the arrests noted against them.
create schema cgd;
create table cgd.member (member_id int primary key, nysid text, full_name text, group_name text);
create table cgd.member_arrest (member_id int not null references cgd.member, arrest_date date not null,
    nysid text not null, notes text, primary key (member_id, arrest_date));

-- after the rows
create index on cgd.member_arrest ((upper(regexp_replace(nysid, '[^A-Za-z0-9]', '', 'g'))));
