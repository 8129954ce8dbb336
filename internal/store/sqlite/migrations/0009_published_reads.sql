-- Reads of published contributor answers (issue 9):
-- a profile lists the answers a person wrote or reviewed, and the stale
-- queue the contributor answers by review date. Imported answers leave
-- these columns NULL, so partial indexes hold only contributor answers
-- and cost nothing for the 47k imported ones.
CREATE INDEX answers_author ON answers (author_id) WHERE author_id IS NOT NULL;
CREATE INDEX answers_reviewer ON answers (reviewed_by) WHERE reviewed_by IS NOT NULL;
CREATE INDEX answers_contributor_review ON answers (reviewed_at, key) WHERE dataset = 'contributors';
