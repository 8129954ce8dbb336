-- A digest is what the sources of one question say, computed at import
-- and synced with the content: at most one per question, and it goes
-- with its question. Sync deletes a digest itself, and counts it, before
-- it deletes the question; the cascade makes sure no other way of
-- deleting a question can leave one behind.
--
-- points is the digest's list of points as JSON, in the order given,
-- each with its sources and evidence; hash is over that text, so that a
-- Sync skips an unchanged digest without decoding it. question_id is the
-- primary key, so the foreign key needs no index of its own.
CREATE TABLE digests (
    question_id INTEGER PRIMARY KEY REFERENCES questions (id) ON DELETE CASCADE,
    points      TEXT NOT NULL CHECK (json_valid(points)),
    hash        BLOB NOT NULL
) STRICT;
