package sqlite

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"healthqa/internal/store"
	"healthqa/internal/store/storetest"
)

// realistic is about MedQuAD's size.
func realistic() store.Content { return storetest.GenerateContent(12_000, 30_000, 47_000, 800) }

// BenchmarkSync measures the import of a realistic content: into a new
// database, again unchanged, and with one answer in a hundred edited.
func BenchmarkSync(b *testing.B) {
	ctx := context.Background()
	c := realistic()
	edited := realistic()
	for i := 0; i < len(edited.Answers); i += 100 {
		edited.Answers[i].Text += " Edited."
	}
	now := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)

	b.Run("fresh", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			d, err := Open(ctx, filepath.Join(b.TempDir(), "healthqa.db"))
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if _, err := d.Sync(ctx, "medquad", c, store.SyncOptions{Now: now}); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			d.Close()
			b.StartTimer()
		}
	})

	d, err := Open(ctx, filepath.Join(b.TempDir(), "healthqa.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Sync(ctx, "medquad", c, store.SyncOptions{Now: now}); err != nil {
		b.Fatal(err)
	}

	b.Run("unchanged", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			res, err := d.Sync(ctx, "medquad", c, store.SyncOptions{Now: now})
			if err != nil {
				b.Fatal(err)
			}
			if res.Answers.Unchanged != len(c.Answers) {
				b.Fatalf("unchanged Sync: %+v", res)
			}
		}
	})

	// Alternate between edited and original content, so that every
	// iteration has edits to write; b.Run calls the function several
	// times, so the toggle lives outside it.
	isEdited := false
	b.Run("one_percent_edited", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			next := edited
			if isEdited {
				next = c
			}
			isEdited = !isEdited
			res, err := d.Sync(ctx, "medquad", next, store.SyncOptions{Now: now})
			if err != nil {
				b.Fatal(err)
			}
			if res.Answers.Updated != 470 {
				b.Fatalf("edited Sync: %+v", res)
			}
		}
	})
}

// BenchmarkReads measures the reads a web page makes, on a realistic
// database.
func BenchmarkReads(b *testing.B) {
	ctx := context.Background()
	c := realistic()
	d, err := Open(ctx, filepath.Join(b.TempDir(), "healthqa.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Sync(ctx, "medquad", c, store.SyncOptions{}); err != nil {
		b.Fatal(err)
	}
	topic, question := c.Topics[42].Slug, c.Questions[42].Slug
	reads := []struct {
		name string
		read func() error
	}{
		{"Stats", func() error { _, err := d.Stats(ctx); return err }},
		{"Topics", func() error { _, err := d.Topics(ctx); return err }},
		{"Topic", func() error { _, err := d.Topic(ctx, topic); return err }},
		{"TopicQuestions", func() error { _, err := d.TopicQuestions(ctx, topic); return err }},
		{"Question", func() error { _, _, err := d.Question(ctx, question); return err }},
	}
	for _, r := range reads {
		b.Run(r.name, func(b *testing.B) {
			for b.Loop() {
				if err := r.read(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
