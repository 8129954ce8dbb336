-- The answers columns of SQLite's 0006 (issue 9's editorial workflow):
-- who wrote and who reviewed a published contributor answer. Only the
-- columns: users and submissions (SQLite's 0005 and the rest of 0006)
-- are not on PostgreSQL yet, so the foreign keys to them are added by the
-- migration that creates those tables. 0005 is left free for it.
ALTER TABLE answers ADD COLUMN submission_id bigint;
ALTER TABLE answers ADD COLUMN author_id bigint;
ALTER TABLE answers ADD COLUMN html text NOT NULL DEFAULT '';
ALTER TABLE answers ADD COLUMN reviewed_by bigint;
ALTER TABLE answers ADD COLUMN reviewed_at timestamptz;

-- As SQLite's 0009: partial indexes holding only contributor answers.
CREATE INDEX answers_author ON answers (author_id) WHERE author_id IS NOT NULL;
CREATE INDEX answers_reviewer ON answers (reviewed_by) WHERE reviewed_by IS NOT NULL;
CREATE INDEX answers_contributor_review ON answers (reviewed_at, key) WHERE dataset = 'contributors';
