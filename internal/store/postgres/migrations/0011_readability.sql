-- As SQLite's 0011 (issue 12), numbered alike so that a number means the
-- same step on both backends (0007–0010 are left to the accounts and
-- editorial tables). Concept lookup needs no new table: topic_cuis (0002)
-- is the index from a UMLS concept to its topics.
--
-- answer_readability holds each answer's reading grades, computed when
-- the answer is imported (Sync writes what the import computed). A table
-- of its own rather than answers columns, as on SQLite: an answer too
-- short to grade has no row, and the answers statements stay as they
-- are. Deleting an answer deletes its grades (cascade). double precision
-- is SQLite's REAL: a float64 reads back exactly as it was written.
-- NaN is refused as SQLite refuses it (it binds NaN as NULL, which NOT
-- NULL rejects); PostgreSQL would store it and sort it above every grade.
CREATE TABLE answer_readability (
    answer_id bigint PRIMARY KEY REFERENCES answers (id) ON DELETE CASCADE,
    grade     double precision NOT NULL CHECK (grade <> 'NaN'),
    smog      double precision NOT NULL CHECK (smog <> 'NaN')
);

-- The reviewers' queue of hard answers reads the hardest first.
CREATE INDEX answer_readability_grade ON answer_readability (grade DESC);
