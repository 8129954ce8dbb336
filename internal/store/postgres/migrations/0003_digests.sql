-- A digest is what the sources of one question say, computed at import
-- and synced with the content, as SQLite's 0003. points is jsonb, an
-- array checked as such; hash is over the canonical text Sync encodes,
-- so that an unchanged digest is skipped without decoding it.
CREATE TABLE digests (
    question_id bigint PRIMARY KEY REFERENCES questions (id) ON DELETE CASCADE,
    points      jsonb NOT NULL CHECK (jsonb_typeof(points) = 'array'),
    hash        bytea NOT NULL CHECK (length(hash) = 32)
);
