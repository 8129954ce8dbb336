-- As SQLite's 0014 (issue 11, ask failure class 3), the same number
-- on both backends (0013 is store_version.imported).
--
-- abbreviations holds the abbreviation definitions learned at import
-- from each answer's text by the Schwartz–Hearst algorithm
-- (internal/abbrev): "chronic inflammatory demyelinating polyneuropathy
-- (CIDP)" gives the row (CIDP, chronic inflammatory demyelinating
-- polyneuropathy). Search reads them to understand abbreviations the
-- topics' synonyms lack.
--
-- Each row belongs to the answer that wrote it: Sync replaces the pairs
-- of an answer whose text changed, and deleting an answer deletes its
-- pairs (cascade). Both forms are kept as the answer writes them, and
-- compared and sorted byte by byte (COLLATE "C", as every listed text
-- column). The key is the whole row, so an answer states a pair once;
-- its index also finds an answer's pairs for the cascade.
CREATE TABLE abbreviations (
    answer_id  bigint NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
    short_form text COLLATE "C" NOT NULL CHECK (short_form <> ''),
    long_form  text COLLATE "C" NOT NULL CHECK (long_form <> ''),
    PRIMARY KEY (answer_id, short_form, long_form)
);
