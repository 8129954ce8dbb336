-- The editorial workflow (issue 9). A submission is one contributor's
-- answer to a question, or a proposed question with its answer, through
-- its revisions, reviews and publication. Drafts and everything not
-- published live only here: public reads never touch these tables. A
-- published submission has one row in answers (dataset 'contributors'),
-- written and deleted with store_version bumped in the same transaction.
--
-- question_slug is not a foreign key: a MedQuAD re-import may remove a
-- question, and that must never fail because a draft names it.
CREATE TABLE submissions (
    id                 INTEGER PRIMARY KEY,
    author_id          INTEGER NOT NULL REFERENCES users (id),
    source_key         TEXT REFERENCES sources (key), -- the organization the author speaks for; NULL for a person
    question_slug      TEXT NOT NULL DEFAULT '',      -- '' while a proposed question awaits mapping
    proposed_title     TEXT NOT NULL DEFAULT '',
    proposed_topic     TEXT NOT NULL DEFAULT '',      -- a topic slug
    proposed_type      TEXT NOT NULL DEFAULT '',      -- a question type key
    state              TEXT NOT NULL CHECK (state IN
        ('draft', 'submitted', 'changes_requested', 'approved', 'rejected', 'published', 'unpublished')),
    revision           INTEGER NOT NULL,              -- newest revision number: the optimistic lock
    published_revision INTEGER NOT NULL DEFAULT 0,    -- 0: never published
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
) STRICT;

CREATE INDEX submissions_state ON submissions (state, updated_at);
CREATE INDEX submissions_author ON submissions (author_id);

-- Every saved revision is kept: a draft is never lost, and the history
-- page and the reviewer's diff read from here.
CREATE TABLE revisions (
    submission_id INTEGER NOT NULL REFERENCES submissions (id),
    number        INTEGER NOT NULL,
    markdown      TEXT NOT NULL,
    html          TEXT NOT NULL,   -- rendered and sanitized once, at save
    text          TEXT NOT NULL,   -- plain text, for search and the digest
    author_id     INTEGER NOT NULL REFERENCES users (id),
    created_at    TEXT NOT NULL,
    PRIMARY KEY (submission_id, number)
) STRICT;

-- Reviewers' decisions with their comments.
CREATE TABLE reviews (
    id            INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submissions (id),
    revision      INTEGER NOT NULL,
    reviewer_id   INTEGER NOT NULL REFERENCES users (id),
    decision      TEXT NOT NULL CHECK (decision IN ('approved', 'changes_requested', 'rejected', 'unpublished')),
    comment       TEXT NOT NULL DEFAULT '',
    at            TEXT NOT NULL
) STRICT;

CREATE INDEX reviews_submission ON reviews (submission_id);

-- A published contributor answer is an ordinary answers row, so every
-- read path (pages, API, ask, digest, sitemap) shows it with no second
-- query; these columns say who wrote and who reviewed it. Imported
-- answers leave them NULL and ''.
ALTER TABLE answers ADD COLUMN submission_id INTEGER REFERENCES submissions (id);
ALTER TABLE answers ADD COLUMN author_id INTEGER REFERENCES users (id);
ALTER TABLE answers ADD COLUMN html TEXT NOT NULL DEFAULT '';
ALTER TABLE answers ADD COLUMN reviewed_by INTEGER REFERENCES users (id);
ALTER TABLE answers ADD COLUMN reviewed_at TEXT NOT NULL DEFAULT '';

-- Answers by individual experts need a source row (answers.source_key is
-- NOT NULL): publishing the first one inserts the source 'contributors'
-- (model.ContributorsSource); their attribution is the author, never
-- that row's name.
