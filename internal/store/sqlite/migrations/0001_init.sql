-- Tables are STRICT so that a value of the wrong type is an error rather
-- than silently stored; JSON columns are checked for the same reason.

-- Sources are keyed by the dataset's own key. Sync upserts them and never
-- deletes them, since answers of other datasets may still cite them.
CREATE TABLE sources (
    key         TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    short_name  TEXT NOT NULL,
    home_url    TEXT NOT NULL,
    description TEXT NOT NULL,
    kind        TEXT NOT NULL
) STRICT;

-- Topics, questions and answers carry a hash of their content so that a
-- Sync can skip unchanged rows without comparing every column.
CREATE TABLE topics (
    id             INTEGER PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    category       TEXT NOT NULL,
    semantic_group TEXT NOT NULL,
    cuis           TEXT NOT NULL CHECK (json_valid(cuis)),
    semantic_types TEXT NOT NULL CHECK (json_valid(semantic_types)),
    synonyms       TEXT NOT NULL CHECK (json_valid(synonyms)),
    foci           TEXT NOT NULL CHECK (json_valid(foci)),
    hash           BLOB NOT NULL
) STRICT;

CREATE TABLE questions (
    id       INTEGER PRIMARY KEY,
    slug     TEXT NOT NULL UNIQUE,
    topic_id INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    type     TEXT NOT NULL,
    title    TEXT NOT NULL,
    hash     BLOB NOT NULL
) STRICT;

CREATE INDEX questions_topic_id ON questions (topic_id);

-- answers.question_id has no ON DELETE action on purpose: Sync deletes
-- only questions left without answers, so deleting one that still has
-- answers is a bug and should fail loudly rather than cascade.
-- Timestamps are fixed-width RFC 3339 UTC text with nanoseconds: exact,
-- readable in the sqlite3 shell, and ordered as text.
CREATE TABLE answers (
    id              INTEGER PRIMARY KEY,
    key             TEXT NOT NULL UNIQUE,
    doc_id          TEXT NOT NULL,
    question_id     INTEGER NOT NULL REFERENCES questions (id),
    source_key      TEXT NOT NULL REFERENCES sources (key),
    dataset         TEXT NOT NULL,
    origin          TEXT NOT NULL,
    source_url      TEXT NOT NULL,
    source_question TEXT NOT NULL,
    text            TEXT NOT NULL,
    hash            BLOB NOT NULL,
    imported_at     TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

-- (question_id, source_key) serves both a question's answers and the
-- distinct sources per question or topic without touching the table.
CREATE INDEX answers_question_source ON answers (question_id, source_key);
CREATE INDEX answers_doc_id ON answers (doc_id);
CREATE INDEX answers_dataset ON answers (dataset);
-- SQLite checks a foreign key's children by scanning unless they are
-- indexed.
CREATE INDEX answers_source_key ON answers (source_key);

-- imports is an append-only log: one row per successful Sync.
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    dataset     TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    counts      TEXT NOT NULL CHECK (json_valid(counts))
) STRICT;
