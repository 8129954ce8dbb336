-- Readers' feedback (issue 9 item 6): "Was this answer helpful?" under
-- every answer, without an account. One row per browser per answer:
-- voter_hash is the SHA-256 of the browser's random voter cookie joined
-- with the answer key, so the database holds no usable cookie and cannot
-- link one browser's votes on different answers. A second vote from the
-- same browser replaces the first (UNIQUE below, written as an upsert).
--
-- answer_key is not a foreign key: answers are deleted and inserted by
-- imports and by unpublishing, and feedback must neither slow those down
-- nor block them; votes on an answer that is gone stay, and the reviewers'
-- page says the answer is no longer published. Nothing here changes
-- store_version: a vote must not invalidate the page cache or rebuild the
-- search index, and feedback is used nowhere in ranking.
CREATE TABLE feedback_votes (
    id         INTEGER PRIMARY KEY,
    answer_key TEXT NOT NULL,
    voter_hash BLOB NOT NULL CHECK (length(voter_hash) = 32),
    helpful    INTEGER NOT NULL CHECK (helpful IN (0, 1)),
    reason     TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 280),
    at         TEXT NOT NULL,
    UNIQUE (answer_key, voter_hash)
) STRICT;

-- The reviewers' page lists answers by their newest vote and each
-- answer's reasons newest first.
CREATE INDEX feedback_votes_answer_at ON feedback_votes (answer_key, at);
CREATE INDEX feedback_votes_at ON feedback_votes (at);
