-- Schema for the reader pages, as SQLite's 0002: alphabetical topic
-- listings, related topics, source pages, sitemaps and the version.

-- letter is the first character of the name folded to ASCII upper case,
-- or '#' for anything else (a digit, punctuation, an accented letter, an
-- empty name). ascii() gives the first code point (0 for ''), so no
-- pattern, locale or collation is involved. STORED: PostgreSQL has no
-- virtual generated columns before 18.
ALTER TABLE topics ADD COLUMN letter text COLLATE "C" NOT NULL GENERATED ALWAYS AS (
    CASE
        WHEN ascii(name) BETWEEN 65 AND 90 THEN chr(ascii(name))
        WHEN ascii(name) BETWEEN 97 AND 122 THEN chr(ascii(name) - 32)
        ELSE '#'
    END
) STORED;

-- Listings are ordered by ascii_lower(name), slug, byte by byte.
CREATE INDEX topics_letter_name ON topics (letter, ascii_lower(name), slug);
CREATE INDEX topics_name ON topics (ascii_lower(name), slug);

-- topic_cuis lists each topic's concepts, one row each, so that related
-- topics are found through an index. Triggers keep it in step with
-- topics.cuis inside whatever transaction writes topics; deleting a
-- topic cascades. Empty strings are not concepts. The triggers are per
-- statement, over transition tables, so that a COPY of ten thousand
-- topics fills topic_cuis with one INSERT rather than ten thousand.
-- (Transition tables cannot go with a column list, so the update
-- trigger compares cuis itself.)
CREATE TABLE topic_cuis (
    topic_id bigint NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    cui      text COLLATE "C" NOT NULL,
    PRIMARY KEY (topic_id, cui)
);

CREATE INDEX topic_cuis_cui ON topic_cuis (cui);

CREATE FUNCTION topics_cuis_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO topic_cuis (topic_id, cui)
        SELECT DISTINCT n.id, c FROM new_rows n, unnest(n.cuis) AS c WHERE c <> '';
    RETURN NULL;
END
$$;

CREATE FUNCTION topics_cuis_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM topic_cuis t USING new_rows n JOIN old_rows o ON o.id = n.id
        WHERE t.topic_id = n.id AND n.cuis IS DISTINCT FROM o.cuis;
    INSERT INTO topic_cuis (topic_id, cui)
        SELECT DISTINCT n.id, c FROM new_rows n JOIN old_rows o ON o.id = n.id, unnest(n.cuis) AS c
        WHERE c <> '' AND n.cuis IS DISTINCT FROM o.cuis;
    RETURN NULL;
END
$$;

CREATE TRIGGER topics_cuis_insert AFTER INSERT ON topics
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION topics_cuis_insert();
CREATE TRIGGER topics_cuis_update AFTER UPDATE ON topics
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION topics_cuis_update();

-- A question's lead is its first answer with text by (source_key, key).
CREATE INDEX answers_with_text ON answers (question_id, source_key, key) WHERE text <> '';

-- A source's page counts its questions, topics and answers with text.
CREATE INDEX answers_source_question ON answers (source_key, question_id);

-- Sitemaps want each question's newest updated_at.
CREATE INDEX answers_question_updated ON answers (question_id, updated_at);

-- version changes in every Sync that changes anything; caches of
-- rendered pages key on it. Sync sets it to GREATEST(version + 1, the
-- clock in microseconds), so it only grows and a database dropped and
-- built again does not reuse the numbers of the old one.
CREATE TABLE store_version (
    id      integer PRIMARY KEY CHECK (id = 1),
    version bigint NOT NULL
);

INSERT INTO store_version (id, version) VALUES (1, 0);
