package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"healthqa/internal/store"
)

// BenchmarkConcepts measures the concept lookup through topic_cuis (the
// index migration 0002 keeps in step with topics.cuis) against the
// same lookup by parsing every topic's JSON, and the readability reads.
// HEALTHQA_BENCH_DB names a copy of a real database to measure on (it
// is migrated in place), as for BenchmarkReads; otherwise readerSized
// generated content is used. Figures: docs/CONCEPTS.md.
func BenchmarkConcepts(b *testing.B) {
	ctx := context.Background()
	var d *DB
	var err error
	specific, generic := "C0000042", "C0012634"
	if path := os.Getenv("HEALTHQA_BENCH_DB"); path != "" {
		if d, err = Open(ctx, path); err != nil {
			b.Fatal(err)
		}
		specific, generic = "C0035258", "C0011581" // restless legs; depression (12 topics, generic)
	} else {
		if d, err = Open(ctx, filepath.Join(b.TempDir(), "healthqa.db")); err != nil {
			b.Fatal(err)
		}
		if _, err := d.Sync(ctx, "medquad", readerSized(), store.SyncOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	defer d.Close()
	var keys []string
	rows, err := d.db.Query(`SELECT key FROM answers ORDER BY key LIMIT 10`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var k string
		rows.Scan(&k)
		keys = append(keys, k)
	}
	rows.Close()
	for _, r := range []struct {
		name string
		read func() error
	}{
		{"Concept/specific", func() error { _, err := d.Concept(ctx, specific); return err }},
		{"Concept/generic", func() error { _, err := d.Concept(ctx, generic); return err }},
		// What the index saves: the topics of a concept found by
		// parsing every topic's cuis instead.
		{"TopicsByJSONScan", func() error {
			var n int
			return d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM topics t, json_each(t.cuis) j WHERE j.value = ?`, specific).Scan(&n)
		}},
		{"TopicsByIndex", func() error {
			var n int
			return d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM topic_cuis WHERE cui = ?`, specific).Scan(&n)
		}},
		{"HardAnswers", func() error { _, err := d.HardAnswers(ctx, 12, 200); return err }},
		{"AnswerGrades/10", func() error { _, err := d.AnswerGrades(ctx, keys); return err }},
	} {
		b.Run(r.name, func(b *testing.B) {
			for b.Loop() {
				if err := r.read(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
