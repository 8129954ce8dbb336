-- Editorial reads (issue 9). Whether a submission is
-- live is an answers row naming it; the partial index holds contributor
-- rows only, so the imported ones cost nothing. The dashboard lists an
-- organization's submissions, and a new submission checks for an open
-- one on the same question.
CREATE INDEX answers_submission ON answers (submission_id) WHERE submission_id IS NOT NULL;
CREATE INDEX submissions_source ON submissions (source_key) WHERE source_key IS NOT NULL;
CREATE INDEX submissions_question ON submissions (question_slug);
