package sqlite

import (
	"context"
	"errors"
	"testing"

	"healthqa/internal/store"
)

// TestMigrateVersion3 opens a database with content made before
// migration 0004: it has no snapshot, so readers build the index, and
// one can be saved for its current version.
func TestMigrateVersion3(t *testing.T) {
	ctx := context.Background()
	d := mustOpen(t, openVersion(t, 3, version1Data))
	v, err := d.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.SearchSnapshot(ctx, v); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("SearchSnapshot on a migrated database: err = %v; want ErrNotFound", err)
	}
	if ok, err := d.SaveSearchSnapshot(ctx, v, []byte("index")); err != nil || !ok {
		t.Fatalf("SaveSearchSnapshot = %v, %v; want saved", ok, err)
	}
	if got, err := d.SearchSnapshot(ctx, v); err != nil || string(got) != "index" {
		t.Errorf("SearchSnapshot = %q, %v; want the saved bytes", got, err)
	}
}
