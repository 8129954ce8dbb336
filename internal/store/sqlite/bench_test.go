package sqlite

import (
	"context"
	"os"
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

// readerSized is the size the reader pages serve: MedQuAD's 9.7k
// topics, 43k questions and 47k answers of about 1 KB.
func readerSized() store.Content { return storetest.GenerateContent(9_700, 43_000, 47_000, 1_000) }

// BenchmarkReads measures the reads a web page makes, on a database of
// readerSized content. Set HEALTHQA_BENCH_DB to a copy of a real
// database to measure on that instead; it is migrated in place, so a
// copy.
func BenchmarkReads(b *testing.B) {
	ctx := context.Background()
	var d *DB
	var err error
	var topic, question string
	if path := os.Getenv("HEALTHQA_BENCH_DB"); path != "" {
		if d, err = Open(ctx, path); err != nil {
			b.Fatal(err)
		}
		// The topic with the most questions, and its first question.
		err = d.db.QueryRow(`SELECT t.slug, min(q.slug) FROM topics t JOIN questions q ON q.topic_id = t.id
			GROUP BY t.id ORDER BY COUNT(*) DESC, t.slug LIMIT 1`).Scan(&topic, &question)
		if err != nil {
			b.Fatal(err)
		}
	} else {
		c := readerSized()
		if d, err = Open(ctx, filepath.Join(b.TempDir(), "healthqa.db")); err != nil {
			b.Fatal(err)
		}
		if _, err := d.Sync(ctx, "medquad", c, store.SyncOptions{}); err != nil {
			b.Fatal(err)
		}
		topic, question = c.Topics[42].Slug, c.Questions[42].Slug
	}
	defer d.Close()
	reads := []struct {
		name string
		read func() error
	}{
		{"Stats", func() error { _, err := d.Stats(ctx); return err }},
		{"Topics", func() error { _, err := d.Topics(ctx); return err }},
		{"Topic", func() error { _, err := d.Topic(ctx, topic); return err }},
		{"TopicQuestions", func() error { _, err := d.TopicQuestions(ctx, topic); return err }},
		{"Question", func() error { _, _, err := d.Question(ctx, question); return err }},
		{"TopicLetters", func() error { _, err := d.TopicLetters(ctx); return err }},
		{"TopicsByLetter/C_first_page", func() error { _, err := d.TopicsByLetter(ctx, "C", 0, 50); return err }},
		{"TopicsByLetter/C_page_7", func() error { _, err := d.TopicsByLetter(ctx, "C", 300, 50); return err }},
		{"TopicsByLetter/all_page_100", func() error { _, err := d.TopicsByLetter(ctx, "", 4950, 50); return err }},
		{"RelatedTopics", func() error { _, err := d.RelatedTopics(ctx, topic, 10); return err }},
		{"SourceSummaries", func() error { _, err := d.SourceSummaries(ctx); return err }},
		{"SourceTopics/GARD", func() error { _, _, err := d.SourceTopics(ctx, "GARD"); return err }},
		{"SourceTopics/ADAM", func() error { _, _, err := d.SourceTopics(ctx, "ADAM"); return err }},
		{"SearchQuestions/one_word", func() error { _, err := d.SearchQuestions(ctx, "fever", 20); return err }},
		{"SearchQuestions/two_words", func() error { _, err := d.SearchQuestions(ctx, "fever treatments", 20); return err }},
		{"SearchQuestions/common_word", func() error { _, err := d.SearchQuestions(ctx, "what", 20); return err }},
		{"SearchQuestions/no_match", func() error { _, err := d.SearchQuestions(ctx, "zzzzqx", 20); return err }},
		{"QuestionRefs", func() error { _, err := d.QuestionRefs(ctx); return err }},
		{"TopicRefs", func() error { _, err := d.TopicRefs(ctx); return err }},
		{"Version", func() error { _, err := d.Version(ctx); return err }},
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
	// Version is called on every request, from many goroutines at once.
	b.Run("Version/parallel", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := d.Version(ctx); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}
