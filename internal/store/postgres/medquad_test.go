package postgres

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"healthqa/internal/devdata"
	"healthqa/internal/ingest"
	"healthqa/internal/model"
	"healthqa/internal/store"
	"healthqa/internal/store/sqlite"
)

// TestSameAnswersAsSQLite imports the full MedQuAD into both backends at
// the same clock and expects the same answer from every read the pages
// use: the conformance suite's fixtures are small, and this is where
// collation, case folding, the lead cut or a plan could still differ.
func TestSameAnswersAsSQLite(t *testing.T) {
	devdata.SkipShort(t, "imports the full MedQuAD twice")
	zip := devdata.MedQuADZip(t)
	ctx := context.Background()
	now := time.Date(2026, 12, 3, 4, 0, 0, 0, time.UTC)
	opts := ingest.Options{Now: func() time.Time { return now }}

	lite, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	pg := openTemp(t)
	defer pg.Close()
	for _, st := range []store.Store{lite, pg} {
		if _, err := ingest.MedQuAD(ctx, st, zip, opts); err != nil {
			t.Fatal(err)
		}
	}

	reads := []struct {
		name string
		read func(store.Store) (any, error)
	}{
		{"Load", func(s store.Store) (any, error) { return s.Load(ctx) }},
		{"Stats", func(s store.Store) (any, error) { return s.Stats(ctx) }},
		{"TopicLetters", func(s store.Store) (any, error) { return s.TopicLetters(ctx) }},
		{"TopicsByLetter #", func(s store.Store) (any, error) { return s.TopicsByLetter(ctx, "#", 0, 1000) }},
		{"TopicsByLetter all", func(s store.Store) (any, error) { return s.TopicsByLetter(ctx, "", 4000, 100) }},
		{"SourceSummaries", func(s store.Store) (any, error) { return s.SourceSummaries(ctx) }},
		{"SourceTopics GARD", func(s store.Store) (any, error) {
			sum, list, err := s.SourceTopics(ctx, "GARD")
			return []any{sum, list}, err
		}},
		{"RelatedTopics", func(s store.Store) (any, error) { return s.RelatedTopics(ctx, "abscess", 20) }},
		{"TopicQuestions", func(s store.Store) (any, error) { return s.TopicQuestions(ctx, "diabetes") }},
		{"Question", func(s store.Store) (any, error) {
			q, a, err := s.Question(ctx, "what-is-restless-legs-syndrome")
			return []any{q, a}, err
		}},
		{"Search", func(s store.Store) (any, error) { return s.SearchQuestions(ctx, "Type 2 DIABETES", 100) }},
		{"Search by synonym", func(s store.Store) (any, error) { return s.SearchQuestions(ctx, "LOU gehrig", 100) }},
		{"Question graded", func(s store.Store) (any, error) {
			_, a, err := s.Question(ctx, "what-is-restless-legs-syndrome")
			var grades []model.Readability
			for _, x := range a {
				if x.Readability != nil {
					grades = append(grades, *x.Readability)
				}
			}
			return grades, err // empty (refused below) if the import graded nothing
		}},
		{"Concept", func(s store.Store) (any, error) { return s.(store.Concepts).Concept(ctx, "C0035258") }},
		{"HardAnswers", func(s store.Store) (any, error) {
			q, err := s.(store.Concepts).HardAnswers(ctx, 14, 200)
			if len(q.Answers) == 0 {
				return q.Answers, err // refused below
			}
			return q, err
		}},
		{"ReadingLevels", func(s store.Store) (any, error) { return s.(store.Concepts).ReadingLevels(ctx) }},
		{"AnswerGrades", func(s store.Store) (any, error) {
			_, a, err := s.Question(ctx, "what-is-restless-legs-syndrome")
			if err != nil {
				return nil, err
			}
			keys := []string{"no-such-key"}
			for _, x := range a {
				keys = append(keys, x.Key)
			}
			return s.(store.Concepts).AnswerGrades(ctx, keys)
		}},
		{"QuestionRefs", func(s store.Store) (any, error) { return s.QuestionRefs(ctx) }},
		{"TopicRefs", func(s store.Store) (any, error) { return s.TopicRefs(ctx) }},
	}
	for _, r := range reads {
		t.Run(r.name, func(t *testing.T) {
			start := time.Now()
			want, err := r.read(lite)
			if err != nil {
				t.Fatalf("sqlite: %v", err)
			}
			mid := time.Now()
			got, err := r.read(pg)
			if err != nil {
				t.Fatalf("postgres: %v", err)
			}
			t.Logf("sqlite %v, postgres %v", mid.Sub(start), time.Since(mid))
			if v := reflect.ValueOf(want); (v.Kind() == reflect.Slice || v.Kind() == reflect.Map) && v.Len() == 0 {
				t.Fatal("an empty answer proves nothing: pick a read that finds something")
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("PostgreSQL and SQLite differ")
			}
		})
	}
}
