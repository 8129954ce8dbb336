-- The editorial workflow (issue 9), in PostgreSQL's dialect: the tables
-- of SQLite's 0006 (its answers columns are PostgreSQL's 0006), the
-- indexes of SQLite's 0008, and the foreign keys from those answers
-- columns, which could not exist before users (0005) and submissions
-- (here). A submission is one contributor's answer to a question, or a
-- proposed question with its answer, through its revisions, reviews and
-- publication. Drafts and everything not published live only here:
-- public reads never touch these tables. A published submission has one
-- row in answers (dataset 'contributors'), written and deleted with
-- store_version bumped in the same transaction.
--
-- question_slug is not a foreign key: a MedQuAD re-import may remove a
-- question, and that must never fail because a draft names it.
CREATE TABLE submissions (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    author_id          bigint NOT NULL REFERENCES users (id),
    source_key         text COLLATE "C" REFERENCES sources (key), -- the organization the author speaks for; NULL for a person
    question_slug      text COLLATE "C" NOT NULL DEFAULT '',      -- '' while a proposed question awaits mapping
    proposed_title     text NOT NULL DEFAULT '',
    proposed_topic     text COLLATE "C" NOT NULL DEFAULT '',      -- a topic slug
    proposed_type      text COLLATE "C" NOT NULL DEFAULT '',      -- a question type key
    state              text COLLATE "C" NOT NULL CHECK (state IN
        ('draft', 'submitted', 'changes_requested', 'approved', 'rejected', 'published', 'unpublished')),
    revision           integer NOT NULL,              -- newest revision number: the optimistic lock
    published_revision integer NOT NULL DEFAULT 0,    -- 0: never published
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL
);

CREATE INDEX submissions_state ON submissions (state, updated_at);
CREATE INDEX submissions_author ON submissions (author_id);
CREATE INDEX submissions_source ON submissions (source_key) WHERE source_key IS NOT NULL;
CREATE INDEX submissions_question ON submissions (question_slug);

-- Every saved revision is kept: a draft is never lost, and the history
-- page and the reviewer's diff read from here.
CREATE TABLE revisions (
    submission_id bigint NOT NULL REFERENCES submissions (id),
    number        integer NOT NULL,
    markdown      text NOT NULL,
    html          text NOT NULL,   -- rendered and sanitized once, at save
    text          text NOT NULL,   -- plain text, for search and the digest
    author_id     bigint NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (submission_id, number)
);

-- Reviewers' decisions with their comments.
CREATE TABLE reviews (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id bigint NOT NULL REFERENCES submissions (id),
    revision      integer NOT NULL,
    reviewer_id   bigint NOT NULL REFERENCES users (id),
    decision      text COLLATE "C" NOT NULL CHECK (decision IN ('approved', 'changes_requested', 'rejected', 'unpublished')),
    comment       text NOT NULL DEFAULT '',
    at            timestamptz NOT NULL
);

CREATE INDEX reviews_submission ON reviews (submission_id);

-- A published contributor answer is an ordinary answers row; these
-- columns (0006) say which submission it is and who wrote and reviewed
-- it. Imported answers leave them NULL.
ALTER TABLE answers ADD FOREIGN KEY (submission_id) REFERENCES submissions (id);
ALTER TABLE answers ADD FOREIGN KEY (author_id) REFERENCES users (id);
ALTER TABLE answers ADD FOREIGN KEY (reviewed_by) REFERENCES users (id);
CREATE INDEX answers_submission ON answers (submission_id) WHERE submission_id IS NOT NULL;
