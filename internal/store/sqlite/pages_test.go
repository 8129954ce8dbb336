package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"healthqa/internal/model"
	"healthqa/internal/store"
	"healthqa/internal/store/storetest"
)

// openVersion1 creates a database holding schema version 1 only, as a
// healthqa from before migration 0002 left it, filled by setup.
func openVersion1(t *testing.T, setup string) string {
	t.Helper()
	return openVersion(t, 1, setup)
}

// openVersion creates a database holding the schema up to version, as a
// healthqa from before the next migration left it, filled by setup.
func openVersion(t *testing.T, version int, setup string) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "healthqa.db")
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) <= version || ms[version-1].version != version {
		t.Fatalf("migrations %v: want 1 to %d and later ones", ms, version)
	}
	if err := applyMigrations(ctx, db, ms[:version]); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, setup); err != nil {
		t.Fatal(err)
	}
	return path
}

// version1Data is a small store as schema version 1 held it, written by
// hand because today's Sync needs today's schema.
const version1Data = `
INSERT INTO sources VALUES ('CDC', 'CDC', 'CDC', '', '', 'government'), ('GARD', 'GARD', 'GARD', '', '', 'government');
INSERT INTO topics (id, slug, name, category, semantic_group, cuis, semantic_types, synonyms, foci, hash) VALUES
	(1, 'alpha', 'Alpha', '', '', '["C1","C2"]', '[]', '[]', '[]', x'01'),
	(2, 'beta', 'beta', '', '', '["C1"]', '[]', '[]', '[]', x'02'),
	(3, 'first', '1st', '', '', '["C2",""]', '[]', '[]', '[]', x'03');
INSERT INTO questions (id, slug, topic_id, type, title, hash) VALUES
	(1, 'alpha-q', 1, 'information', 'What is Alpha?', x'01'),
	(2, 'beta-q', 2, 'information', 'What is beta?', x'02'),
	(3, 'first-q', 3, 'information', 'What is 1st?', x'03');
INSERT INTO answers (key, doc_id, question_id, source_key, dataset, origin, source_url, source_question, text, hash, imported_at, updated_at) VALUES
	('GARD_1', 'GARD_1', 1, 'GARD', 'medquad', '', '', '', 'Alpha text.', x'01', '2024-03-01T10:00:00.000000000Z', '2024-03-01T10:00:00.000000000Z'),
	('CDC_1', 'CDC_1', 1, 'CDC', 'medquad', '', '', '', '', x'02', '2024-03-01T10:00:00.000000000Z', '2024-03-01T11:00:00.000000000Z'),
	('GARD_2', 'GARD_2', 2, 'GARD', 'medquad', '', '', '', 'Beta text.', x'03', '2024-03-01T10:00:00.000000000Z', '2024-03-01T10:00:00.000000000Z'),
	('CDC_3', 'CDC_3', 3, 'CDC', 'medquad', '', '', '', 'First text.', x'04', '2024-03-01T10:00:00.000000000Z', '2024-03-01T10:00:00.000000000Z');
INSERT INTO imports (dataset, started_at, finished_at, counts) VALUES ('medquad', '', '', '{}');
`

