package postgres

import (
	"context"
	"testing"

	"healthqa/internal/devdata"
)

// PoolStats reads the live pool: its bound, and connections open once
// a query ran.
func TestPoolStats(t *testing.T) {
	d, err := Open(context.Background(), devdata.PostgresSchema(t)+"&pool_max_conns=3")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Stats(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := d.PoolStats()
	if s.MaxOpen != 3 || s.Open < 1 || s.Open != s.InUse+s.Idle || s.Open > s.MaxOpen {
		t.Errorf("PoolStats = %+v", s)
	}
}
