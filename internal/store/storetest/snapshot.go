package storetest

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"testing"

	"healthqa/internal/store"
)

// testSearchSnapshot follows a snapshot through the Syncs of an import's
// life: it is found only for the version it was saved for, survives a
// Sync that changes nothing, goes with one that changes anything, and
// cannot be saved for content that is no longer stored.
func testSearchSnapshot(t *testing.T, s store.Store) {
	ctx := context.Background()
	version := func() int64 {
		t.Helper()
		v, err := s.Version(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	save := func(v int64, data string, want bool) {
		t.Helper()
		ok, err := s.SaveSearchSnapshot(ctx, v, []byte(data))
		if err != nil || ok != want {
			t.Fatalf("SaveSearchSnapshot(%d, %q) = %v, %v; want %v", v, data, ok, err, want)
		}
	}
	expect := func(v int64, want string) {
		t.Helper()
		got, err := s.SearchSnapshot(ctx, v)
		if want == "" {
			if !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("SearchSnapshot(%d) = %q, %v; want ErrNotFound", v, got, err)
			}
			return
		}
		if err != nil || !bytes.Equal(got, []byte(want)) {
			t.Fatalf("SearchSnapshot(%d) = %q, %v; want %q", v, got, err, want)
		}
	}

	expect(version(), "") // empty store
	mustSync(t, s, fixture(), t0)
	v1 := version()
	expect(v1, "")
	save(v1-1, "stale", false) // built from content before this Sync
	expect(v1, "")
	expect(v1-1, "")
	save(v1, "index of v1", true)
	expect(v1, "index of v1")
	expect(v1+1, "")

	mustSync(t, s, fixture(), t1) // changes nothing
	if version() != v1 {
		t.Fatal("an unchanged re-Sync moved the version")
	}
	expect(v1, "index of v1")
	mustSyncDataset(t, s, "other", store.Content{}, t1) // another dataset, nothing in it
	expect(v1, "index of v1")

	mustSync(t, s, without(fixture(), "CDC_0007"), t1) // changes content
	v2 := version()
	expect(v1, "")
	expect(v2, "") // dropped with the old content, not yet rebuilt
	save(v1, "index of v1", false)
	save(v2, "index of v2", true)
	expect(v2, "index of v2")
	save(v2, "index of v2, again", true) // replaces
	expect(v2, "index of v2, again")

	if ok, err := s.SaveSearchSnapshot(ctx, v2, nil); err == nil || ok {
		t.Fatalf("SaveSearchSnapshot of no data = %v, %v; want an error", ok, err)
	}
	expect(v2, "index of v2, again")

	// A refused Sync changes nothing, the snapshot included.
	bad := fixture()
	bad.Answers[0].QuestionSlug = "missing"
	if _, err := s.Sync(ctx, dataset, bad, store.SyncOptions{Now: t1}); err == nil {
		t.Fatal("Sync of bad content succeeded")
	}
	expect(v2, "index of v2, again")

	// SyncOptions.Snapshot: a changing Sync saves, in its transaction,
	// what the callback makes of the content as Load would read it; one
	// that changes nothing does not call it.
	var seen []store.Content
	snap := func(_ context.Context, c store.Content) []byte {
		seen = append(seen, c)
		return []byte("index made in the Sync")
	}
	if _, err := s.Sync(ctx, dataset, fixture(), store.SyncOptions{Now: t2, Snapshot: snap}); err != nil {
		t.Fatal(err)
	}
	v3 := version()
	expect(v3, "index made in the Sync")
	loaded, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 || !reflect.DeepEqual(seen[0], loaded) {
		t.Fatalf("Snapshot was called %d times; with the content Load reads: %v", len(seen), len(seen) == 1 && reflect.DeepEqual(seen[0], loaded))
	}
	if _, err := s.Sync(ctx, dataset, fixture(), store.SyncOptions{Now: t2, Snapshot: snap}); err != nil || len(seen) != 1 {
		t.Fatalf("an unchanged Sync: %v, Snapshot called %d times; want once in all", err, len(seen))
	}
	expect(v3, "index made in the Sync")
}
