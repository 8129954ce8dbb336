package storetest

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"healthqa/internal/model"
)

// This file writes contributor content straight into the tables of
// migrations 0005 and 0006, the way the editorial workflow's publish and
// unpublish will (dataset "contributors", key "contrib-<submission id>",
// author_id, html, text, reviewed_by, reviewed_at, source "contributors"
// or the author's organization, store_version bumped in the same
// transaction), so that the reading side can be tested before that
// workflow exists. TODO(issue 9): switch to store.Editorial's publish
// and accounts' CreateUser once both branches are merged; the tests
// built on these helpers keep their expectations. The SQL is SQLite's.

// Seeder writes contributor rows into a backend's database.
type Seeder struct {
	DB  *sql.DB
	Now time.Time // stamps created_at; zero means t0
}

func (sd Seeder) now() string {
	if sd.Now.IsZero() {
		return stamp(t0)
	}
	return stamp(sd.Now)
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000000Z07:00") }

// User inserts an account with roles and returns its id.
func (sd Seeder) User(t testing.TB, p model.Person, roles ...model.Role) int64 {
	t.Helper()
	var src any
	if p.SourceKey != "" {
		src = p.SourceKey
	}
	res, err := sd.DB.Exec(`INSERT INTO users (email, slug, name, credentials, specialty, affiliation, bio, source_key, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.Slug+"@people.test", p.Slug, p.Name, p.Credentials, p.Specialty, p.Affiliation, p.Bio, src, sd.now())
	if err != nil {
		t.Fatalf("seed user %q: %v", p.Slug, err)
	}
	id, _ := res.LastInsertId()
	for _, r := range roles {
		if _, err := sd.DB.Exec(`INSERT INTO user_roles (user_id, role) VALUES (?, ?)`, id, string(r)); err != nil {
			t.Fatalf("seed role %s: %v", r, err)
		}
	}
	return id
}

// Revision is one saved revision of a submission.
type Revision struct {
	Text   string // plain text; the HTML is one <p> of it, escaped
	Author int64  // 0: the submission's author
}

// Submission is a contributor's answer to a question in some state.
type Submission struct {
	Author       int64
	SourceKey    string // the organization the author speaks for
	QuestionSlug string
	State        string // draft, submitted, changes_requested, rejected, published, unpublished
	Revisions    []Revision
	// Approved lists the revision numbers a reviewer approved, in order,
	// each at ApprovedAt[i]; the last one is published when State is
	// "published".
	Approved   []int
	ApprovedAt []time.Time
	Reviewer   int64
}

// Submit writes the submission, its revisions and reviews and, when it
// is published, its answers row; it returns the submission id and the
// answer key ("" if not published).
func (sd Seeder) Submit(t testing.TB, s Submission) (int64, string) {
	t.Helper()
	tx, err := sd.DB.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	id, key, err := sd.submit(tx, s)
	if err != nil {
		t.Fatalf("seed submission for %q: %v", s.QuestionSlug, err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return id, key
}

func (sd Seeder) submit(tx *sql.Tx, s Submission) (int64, string, error) {
	var src any
	if s.SourceKey != "" {
		src = s.SourceKey
	}
	published := 0
	if s.State == "published" || s.State == "unpublished" {
		published = s.Approved[len(s.Approved)-1]
	}
	res, err := tx.Exec(`INSERT INTO submissions (author_id, source_key, question_slug, state, revision,
		published_revision, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		s.Author, src, s.QuestionSlug, s.State, len(s.Revisions), published, sd.now(), sd.now())
	if err != nil {
		return 0, "", err
	}
	id, _ := res.LastInsertId()
	for i, r := range s.Revisions {
		author := r.Author
		if author == 0 {
			author = s.Author
		}
		_, err := tx.Exec(`INSERT INTO revisions (submission_id, number, markdown, html, text, author_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, i+1, r.Text, htmlOf(r.Text), r.Text, author, sd.now())
		if err != nil {
			return 0, "", err
		}
	}
	for i, n := range s.Approved {
		_, err := tx.Exec(`INSERT INTO reviews (submission_id, revision, reviewer_id, decision, at)
			VALUES (?, ?, ?, 'approved', ?)`, id, n, s.Reviewer, stamp(s.ApprovedAt[i]))
		if err != nil {
			return 0, "", err
		}
	}
	if s.State != "published" {
		// Nothing public changed: drafts and decisions that publish
		// nothing leave the version, and so every cache, alone.
		return id, "", nil
	}
	key := fmt.Sprintf("contrib-%d", id)
	rev := s.Revisions[published-1]
	at := s.ApprovedAt[len(s.ApprovedAt)-1]
	return id, key, sd.publish(tx, id, key, s, rev.Text, at)
}

// publish writes the answers row as the editorial workflow's publish does.
func (sd Seeder) publish(tx *sql.Tx, id int64, key string, s Submission, text string, at time.Time) error {
	source := s.SourceKey
	if source == "" {
		source = model.ContributorsSource
		_, err := tx.Exec(`INSERT OR IGNORE INTO sources (key, name, short_name, home_url, description, kind)
			VALUES (?, 'Contributors', 'Contributors', '', 'Answers by individual experts, reviewed on healthqa.', ?)`,
			source, string(model.KindIndividual))
		if err != nil {
			return err
		}
	}
	var title string
	var qid int64
	if err := tx.QueryRow(`SELECT id, title FROM questions WHERE slug = ?`, s.QuestionSlug).Scan(&qid, &title); err != nil {
		return fmt.Errorf("question %q: %w", s.QuestionSlug, err)
	}
	_, err := tx.Exec(`INSERT INTO answers (key, doc_id, question_id, source_key, dataset, origin, source_url,
		source_question, text, hash, imported_at, updated_at, submission_id, author_id, html, reviewed_by, reviewed_at)
		VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, x'00', ?, ?, ?, ?, ?, ?, ?)`,
		key, key, qid, source, model.ContributorsDataset, fmt.Sprintf("submission %d", id), title, text,
		stamp(at), stamp(at), id, s.Author, htmlOf(text), s.Reviewer, stamp(at))
	if err != nil {
		return err
	}
	return bump(tx)
}

// Unpublish removes a published answer as the workflow will: the
// answers row goes, the submission and its trail stay.
func (sd Seeder) Unpublish(t testing.TB, submission int64, reviewer int64, at time.Time) {
	t.Helper()
	tx, err := sd.DB.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`DELETE FROM answers WHERE submission_id = ?`, []any{submission}},
		{`UPDATE submissions SET state = 'unpublished', updated_at = ? WHERE id = ?`, []any{stamp(at), submission}},
		{`INSERT INTO reviews (submission_id, revision, reviewer_id, decision, comment, at)
			SELECT id, published_revision, ?, 'unpublished', 'seeded unpublish', ? FROM submissions WHERE id = ?`,
			[]any{reviewer, stamp(at), submission}},
	} {
		if _, err := tx.Exec(q.sql, q.args...); err != nil {
			t.Fatalf("seed unpublish %d: %v", submission, err)
		}
	}
	if err := bump(tx); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// Revise adds a revision to a submission and sets its state, as saving
// and submitting a new revision of a published answer does: the answers
// row keeps the published text.
func (sd Seeder) Revise(t testing.TB, submission int64, text, state string) {
	t.Helper()
	_, err := sd.DB.Exec(`INSERT INTO revisions (submission_id, number, markdown, html, text, author_id, created_at)
		SELECT id, revision + 1, ?, ?, ?, author_id, ? FROM submissions WHERE id = ?`,
		text, htmlOf(text), text, sd.now(), submission)
	if err == nil {
		_, err = sd.DB.Exec(`UPDATE submissions SET revision = revision + 1, state = ? WHERE id = ?`, state, submission)
	}
	if err != nil {
		t.Fatalf("seed revision of %d: %v", submission, err)
	}
}

// bump moves store_version as every transaction that writes answers
// rows does.
func bump(tx *sql.Tx) error {
	_, err := tx.Exec(`UPDATE store_version SET version = max(version + 1, ?)`, time.Now().UnixMicro())
	return err
}

// htmlOf stands for the workflow's Markdown rendering: one escaped
// paragraph.
func htmlOf(text string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")
	return "<p>" + r.Replace(text) + "</p>"
}
