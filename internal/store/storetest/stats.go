package storetest

import (
	"context"
	"testing"

	"healthqa/internal/store"
)

// This file tests the digest count in Stats.

// testStatsDigests: Stats counts stored digests, one per question that
// has one, and follows Syncs that add and drop them.
func testStatsDigests(t *testing.T, s store.Store) {
	ctx := context.Background()
	if got, err := s.Stats(ctx); err != nil || got.Digests != 0 {
		t.Fatalf("empty store: Stats() = %+v, %v; want 0 digests", got, err)
	}
	mustSync(t, s, digestFixture(), t0)
	if got, err := s.Stats(ctx); err != nil || got.Digests != 2 {
		t.Errorf("after digestFixture: Stats() = %+v, %v; want 2 digests", got, err)
	}
	c := clone(digestFixture())
	dropQuestion(&c, c.Digests[0].QuestionSlug)
	mustSync(t, s, c, t1)
	if got, err := s.Stats(ctx); err != nil || got.Digests != 1 {
		t.Errorf("after dropping a question with a digest: Stats() = %+v, %v; want 1 digest", got, err)
	}
}
