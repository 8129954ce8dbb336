// Command synthcorpus fills a database with the conformance suite's
// synthetic content (storetest.GenerateContent) at a multiple of
// MedQuAD's size, the way `healthqa import` writes a real corpus: one
// Sync, reading grades computed beforehand, the search snapshot saved
// after. It exists for the scale figures of docs/BENCHMARKS.md (issue
// 10: "a 10× synthetic corpus on PostgreSQL") and is not part of the
// product: healthqa has no command that writes made-up content.
//
//	go run ./bench/synthcorpus --db postgres://postgres@127.0.0.1:5432/x?sslmode=disable --scale 10
//
// It prints what it wrote and how long each step took, on stdout.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"healthqa/internal/readability"
	"healthqa/internal/search"
	"healthqa/internal/store"
	"healthqa/internal/store/postgres"
	"healthqa/internal/store/sqlite"
	"healthqa/internal/store/storetest"
)

// MedQuAD's shape as imported (healthqa import's summary, 2026-12-03):
// topics, questions, answers, and the mean answer text length in bytes
// over all answers, those without text included.
const (
	medquadTopics    = 9_675
	medquadQuestions = 42_867
	medquadAnswers   = 47_457
	medquadMeanText  = 451
)

func main() {
	db := flag.String("db", "", "the database: a postgres:// URL or a SQLite file (required)")
	scale := flag.Int("scale", 10, "multiple of MedQuAD's topic, question and answer counts")
	flag.Parse()
	if *db == "" || *scale < 1 {
		fmt.Fprintln(os.Stderr, "usage: synthcorpus --db DB [--scale N]")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *db, *scale); err != nil {
		fmt.Fprintln(os.Stderr, "synthcorpus:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, db string, scale int) error {
	st, err := open(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()

	start := time.Now()
	c := storetest.GenerateContent(medquadTopics*scale, medquadQuestions*scale, medquadAnswers*scale, medquadMeanText)
	// As the import does (internal/ingest), so that Sync writes the
	// grade rows a real corpus has.
	for i := range c.Answers {
		c.Answers[i].Readability = readability.Of(c.Answers[i].Text)
	}
	step("generated and graded", start, fmt.Sprintf("%d topics, %d questions, %d answers of %d bytes",
		len(c.Topics), len(c.Questions), len(c.Answers), medquadMeanText))

	start = time.Now()
	res, err := st.Sync(ctx, "medquad", c, store.SyncOptions{Now: time.Now()})
	if err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	step("sync", start, fmt.Sprintf("answers %+v, questions %+v, topics %+v", res.Answers, res.Questions, res.Topics))

	start = time.Now()
	how, err := search.SaveSnapshot(ctx, st)
	if err != nil {
		return fmt.Errorf("search snapshot: %w", err)
	}
	step("search snapshot", start, how)
	return nil
}

func open(ctx context.Context, db string) (store.Store, error) {
	if postgres.IsURL(db) {
		return postgres.Open(ctx, db)
	}
	return sqlite.Open(ctx, db)
}

func step(name string, start time.Time, what string) {
	fmt.Printf("%-22s %7.2fs  %s\n", name, time.Since(start).Seconds(), what)
}
