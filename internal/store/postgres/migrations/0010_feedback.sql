-- Readers' feedback (issue 9 item 6), as SQLite's 0010: "Was this answer
-- helpful?" under every answer, without an account. One row per browser
-- per answer: voter_hash is the SHA-256 of the browser's random voter
-- cookie joined with the answer key, so the database holds no usable
-- cookie and cannot link one browser's votes on different answers. A
-- second vote from the same browser replaces the first (the UNIQUE
-- below, written as an upsert).
--
-- answer_key is not a foreign key: imports and unpublishing delete and
-- insert answers, and feedback must neither slow those down nor block
-- them. Nothing here changes store_version: a vote must not invalidate
-- the page cache or rebuild the search index, and feedback is used
-- nowhere in ranking.
CREATE TABLE feedback_votes (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    answer_key text COLLATE "C" NOT NULL,
    voter_hash bytea NOT NULL CHECK (length(voter_hash) = 32),
    helpful    boolean NOT NULL,
    reason     text NOT NULL DEFAULT '' CHECK (char_length(reason) <= 280),
    at         timestamptz NOT NULL,
    UNIQUE (answer_key, voter_hash)
);

-- The reviewers' page lists answers by their newest vote and each
-- answer's reasons newest first.
CREATE INDEX feedback_votes_answer_at ON feedback_votes (answer_key, at);
CREATE INDEX feedback_votes_at ON feedback_votes (at);
