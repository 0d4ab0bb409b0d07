-- Mugshots and face recognition: photo, face template, template match; all purged, three levels.
create table photo (photo_id uuid primary key, arrest_number varchar(9) not null,
    taken_at timestamptz not null, image bytea not null);
create table face_template (template_id bigint primary key,
    photo_id uuid not null references photo, vector bytea);
create table template_match (match_id bigint primary key,
    template_id bigint not null references face_template, score real, matched_at timestamptz);

-- after the rows
create index on photo ((upper(regexp_replace(arrest_number, '[^A-Za-z0-9]', '', 'g'))));
create index on face_template (photo_id);
create index on template_match (template_id);
