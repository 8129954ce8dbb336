package storetest

import (
	"context"
	"testing"
	"time"

	"healthqa/internal/store"
)

// testSubMicrosecondTimes pins what a backend may do with a time finer
// than a microsecond. SQLite keeps nanoseconds; PostgreSQL's timestamptz
// holds microseconds, so a backend may truncate to them (and only
// truncate: a rounded time could lie after the moment it records, and
// two backends would disagree on which way). This is the one place the
// suite accepts either: everywhere else it uses whole seconds, so
// nothing SQLite is held to is loosened. Sitemaps and the page cache
// only compare these times, so a microsecond is far below what matters.
func testSubMicrosecondTimes(t *testing.T, s store.Store) {
	now := time.Date(2024, 3, 1, 10, 0, 0, 123456789, time.UTC)
	mustSync(t, s, fixture(), now)
	ok := func(tm time.Time) bool {
		return tm.Location() == time.UTC && (tm.Equal(now) || tm.Equal(now.Truncate(time.Microsecond)))
	}
	for key, a := range snapshot(t, s).Answers {
		if !ok(a.ImportedAt) || !ok(a.UpdatedAt) {
			t.Errorf("answer %s times %v, %v; want %v, exact or truncated to microseconds, in UTC",
				key, a.ImportedAt, a.UpdatedAt, now)
		}
	}
	refs, err := s.QuestionRefs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range refs {
		if !ok(r.UpdatedAt) {
			t.Errorf("question %s updated at %v; want %v, exact or truncated to microseconds", r.Slug, r.UpdatedAt, now)
		}
	}
	// The stored time is what a resync compares with: unchanged content
	// must stay unchanged whatever precision was kept.
	if res := mustSync(t, s, fixture(), now.Add(time.Nanosecond)); res.Answers.Changed() {
		t.Errorf("resync of the same content: %+v; want nothing changed", res.Answers)
	}
}
