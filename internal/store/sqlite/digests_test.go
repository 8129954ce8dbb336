package sqlite

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"healthqa/internal/model"
	"healthqa/internal/store"
	"healthqa/internal/store/storetest"
)

// withDigests gives the first n questions of c a digest each.
func withDigests(c store.Content, n int) store.Content {
	for _, q := range c.Questions[:n] {
		c.Digests = append(c.Digests, model.Digest{QuestionSlug: q.Slug, Points: []model.DigestPoint{{
			Label:    q.Title,
			Sources:  []string{"CDC", "GARD"},
			Evidence: []model.DigestEvidence{{Source: "CDC", AnswerKey: "CDC_1", Sentence: q.Title}, {Source: "GARD", AnswerKey: "GARD_1", Sentence: q.Title}},
		}}})
	}
	return c
}

// TestMigrateVersion2 opens databases made before migration 0003 and
// expects digests to work on them: none at first, then as synced, for
// questions stored before the migration too.
func TestMigrateVersion2(t *testing.T) {
	ctx := context.Background()
	t.Run("with data", func(t *testing.T) {
		d := mustOpen(t, openVersion(t, 2, version1Data))
		ms, err := migrations()
		if err != nil {
			t.Fatal(err)
		}
		var applied int
		if err := d.db.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&applied); err != nil {
			t.Fatal(err)
		}
		if applied != len(ms) {
			t.Errorf("%d migrations applied; want %d", applied, len(ms))
		}
		if _, err := d.Digest(ctx, "alpha-q"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Digest(alpha-q) before any digest: err = %v; want ErrNotFound", err)
		}
		loaded, err := d.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if loaded.Digests == nil || len(loaded.Digests) != 0 || len(loaded.Questions) != 3 {
			t.Errorf("Load: %d questions, digests %#v; want 3 questions and no digests", len(loaded.Questions), loaded.Digests)
		}
		v, err := d.Version(ctx)
		if err != nil {
			t.Fatal(err)
		}

		// alpha-q, stored before the migration, keeps its row and gains
		// a digest; the other questions go, and their answers.
		var id int64
		if err := d.db.QueryRow(`SELECT id FROM questions WHERE slug = 'alpha-q'`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		c := store.Content{
			Topics:    []model.Topic{{Slug: "alpha", Name: "Alpha", CUIs: []string{"C1", "C2"}}},
			Questions: []model.Question{{Slug: "alpha-q", TopicSlug: "alpha", Type: "information", Title: "What is Alpha?"}},
			Answers: []model.Answer{
				{Key: "GARD_1", DocID: "GARD_1", QuestionSlug: "alpha-q", SourceKey: "GARD", Text: "Alpha text."},
				{Key: "CDC_1", DocID: "CDC_1", QuestionSlug: "alpha-q", SourceKey: "CDC", Text: "Alpha, too."},
			},
		}
		c = withDigests(c, 1)
		res, err := d.Sync(ctx, "medquad", c, store.SyncOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if want := (store.Changes{Inserted: 1}); res.Digests != want {
			t.Errorf("Sync digests = %+v; want %+v", res.Digests, want)
		}
		got, err := d.Digest(ctx, "alpha-q")
		if err != nil || !reflect.DeepEqual(got, c.Digests[0]) {
			t.Errorf("Digest(alpha-q) = %+v, %v; want %+v", got, err, c.Digests[0])
		}
		var after int64
		if err := d.db.QueryRow(`SELECT question_id FROM digests`).Scan(&after); err != nil || after != id {
			t.Errorf("digest of question %d, %v; want of alpha-q, %d", after, err, id)
		}
		if v2, err := d.Version(ctx); err != nil || v2 <= v {
			t.Errorf("Version() after Sync = %d, %v; want more than %d", v2, err, v)
		}
	})
	t.Run("empty", func(t *testing.T) {
		d := mustOpen(t, openVersion(t, 2, ""))
		c := withDigests(storetest.GenerateContent(5, 10, 20, 10), 4)
		res, err := d.Sync(ctx, "medquad", c, store.SyncOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if want := (store.Changes{Inserted: 4}); res.Digests != want {
			t.Errorf("Sync digests = %+v; want %+v", res.Digests, want)
		}
	})
}

// TestDigestSchema checks what the table itself enforces: valid JSON,
// an existing question, and going with the question whoever deletes it.
func TestDigestSchema(t *testing.T) {
	ctx := context.Background()
	d := openTemp(t)
	defer d.Close()
	c := withDigests(storetest.GenerateContent(2, 4, 8, 10), 2)
	if _, err := d.Sync(ctx, "medquad", c, store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	slug := c.Questions[0].Slug
	var id int64
	if err := d.db.QueryRow(`SELECT id FROM questions WHERE slug = ?`, slug).Scan(&id); err != nil {
		t.Fatal(err)
	}
	refused := []struct{ name, stmt, want string }{
		{"invalid JSON", `UPDATE digests SET points = '[{"label":' WHERE question_id = ?`, "CHECK"},
		{"no such question", `INSERT INTO digests (question_id, points, hash) VALUES (? + 1000, '[]', x'00')`, "FOREIGN KEY"},
		{"second digest", `INSERT INTO digests (question_id, points, hash) VALUES (?, '[]', x'00')`, "UNIQUE"},
		{"points not text", `UPDATE digests SET points = x'5b5d' WHERE question_id = ?`, "cannot store BLOB"},
	}
	for _, tc := range refused {
		if _, err := d.db.Exec(tc.stmt, id); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v; want a %s error", tc.name, err, tc.want)
		}
	}
	_, err := d.db.Exec(`DELETE FROM answers WHERE question_id = ?; DELETE FROM questions WHERE id = ?`, id, id)
	if err != nil {
		t.Fatal(err)
	}
	var left int
	if err := d.db.QueryRow(`SELECT COUNT(*) FROM digests`).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if left != 1 {
		t.Errorf("%d digests after deleting the question of one of 2; want 1", left)
	}
	if _, err := d.Digest(ctx, slug); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Digest(%s) of a deleted question: err = %v; want ErrNotFound", slug, err)
	}
}

// TestDigestStoredVerbatim looks at the points column itself: JSON
// without HTML escaping, nil lists as [], nothing but the points.
func TestDigestStoredVerbatim(t *testing.T) {
	ctx := context.Background()
	d := openTemp(t)
	defer d.Close()
	tests := []struct {
		name   string
		points []model.DigestPoint
		want   string
	}{
		{"text as written", []model.DigestPoint{{Label: `<script>"x"</script> & Sjögren`}},
			`[{"label":"<script>\"x\"</script> & Sjögren","sources":[],"evidence":[]}]`},
		{"no points", nil, `[]`},
		{"evidence", []model.DigestPoint{{Label: "a", Sources: []string{"CDC"},
			Evidence: []model.DigestEvidence{{Source: "CDC", AnswerKey: "CDC_1", Sentence: "A."}}}},
			`[{"label":"a","sources":["CDC"],"evidence":[{"source":"CDC","answer_key":"CDC_1","sentence":"A."}]}]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := storetest.GenerateContent(1, 1, 2, 10)
			c.Digests = []model.Digest{{QuestionSlug: c.Questions[0].Slug, Points: tc.points}}
			if _, err := d.Sync(ctx, "medquad", c, store.SyncOptions{}); err != nil {
				t.Fatal(err)
			}
			var points string
			if err := d.db.QueryRow(`SELECT points FROM digests`).Scan(&points); err != nil {
				t.Fatal(err)
			}
			if points != tc.want {
				t.Errorf("points stored as %s; want %s", points, tc.want)
			}
		})
	}
}
