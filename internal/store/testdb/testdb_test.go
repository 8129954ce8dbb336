package testdb

import (
	"context"
	"errors"
	"testing"
	"time"

	"healthqa/internal/devdata"
	"healthqa/internal/store"
	"healthqa/internal/store/storetest"
)

func TestParseBackend(t *testing.T) {
	tests := []struct {
		in, want string
		fails    bool
	}{
		{"", SQLite, false},
		{"sqlite", SQLite, false},
		{"postgres", Postgres, false},
		{"Postgres", "", true},
		{"postgresql", "", true},
		{"pg", "", true},
		{"sqlite ", "", true},
	}
	for _, tt := range tests {
		got, err := parseBackend(tt.in)
		if got != tt.want || (err != nil) != tt.fails {
			t.Errorf("parseBackend(%q) = %q, %v; want %q, fails %v", tt.in, got, err, tt.want, tt.fails)
		}
	}
}

// On the backend of this run: Open gives an empty database of its own,
// Reopen and the DSN reach the same one, and Exec writes to it.
func TestOpenReopenExec(t *testing.T) {
	ctx := context.Background()
	st, dsn := OpenContent(t)
	other, otherDSN := OpenContent(t)
	if dsn == otherDSN {
		t.Fatalf("two Opens share %s", dsn)
	}
	if empty, err := st.Empty(ctx); err != nil || !empty {
		t.Fatalf("a new store: empty %v, err %v", empty, err)
	}
	content := storetest.GenerateContent(3, 6, 12, 200)
	if _, err := st.Sync(ctx, "medquad", content, store.SyncOptions{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if empty, err := other.Empty(ctx); err != nil || !empty {
		t.Errorf("the other store sees the first one's content: empty %v, err %v", empty, err)
	}
	again := open(t, dsn)
	stats, err := again.Stats(ctx)
	if err != nil || stats.Questions != 6 {
		t.Errorf("reopened: %+v, %v; want the 6 questions synced", stats, err)
	}
	v, err := again.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if saved, err := again.SaveSearchSnapshot(ctx, v, []byte("snapshot")); err != nil || !saved {
		t.Fatalf("save a snapshot: saved %v, err %v", saved, err)
	}
	Exec(t, dsn, "DELETE FROM search_snapshot")
	if _, err := again.SearchSnapshot(ctx, v); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after Exec deleted it, the snapshot: err %v, want ErrNotFound", err)
	}
}

// A shared fixture is copied whole, and each copy is a database of its
// own: a change to one reaches neither the fixture nor another copy.
func TestSharedAndCopyOf(t *testing.T) {
	ctx := context.Background()
	shared, remove, err := Shared()
	if errors.Is(err, ErrUnreachable) {
		devdata.Skip(t, err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := remove(); err != nil {
			t.Error(err)
		}
	}()
	st := open(t, shared)
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	if _, err := st.Sync(ctx, "medquad", storetest.GenerateContent(3, 6, 12, 200), store.SyncOptions{Now: now}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	one, two := open(t, CopyOf(t, shared)), open(t, CopyOf(t, shared))
	if _, err := one.Sync(ctx, "medquad", storetest.GenerateContent(2, 2, 2, 200), store.SyncOptions{Now: now}); err != nil {
		t.Fatal(err)
	}
	for name, st := range map[string]store.Store{"the changed copy": one, "the other copy": two} {
		want := 6
		if st == one {
			want = 2
		}
		if s, err := st.Stats(ctx); err != nil || s.Questions != want {
			t.Errorf("%s: %+v, %v; want %d questions", name, s, err, want)
		}
	}
	one.Close()
	two.Close()
	if s, err := open(t, shared).Stats(ctx); err != nil || s.Questions != 6 {
		t.Errorf("the fixture after its copies changed: %+v, %v", s, err)
	}
}
