-- Schema for the reader pages: alphabetical topic listings, related
-- topics, source pages, sitemaps and the page cache's version.

-- letter is the first letter of the name folded to ASCII upper case, or
-- '#' for a name starting with anything else (a digit, punctuation, an
-- accented letter). The GLOB admits ASCII letters only, so upper() never
-- meets a character whose folding would depend on the build. It is
-- VIRTUAL because ALTER TABLE cannot add a STORED column; the indexes
-- below store it anyway. (SQLite will not count from those indexes
-- alone, as a generated column is computed from the row; a plain column
-- kept by triggers would, but measured only 15% faster.)
ALTER TABLE topics ADD COLUMN letter TEXT NOT NULL GENERATED ALWAYS AS (
    CASE WHEN substr(name, 1, 1) GLOB '[A-Za-z]' THEN upper(substr(name, 1, 1)) ELSE '#' END
) VIRTUAL;

-- Listings are ordered by lower(name), slug, within a letter or over all
-- topics; these indexes give that order without sorting.
CREATE INDEX topics_letter_name ON topics (letter, lower(name), slug);
CREATE INDEX topics_name ON topics (lower(name), slug);

-- topic_cuis lists each topic's concepts, one row each, so that related
-- topics are found through an index rather than by parsing every topic's
-- JSON. Triggers keep it in step with topics.cuis, inside whatever
-- transaction writes topics (Sync's), so it can never disagree with
-- them; deleting a topic cascades. Empty strings are not concepts.
CREATE TABLE topic_cuis (
    topic_id INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    cui      TEXT NOT NULL,
    PRIMARY KEY (topic_id, cui)
) STRICT, WITHOUT ROWID;

CREATE INDEX topic_cuis_cui ON topic_cuis (cui);

CREATE TRIGGER topics_cuis_insert AFTER INSERT ON topics BEGIN
    INSERT OR IGNORE INTO topic_cuis (topic_id, cui)
        SELECT NEW.id, value FROM json_each(NEW.cuis) WHERE type = 'text' AND value <> '';
END;

CREATE TRIGGER topics_cuis_update AFTER UPDATE OF cuis ON topics
WHEN NEW.cuis IS NOT OLD.cuis BEGIN
    DELETE FROM topic_cuis WHERE topic_id = OLD.id;
    INSERT OR IGNORE INTO topic_cuis (topic_id, cui)
        SELECT NEW.id, value FROM json_each(NEW.cuis) WHERE type = 'text' AND value <> '';
END;

INSERT OR IGNORE INTO topic_cuis (topic_id, cui)
    SELECT t.id, j.value FROM topics t, json_each(t.cuis) j WHERE j.type = 'text' AND j.value <> '';

-- A question's lead is its first answer with text by (source_key, key):
-- one seek in this partial index.
CREATE INDEX answers_with_text ON answers (question_id, source_key, key) WHERE text <> '';

-- This replaces answers_source_key, which foreign key checks still find
-- leading it. A source's page reaches its questions, and so its topics,
-- and counts its answers with text, from this index alone: SQLite reads
-- an indexed expression from the index instead of computing it from the
-- row, which here would mean reading every answer's text.
DROP INDEX answers_source_key;
CREATE INDEX answers_source_question ON answers (source_key, question_id, (text <> ''));

-- Sitemaps want each question's newest updated_at: one seek each here.
CREATE INDEX answers_question_updated ON answers (question_id, updated_at);

-- version changes in every Sync that changes anything; caches of
-- rendered pages key on it. Sync sets it to max(version + 1, the clock
-- in microseconds), so it only grows and a database deleted and built
-- again does not reuse the numbers of the old one. A database that
-- already holds imports starts from the clock too.
CREATE TABLE store_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
) STRICT;

INSERT INTO store_version (id, version)
    SELECT 1, CASE WHEN EXISTS (SELECT 1 FROM imports)
        THEN CAST(unixepoch('subsec') * 1000000 AS INTEGER) ELSE 0 END;
