-- Field interview cards: arrest references written by hand (spaces, dashes, lower case).
create table interview_card (card_no varchar(20) primary key, arrest_ref varchar(15),
    interviewee text, notes text);

-- No index on arrest_ref: a system nobody thought to index is searched by a scan, and the demo keeps one.
-- after the rows
