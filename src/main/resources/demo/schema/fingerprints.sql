-- Fingerprint store: print set, card, image; all purged, three levels.
create table print_set (set_id bigint primary key, arrest_num text not null, nysid text,
    taken date not null);
create table print_card (card_id bigint primary key, set_id bigint not null references print_set,
    card_type text);
create table print_image (image_id bigint primary key,
    card_id bigint not null references print_card, finger smallint, wsq bytea);

-- after the rows
create index on print_set ((upper(regexp_replace(arrest_num, '[^A-Za-z0-9]', '', 'g'))));
create index on print_card (set_id);
create index on print_image (card_id);
