package sqlite

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"healthqa/internal/store"
	"healthqa/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		return openTemp(t)
	})
}

// openTemp opens a new database in a temporary directory. Closing it is
// left to the caller, as storetest.Run closes the stores it is given.
func openTemp(t *testing.T) *DB {
	t.Helper()
	d, err := Open(context.Background(), filepath.Join(t.TempDir(), "healthqa.db"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mustOpen(t *testing.T, path string) *DB {
	t.Helper()
	d, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestOpenCreatesFile(t *testing.T) {
	tests := []struct{ name, rel string }{
		{"plain", "healthqa.db"},
		{"missing parents", "a/b/c/healthqa.db"},
		{"characters a URI would misread", "dir with space/50% #1?/q&a=x.db"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tc.rel)
			mustOpen(t, path)
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatalf("after Open: %v", err)
			}
			if fi.Size() == 0 {
				t.Errorf("%s is empty; want the schema written", path)
			}
		})
	}
}

// TestPragmasOnEveryConnection holds several pooled connections at once,
// so that each is a distinct SQLite connection, and checks that each got
// the DSN's pragmas.
func TestPragmasOnEveryConnection(t *testing.T) {
	ctx := context.Background()
	d := mustOpen(t, filepath.Join(t.TempDir(), "healthqa.db"))
	const n = 4
	for i := range n {
		conn, err := d.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close() // held until the test ends, forcing new connections
		for _, p := range []struct{ pragma, want string }{
			{"journal_mode", "wal"},
			{"foreign_keys", "1"},
			{"busy_timeout", "5000"},
			{"synchronous", "1"}, // NORMAL
		} {
			var got string
			if err := conn.QueryRowContext(ctx, "PRAGMA "+p.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != p.want {
				t.Errorf("connection %d: PRAGMA %s = %s; want %s", i, p.pragma, got, p.want)
			}
		}
	}
	if open := d.db.Stats().OpenConnections; open < n {
		t.Errorf("%d connections open; the test meant to check %d", open, n)
	}
}

func TestForeignKeysEnforced(t *testing.T) {
	d := mustOpen(t, filepath.Join(t.TempDir(), "healthqa.db"))
	_, err := d.db.Exec(`INSERT INTO questions (slug, topic_id, type, title, hash) VALUES ('q', 999, 't', 't', x'00')`)
	if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Errorf("insert of a question with no topic: err = %v; want a FOREIGN KEY error", err)
	}
}

func TestMigrationsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "healthqa.db")
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	var first string
	for i := range 3 {
		d, err := Open(context.Background(), path)
		if err != nil {
			t.Fatalf("open #%d: %v", i+1, err)
		}
		var count, maxVersion int
		var applied string
		err = d.db.QueryRow(`SELECT COUNT(*), MAX(version), group_concat(applied_at) FROM schema_migrations`).
			Scan(&count, &maxVersion, &applied)
		d.Close()
		if err != nil {
			t.Fatal(err)
		}
		if count != len(ms) || maxVersion != ms[len(ms)-1].version {
			t.Errorf("open #%d: %d migrations up to version %d; want %d up to %d",
				i+1, count, maxVersion, len(ms), ms[len(ms)-1].version)
		}
		if i == 0 {
			first = applied
		} else if applied != first {
			t.Errorf("open #%d: applied_at %s; want unchanged %s", i+1, applied, first)
		}
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "healthqa.db")
	d := mustOpen(t, path)
	if _, err := d.db.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 'later')`); err != nil {
		t.Fatal(err)
	}
	d.Close()
	_, err := Open(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), "9999") || !strings.Contains(err.Error(), path) {
		t.Errorf("Open of a newer schema: err = %v; want one naming version 9999 and %s", err, path)
	}
}

func TestNotADatabase(t *testing.T) {
	tests := []struct {
		name    string
		content []byte
	}{
		{"text", []byte(strings.Repeat("this is not a database\n", 200))},
		{"short", []byte("hello, world, this is a short file that is not sqlite at all, no not at all, not even close!!!!!!")},
		{"zeros", make([]byte, 8192)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "notes.txt")
			if err := os.WriteFile(path, tc.content, 0o644); err != nil {
				t.Fatal(err)
			}
			d, err := Open(context.Background(), path)
			if err == nil {
				d.Close()
				t.Fatal("Open succeeded; want an error")
			}
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "not a SQLite database") {
				t.Errorf("err = %v; want it to name %s and say it is not a SQLite database", err, path)
			}
			if got, _ := os.ReadFile(path); !bytes.Equal(got, tc.content) {
				t.Errorf("Open changed the file")
			}
		})
	}
}

func TestReopenPersists(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "healthqa.db")
	c := storetest.GenerateContent(20, 60, 150, 200)
	d := mustOpen(t, path)
	if _, err := d.Sync(ctx, "medquad", c, store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	want, err := d.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, wantAnswers, err := d.Question(ctx, c.Questions[0].Slug)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()

	d = mustOpen(t, path)
	got, err := d.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got != want || got.Answers != 150 {
		t.Errorf("Stats after reopen = %+v; want %+v with 150 answers", got, want)
	}
	_, gotAnswers, err := d.Question(ctx, c.Questions[0].Slug)
	if err != nil {
		t.Fatal(err)
	}
	if len(gotAnswers) != len(wantAnswers) || len(gotAnswers) == 0 || gotAnswers[0] != wantAnswers[0] {
		t.Errorf("answers after reopen = %+v; want %+v", gotAnswers, wantAnswers)
	}
}

// TestStoredVerbatim looks at the columns themselves: lists are JSON
// without HTML escaping, and times are exact to the nanosecond.
func TestStoredVerbatim(t *testing.T) {
	ctx := context.Background()
	d := openTemp(t)
	defer d.Close()
	c := storetest.GenerateContent(1, 1, 1, 10)
	c.Topics[0].Synonyms = []string{`<script>"x"</script>`, "Sjögren"}
	c.Topics[0].CUIs = nil
	now := time.Date(2024, 3, 1, 12, 0, 0, 123456789, time.FixedZone("x", -7*3600))
	if _, err := d.Sync(ctx, "medquad", c, store.SyncOptions{Now: now}); err != nil {
		t.Fatal(err)
	}
	var synonyms, cuis, updated string
	err := d.db.QueryRow(`SELECT t.synonyms, t.cuis, a.updated_at FROM topics t, answers a`).Scan(&synonyms, &cuis, &updated)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct{ name, got, want string }{
		{"synonyms", synonyms, `["<script>\"x\"</script>","Sjögren"]`},
		{"nil list", cuis, `[]`},
		{"updated_at", updated, "2024-03-01T19:00:00.123456789Z"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s stored as %s; want %s", c.name, c.got, c.want)
		}
	}
	_, answers, err := d.Question(ctx, c.Questions[0].Slug)
	if err != nil {
		t.Fatal(err)
	}
	if got := answers[0].UpdatedAt; got != now.UTC() {
		t.Errorf("UpdatedAt = %v; want exactly %v", got, now.UTC())
	}
}

// TestImportLog checks that each Sync, and only a successful one, appends
// a row with its counts, digests' included.
func TestImportLog(t *testing.T) {
	ctx := context.Background()
	d := openTemp(t)
	defer d.Close()
	c := withDigests(storetest.GenerateContent(2, 4, 8, 10), 3)
	for range 2 {
		if _, err := d.Sync(ctx, "medquad", c, store.SyncOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	c.Answers[0].QuestionSlug = "missing"
	if _, err := d.Sync(ctx, "medquad", c, store.SyncOptions{}); err == nil {
		t.Fatal("Sync of bad content succeeded")
	}
	rows, err := d.db.Query(`SELECT dataset, counts->>'$.answers.inserted', counts->>'$.answers.unchanged',
		counts->>'$.digests.inserted', counts->>'$.digests.unchanged',
		started_at <= finished_at FROM imports ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var ds string
		var inserted, unchanged, digestsInserted, digestsUnchanged int
		var ordered bool
		if err := rows.Scan(&ds, &inserted, &unchanged, &digestsInserted, &digestsUnchanged, &ordered); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s %d %d %d %d %t", ds, inserted, unchanged, digestsInserted, digestsUnchanged, ordered))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := "medquad 8 0 3 0 true|medquad 0 8 0 3 true"
	if strings.Join(got, "|") != want {
		t.Errorf("imports = %q; want %q", strings.Join(got, "|"), want)
	}
}

