package postgres

import (
	"context"
	"errors"
	"maps"
	"slices"
	"testing"
	"time"

	"healthqa/internal/model"
	"healthqa/internal/store"
	"healthqa/internal/store/storetest"
)

// TestPublishedNullReviewDate covers what the suite cannot: a
// contributor answer with no recorded review date, NULL here where
// SQLite stores an empty string that sorts before every date. It must
// count as stale and come first in the stale queue, and last in a
// profile's newest-first list, as on SQLite.
func TestPublishedNullReviewDate(t *testing.T) {
	ctx := context.Background()
	d := openTemp(t)
	defer d.Close()
	t0 := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	c := storetest.GenerateContent(2, 4, 4, 50)
	if _, err := d.Sync(ctx, "medquad", c, store.SyncOptions{Now: t0}); err != nil {
		t.Fatal(err)
	}
	sd := storetest.Seeder{Accounts: d, Editorial: d, Now: t0}
	jane := sd.User(t, model.Person{Slug: "jane", Name: "Jane"}, model.RoleContributor)
	rick := sd.User(t, model.Person{Slug: "rick", Name: "Rick"}, model.RoleReviewer)
	publish := func(q string, at time.Time) string {
		_, key := sd.Submit(t, storetest.Submission{Author: jane, Reviewer: rick, QuestionSlug: q, State: "published",
			Revisions: []storetest.Revision{{Text: "Text for " + q + "."}}, Approved: []int{1}, ApprovedAt: []time.Time{at}})
		return key
	}
	undated := publish(c.Questions[0].Slug, t0.Add(time.Hour))
	dated := publish(c.Questions[1].Slug, t0.Add(2*time.Hour))
	if _, err := d.pool.Exec(ctx, `UPDATE answers SET reviewed_at = NULL WHERE key = $1`, undated); err != nil {
		t.Fatal(err)
	}

	q, err := d.StaleAnswers(ctx, t0.Add(3*time.Hour), 10)
	if err != nil {
		t.Fatal(err)
	}
	if got := publishedKeys(q.Answers); q.Total != 2 || !slices.Equal(got, []string{undated, dated}) {
		t.Errorf("StaleAnswers = %v, total %d; want %s (no review date) then %s, total 2", got, q.Total, undated, dated)
	}
	if len(q.Answers) > 0 && q.Answers[0].Review != (model.Review{}) {
		t.Errorf("an answer without a review date claims a review: %+v", q.Answers[0].Review)
	}
	pg, err := d.Person(ctx, "jane")
	if err != nil {
		t.Fatal(err)
	}
	if got := publishedKeys(pg.Answers); !slices.Equal(got, []string{dated, undated}) {
		t.Errorf("Person(jane).Answers = %v; want %s (newest review) then %s (none recorded)", got, dated, undated)
	}
}

func publishedKeys(list []store.PublishedAnswer) []string {
	out := []string{}
	for _, a := range list {
		out = append(out, a.Key)
	}
	return out
}

// TestPublishedUnstorableText asks for slugs and keys that PostgreSQL's
// text cannot hold (NUL, invalid UTF-8), as an address may carry: they
// name nothing, so the answer is "not found", not a database error.
func TestPublishedUnstorableText(t *testing.T) {
	ctx := context.Background()
	d := openTemp(t)
	defer d.Close()
	if _, err := d.Sync(ctx, "medquad", storetest.GenerateContent(1, 1, 1, 50), store.SyncOptions{Now: time.Unix(1_700_000_000, 0)}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"a\x00b", "bad\xff"} {
		if _, err := d.Person(ctx, s); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Person(%q): %v; want ErrNotFound", s, err)
		}
		if _, err := d.AnswerHistory(ctx, s); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("AnswerHistory(%q): %v; want ErrNotFound", s, err)
		}
	}
	var stored string
	if err := d.pool.QueryRow(ctx, `SELECT key FROM answers`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	got, err := d.PublishedKeys(ctx, []string{"a\x00b", "bad\xff", stored})
	if err != nil || !maps.Equal(got, map[string]bool{stored: true}) {
		t.Errorf("PublishedKeys = %v, %v; want only %s", got, err, stored)
	}
}
