-- Issue 11 (ask failure class 3). abbreviations holds the abbreviation
-- definitions learned at import from each answer's text by the
-- Schwartz–Hearst algorithm (internal/abbrev): "chronic inflammatory
-- demyelinating polyneuropathy (CIDP)" gives the row (CIDP, chronic
-- inflammatory demyelinating polyneuropathy). Search reads them to
-- understand abbreviations the topics' synonyms lack.
--
-- Each row belongs to the answer that wrote it: Sync replaces the pairs
-- of an answer whose text changed, and deleting an answer deletes its
-- pairs (cascade). Both forms are kept as the answer writes them. The
-- key is the whole row, so an answer states a pair once; WITHOUT ROWID
-- keeps the rows in that key's order, which is the order Load reads an
-- answer's pairs in. (0012 is another change's number.)
CREATE TABLE abbreviations (
    answer_id  INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
    short_form TEXT NOT NULL CHECK (short_form <> ''),
    long_form  TEXT NOT NULL CHECK (long_form <> ''),
    PRIMARY KEY (answer_id, short_form, long_form)
) STRICT, WITHOUT ROWID;
