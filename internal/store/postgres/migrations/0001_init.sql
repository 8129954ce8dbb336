-- The content tables, in PostgreSQL's dialect. They mirror SQLite's
-- 0001 (internal/store/sqlite/migrations) column for column; where the
-- dialects differ the choice is explained in docs/POSTGRES.md.
--
-- Every text column that is listed, compared or sorted is COLLATE "C":
-- the suite orders by Go's byte-by-byte string comparison, never by a
-- locale's collation, and "C" is that whatever the database's default.

-- ascii_lower folds A-Z to a-z and nothing else, as SQLite's lower() and
-- LIKE do without ICU. Under the "C" collation PostgreSQL's lower() is
-- defined to fold ASCII letters only, whatever the database's locale or
-- the build's locale data ("Ö" stays "Ö"); naming the collation here
-- makes that independent of the caller's. (translate() over A-Z would
-- say the same more literally, but costs 20 times as much per row.)
-- IMMUTABLE, so that indexes can use it.
CREATE FUNCTION ascii_lower(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN lower($1 COLLATE "C");

-- Sources are keyed by the dataset's own key. Sync upserts them and never
-- deletes them, since answers of other datasets may still cite them.
CREATE TABLE sources (
    key         text COLLATE "C" PRIMARY KEY,
    name        text NOT NULL,
    short_name  text NOT NULL,
    home_url    text NOT NULL,
    description text NOT NULL,
    kind        text NOT NULL
);

-- Lists are text[]: typed, so no JSON check is needed, but an array can
-- still be two-dimensional or hold NULLs, which the checks refuse.
-- hash is a SHA-256 of the row's content, so that a Sync skips unchanged
-- rows without comparing every column.
CREATE TABLE topics (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug           text COLLATE "C" NOT NULL UNIQUE,
    name           text COLLATE "C" NOT NULL,
    category       text NOT NULL,
    semantic_group text NOT NULL,
    cuis           text[] COLLATE "C" NOT NULL,
    semantic_types text[] NOT NULL,
    synonyms       text[] NOT NULL,
    foci           text[] NOT NULL,
    hash           bytea NOT NULL CHECK (length(hash) = 32),
    CHECK (coalesce(array_ndims(cuis), 1) = 1 AND array_position(cuis, NULL) IS NULL),
    CHECK (coalesce(array_ndims(semantic_types), 1) = 1 AND array_position(semantic_types, NULL) IS NULL),
    CHECK (coalesce(array_ndims(synonyms), 1) = 1 AND array_position(synonyms, NULL) IS NULL),
    CHECK (coalesce(array_ndims(foci), 1) = 1 AND array_position(foci, NULL) IS NULL)
);

CREATE TABLE questions (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug     text COLLATE "C" NOT NULL UNIQUE,
    topic_id bigint NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    type     text COLLATE "C" NOT NULL,
    title    text COLLATE "C" NOT NULL,
    hash     bytea NOT NULL CHECK (length(hash) = 32)
);

CREATE INDEX questions_topic_id ON questions (topic_id);

-- answers.question_id has no ON DELETE action on purpose: Sync deletes
-- only questions left without answers, so deleting one that still has
-- answers is a bug and should fail loudly rather than cascade.
-- Timestamps are timestamptz: microseconds, which Sync truncates to
-- explicitly (docs/POSTGRES.md).
CREATE TABLE answers (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key             text COLLATE "C" NOT NULL UNIQUE,
    doc_id          text COLLATE "C" NOT NULL,
    question_id     bigint NOT NULL REFERENCES questions (id),
    source_key      text COLLATE "C" NOT NULL REFERENCES sources (key),
    dataset         text COLLATE "C" NOT NULL,
    origin          text NOT NULL,
    source_url      text NOT NULL,
    source_question text NOT NULL,
    text            text NOT NULL,
    hash            bytea NOT NULL CHECK (length(hash) = 32),
    imported_at     timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

CREATE INDEX answers_question_source ON answers (question_id, source_key);
CREATE INDEX answers_doc_id ON answers (doc_id);
CREATE INDEX answers_dataset ON answers (dataset);

-- imports is an append-only log: one row per successful Sync.
CREATE TABLE imports (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dataset     text NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    counts      jsonb NOT NULL CHECK (jsonb_typeof(counts) = 'object')
);

-- Answer text past 2 kB is compressed (TOAST); lz4 costs a fraction of
-- the CPU of the default pglz, for a little more space. A server built
-- without lz4 keeps pglz.
DO $$
BEGIN
    ALTER TABLE answers ALTER COLUMN text SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    NULL;
END
$$;
