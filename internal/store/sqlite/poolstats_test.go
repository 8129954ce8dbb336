package sqlite

import (
	"context"
	"path/filepath"
	"testing"
)

// PoolStats reads database/sql's pool: its bound, and connections open
// once a query ran.
func TestPoolStats(t *testing.T) {
	d, err := Open(context.Background(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Stats(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := d.PoolStats()
	if s.MaxOpen < 4 || s.Open < 1 || s.Open != s.InUse+s.Idle || s.Open > s.MaxOpen {
		t.Errorf("PoolStats = %+v", s)
	}
}
