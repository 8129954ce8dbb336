-- Issue 12. Concept lookup needs no new table: topic_cuis (0002) is the
-- index from a UMLS concept to its topics.
--
-- answer_readability holds each answer's reading grades, computed once
-- when the answer is imported (Sync writes what the import computed) or
-- published (the editorial publish step). A separate table rather than
-- answers columns: answers without text, or too short to grade, simply
-- have no row, and the answers statements of other features stay as
-- they are. Deleting an answer cascades.
CREATE TABLE answer_readability (
    answer_id INTEGER PRIMARY KEY REFERENCES answers (id) ON DELETE CASCADE,
    grade     REAL NOT NULL,
    smog      REAL NOT NULL
) STRICT;

-- The reviewers' queue of hard answers reads the hardest first.
CREATE INDEX answer_readability_grade ON answer_readability (grade DESC);