// TestMigrateVersion1 opens databases made before migration 0002 and
// expects every read that relies on it to work on the data already there.
func TestMigrateVersion1(t *testing.T) {
	ctx := context.Background()
	t.Run("with data", func(t *testing.T) {
		before := time.Now().UnixMicro()
		d := mustOpen(t, openVersion1(t, version1Data))
		letters, err := d.TopicLetters(ctx)
		if err != nil {
			t.Fatal(err)
		}
		related, err := d.RelatedTopics(ctx, "alpha", 10)
		if err != nil {
			t.Fatal(err)
		}
		questions, err := d.TopicQuestions(ctx, "alpha")
		if err != nil {
			t.Fatal(err)
		}
		sources, err := d.SourceSummaries(ctx)
		if err != nil {
			t.Fatal(err)
		}
		refs, err := d.TopicRefs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		checks := []struct {
			name      string
			got, want any
		}{
			{"letters", letters, []store.LetterCount{{Letter: "A", Topics: 1}, {Letter: "B", Topics: 1}, {Letter: "#", Topics: 1}}},
			{"related", slugs(related), "first beta"},
			{"lead", questions[0].Lead + " from " + questions[0].LeadSource, "Alpha text. from GARD"},
			{"sources", sources[0].AnswersWithText*10 + sources[1].AnswersWithText, 12},
			{"refs", refs[0].UpdatedAt, time.Date(2024, 3, 1, 11, 0, 0, 0, time.UTC)},
		}
		for _, c := range checks {
			if !reflect.DeepEqual(c.got, c.want) {
				t.Errorf("%s = %v; want %v", c.name, c.got, c.want)
			}
		}
		// A store with imports starts its version from the clock, so that
		// it does not repeat the small numbers of a new store.
		v, err := d.Version(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if v < before {
			t.Errorf("Version() after migrating a store with imports = %d; want at least the clock, %d", v, before)
		}
		checkTopicCUIs(t, d)
		checkLetters(t, d)
		// Sync works on the migrated schema and keeps topic_cuis in step.
		c := storetest.GenerateContent(20, 40, 80, 10)
		if _, err := d.Sync(ctx, "medquad", c, store.SyncOptions{}); err != nil {
			t.Fatal(err)
		}
		checkTopicCUIs(t, d)
		checkLetters(t, d)
		if v2, err := d.Version(ctx); err != nil || v2 <= v {
			t.Errorf("Version() after Sync = %d, %v; want more than %d", v2, err, v)
		}
	})
	t.Run("empty", func(t *testing.T) {
		d := mustOpen(t, openVersion1(t, ""))
		if v, err := d.Version(ctx); err != nil || v != 0 {
			t.Errorf("Version() of a migrated empty store = %d, %v; want 0", v, err)
		}
	})
}

func slugs(list []store.TopicSummary) string {
	s := make([]string, len(list))
	for i, t := range list {
		s[i] = t.Slug
	}
	return strings.Join(s, " ")
}

// checkTopicCUIs checks that topic_cuis holds exactly each topic's
// distinct non-empty concepts.
func checkTopicCUIs(t *testing.T, d *DB) {
	t.Helper()
	var extra, missing int
	err := d.db.QueryRow(`WITH want AS (
			SELECT DISTINCT t.id AS topic_id, j.value AS cui FROM topics t, json_each(t.cuis) j WHERE j.value <> '')
		SELECT (SELECT COUNT(*) FROM (SELECT topic_id, cui FROM topic_cuis EXCEPT SELECT topic_id, cui FROM want)),
			(SELECT COUNT(*) FROM (SELECT topic_id, cui FROM want EXCEPT SELECT topic_id, cui FROM topic_cuis))`).
		Scan(&extra, &missing)
	if err != nil {
		t.Fatal(err)
	}
	if extra != 0 || missing != 0 {
		t.Errorf("topic_cuis has %d rows too many and %d too few", extra, missing)
	}
}

// checkLetters checks every topic's letter column against its name,
// folded in Go.
func checkLetters(t *testing.T, d *DB) {
	t.Helper()
	rows, err := d.db.Query(`SELECT slug, name, letter FROM topics`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var slug, name, letter string
		if err := rows.Scan(&slug, &name, &letter); err != nil {
			t.Fatal(err)
		}
		want := "#"
		if name != "" && ('a' <= name[0] && name[0] <= 'z' || 'A' <= name[0] && name[0] <= 'Z') {
			want = strings.ToUpper(name[:1])
		}
		if letter != want {
			t.Errorf("topic %s named %q has letter %q; want %q", slug, name, letter, want)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// TestTopicCUIsFollowSyncs changes, removes and restores topics, their
// names and concepts through Sync, checking the columns and table kept
// by triggers, topics.letter and topic_cuis, after each.
func TestTopicCUIsFollowSyncs(t *testing.T) {
	ctx := context.Background()
	d := openTemp(t)
	defer d.Close()
	base := storetest.GenerateContent(40, 80, 160, 10)
	steps := []struct {
		name   string
		change func(c *store.Content)
	}{
		{"fresh", func(c *store.Content) {}},
		{"concepts edited", func(c *store.Content) {
			c.Topics[0].CUIs = []string{"CX", "CX", ""}
			c.Topics[1].CUIs = nil
			c.Topics[2].CUIs = append(c.Topics[2].CUIs, "CY")
		}},
		{"name edited only", func(c *store.Content) { c.Topics[3].Name += " again" }},
		{"names change letter", func(c *store.Content) {
			c.Topics[4].Name = "éclair"
			c.Topics[5].Name = "zebra"
			c.Topics[6].Name = "(x)"
		}},
		{"topics gone", func(c *store.Content) { // the first five lose their answers
			var kept []model.Answer
			for _, a := range c.Answers {
				var topic, question int
				fmt.Sscanf(a.QuestionSlug, "condition-%d-q%d", &topic, &question)
				if topic >= 5 {
					kept = append(kept, a)
				}
			}
			c.Answers = kept
		}},
		{"back", func(c *store.Content) {}},
		{"everything gone", func(c *store.Content) { *c = store.Content{} }},
	}
	// Topics without concepts are not in topic_cuis; nor are topics Sync
	// dropped for want of answers.
	gone := map[string]int{"concepts edited": 1, "topics gone": 5}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			c := base
			c.Topics = append([]model.Topic{}, base.Topics...)
			c.Answers = append([]model.Answer{}, base.Answers...)
			st.change(&c)
			if _, err := d.Sync(ctx, "medquad", c, store.SyncOptions{}); err != nil {
				t.Fatal(err)
			}
			checkTopicCUIs(t, d)
			checkLetters(t, d)
			var topics int
			if err := d.db.QueryRow(`SELECT COUNT(DISTINCT topic_id) FROM topic_cuis`).Scan(&topics); err != nil {
				t.Fatal(err)
			}
			if want := len(c.Topics) - gone[st.name]; topics != want {
				t.Errorf("topic_cuis covers %d topics; want %d", topics, want)
			}
		})
	}
	var n int
	if err := d.db.QueryRow(`SELECT COUNT(*) FROM topic_cuis`).Scan(&n); err != nil || n != 0 {
		t.Errorf("topic_cuis rows left in an empty store: %d, %v", n, err)
	}
}

// TestVersionAcrossHandles uses two handles on one file, which share no
// connection, as two processes would: each must see the other's Syncs.
func TestVersionAcrossHandles(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "healthqa.db")
	a, b := mustOpen(t, path), mustOpen(t, path)
	c := storetest.GenerateContent(10, 20, 40, 10)
	edited := storetest.GenerateContent(10, 20, 40, 10)
	edited.Answers[0].Text += " Edited."

	version := func(d *DB) int64 {
		t.Helper()
		v, err := d.Version(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	sync := func(d *DB, c store.Content) {
		t.Helper()
		if _, err := d.Sync(ctx, "medquad", c, store.SyncOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	v0 := version(a)
	if version(b) != v0 {
		t.Fatal("two handles disagree on a new store's version")
	}
	steps := []struct {
		name    string
		writer  *DB
		content store.Content
		changes bool
	}{
		{"b syncs", b, c, true},
		{"a syncs the same", a, c, false},
		{"a edits", a, edited, true},
		{"b edits back", b, c, true},
		{"b syncs the same", b, c, false},
	}
	prev := v0
	for _, st := range steps {
		sync(st.writer, st.content)
		va, vb := version(a), version(b)
		if va != vb {
			t.Errorf("%s: a sees version %d, b %d", st.name, va, vb)
		}
		if st.changes && va <= prev || !st.changes && va != prev {
			t.Errorf("%s: version %d after %d; want it to grow: %t", st.name, va, prev, st.changes)
		}
		prev = va
	}
	a.Close()
	if got := version(mustOpen(t, path)); got != prev {
		t.Errorf("version after reopening = %d; want %d", got, prev)
	}
}

// TestVersionAfterClockFallsBack sets the version ahead of the clock, as
// a clock stepped back would leave it: a changing Sync must still grow it.
func TestVersionAfterClockFallsBack(t *testing.T) {
	ctx := context.Background()
	d := openTemp(t)
	defer d.Close()
	const ahead = int64(1) << 60
	if _, err := d.db.Exec(`UPDATE store_version SET version = ?`, ahead); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Sync(ctx, "medquad", storetest.GenerateContent(2, 2, 2, 10), store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if v, err := d.Version(ctx); err != nil || v != ahead+1 {
		t.Errorf("Version() = %d, %v; want %d", v, err, ahead+1)
	}
}

// TestVersionRecovers fails a Version call with a cancelled context and
// expects the next one to work and to see what changed meanwhile.
func TestVersionRecovers(t *testing.T) {
	d := openTemp(t)
	defer d.Close()
	v0, err := d.Version(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := d.Version(cancelled); !errors.Is(err, context.Canceled) {
		t.Errorf("Version(cancelled) err = %v; want context.Canceled", err)
	}
	if _, err := d.Sync(context.Background(), "medquad", storetest.GenerateContent(2, 2, 2, 10), store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if v, err := d.Version(context.Background()); err != nil || v <= v0 {
		t.Errorf("Version() after a failed call and a Sync = %d, %v; want more than %d", v, err, v0)
	}
}

// TestVersionConcurrent calls Version from many goroutines while Syncs
// change the store, for the race detector, and checks that no caller
// ever sees the version go back.
func TestVersionConcurrent(t *testing.T) {
	ctx := context.Background()
	d := openTemp(t)
	defer d.Close()
	c := storetest.GenerateContent(5, 10, 20, 10)
	done := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			var last int64
			for {
				select {
				case <-done:
					return
				default:
				}
				v, err := d.Version(ctx)
				if err == nil && v < last {
					err = errors.New("version went back")
				}
				if err != nil {
					errs <- err
					return
				}
				last = v
			}
		})
	}
	for i := range 10 {
		c.Answers[0].Text = strings.Repeat("x", i+1)
		if _, err := d.Sync(ctx, "medquad", c, store.SyncOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestReadsLeaveNoSnapshotOpen runs every read, Version's dedicated
// connection and the cached statements included, then checkpoints the
// WAL in full: a statement left unreset would hold an old snapshot, and
// the checkpoint, blocked, would report busy, as would a long-running
// server's, whose WAL would then grow without end.
func TestReadsLeaveNoSnapshotOpen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "healthqa.db")
	d := mustOpen(t, path)
	c := storetest.GenerateContent(30, 60, 120, 50)
	edited := storetest.GenerateContent(30, 60, 120, 50)
	edited.Answers[0].Text += " Edited."
	for _, content := range []store.Content{c, edited} {
		if _, err := d.Sync(ctx, "medquad", content, store.SyncOptions{}); err != nil {
			t.Fatal(err)
		}
		readEverything(t, d, c.Topics[0].Slug, c.Questions[0].Slug)
	}
	// The checkpoint runs on a connection of its own, as another
	// process's would.
	other, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var busy, frames, done int
	if err := other.QueryRow(`PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &frames, &done); err != nil {
		t.Fatal(err)
	}
	if busy != 0 {
		t.Errorf("wal_checkpoint(TRUNCATE) busy after reads: %d frames, %d done; some read holds a snapshot", frames, done)
	}
}

func readEverything(t *testing.T, d *DB, topic, question string) {
	t.Helper()
	ctx := context.Background()
	reads := []func() error{
		func() error { _, err := d.Empty(ctx); return err },
		func() error { _, err := d.Stats(ctx); return err },
		func() error { _, err := d.Sources(ctx); return err },
		func() error { _, err := d.Topics(ctx); return err },
		func() error { _, err := d.Topic(ctx, topic); return err },
		func() error { _, err := d.TopicQuestions(ctx, topic); return err },
		func() error { _, _, err := d.Question(ctx, question); return err },
		func() error { _, err := d.TopicLetters(ctx); return err },
		func() error { _, err := d.TopicsByLetter(ctx, "A", 0, 5); return err },
		func() error { _, err := d.RelatedTopics(ctx, topic, 5); return err },
		func() error { _, err := d.SourceSummaries(ctx); return err },
		func() error { _, _, err := d.SourceTopics(ctx, "GARD"); return err },
		func() error { _, err := d.SearchQuestions(ctx, "acne what", 5); return err },
		func() error { _, err := d.QuestionRefs(ctx); return err },
		func() error { _, err := d.TopicRefs(ctx); return err },
		func() error { _, err := d.Version(ctx); return err },
	}
	for i, read := range reads {
		if err := read(); err != nil {
			t.Fatalf("read #%d: %v", i, err)
		}
	}
}