// TestEmptyListsNotNull reaches states Sync never leaves behind (a topic
// without questions, a question without answers) to check that reads
// still give [] rather than null.
func TestEmptyListsNotNull(t *testing.T) {
	ctx := context.Background()
	d := openTemp(t)
	defer d.Close()
	_, err := d.db.Exec(`INSERT INTO topics (id, slug, name, category, semantic_group, cuis, semantic_types, synonyms, foci, hash)
		VALUES (1, 'lonely', 'Lonely', '', '', '[]', 'null', '[]', '[]', x'00');
		INSERT INTO questions (slug, topic_id, type, title, hash) VALUES ('unanswered', 1, 'causes', '', x'00');
		INSERT INTO topics (id, slug, name, category, semantic_group, cuis, semantic_types, synonyms, foci, hash)
		VALUES (2, 'empty', 'Empty', '', '', '[]', '[]', '[]', '[]', x'00')`)
	if err != nil {
		t.Fatal(err)
	}
	topics, err := d.Topics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	questions, err := d.TopicQuestions(ctx, "lonely")
	if err != nil {
		t.Fatal(err)
	}
	noQuestions, err := d.TopicQuestions(ctx, "empty")
	if err != nil {
		t.Fatal(err)
	}
	_, answers, err := d.Question(ctx, "unanswered")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"Topics", topics, `"semantic_types":[],"semantic_group":"","category":"","synonyms":[],"foci":[],"sources":[],"question_count":1}`},
		{"TopicQuestions", questions, `"answer_count":0,"sources":[]}]`},
		{"TopicQuestions of a topic without questions", noQuestions, `[]`},
		{"Question answers", answers, `[]`},
	}
	for _, tc := range tests {
		b, err := json.Marshal(tc.v)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), tc.want) {
			t.Errorf("%s: JSON %s lacks %s", tc.name, b, tc.want)
		}
	}
}

func TestPublishedConformance(t *testing.T) {
	storetest.RunPublished(t, func(t *testing.T) (storetest.PublishedStore, storetest.Seeder) {
		d := openTemp(t)
		return d, storetest.Seeder{Accounts: d, Editorial: d}
	})
}
