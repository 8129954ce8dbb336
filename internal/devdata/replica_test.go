package devdata

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// The helper's replica follows its primary: a row written on the
// primary is read on the replica, which refuses writes; stopped and
// started again, it catches up.
func TestStreamingReplica(t *testing.T) {
	r := StreamingReplica(t)
	r.exec(r.PrimaryURL, "CREATE TABLE t (n int); INSERT INTO t VALUES (1)")
	r.WaitReplayed()
	var n int
	r.query(r.ReplicaURL, "SELECT n FROM t", &n)
	if n != 1 {
		t.Fatalf("replica reads %d, want 1", n)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, r.ReplicaURL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "INSERT INTO t VALUES (2)"); err == nil {
		t.Error("the replica accepted a write")
	}
	conn.Close(ctx)
	r.StopReplica()
	r.exec(r.PrimaryURL, "UPDATE t SET n = 3")
	r.StartReplica()
	r.WaitReplayed()
	r.query(r.ReplicaURL, "SELECT n FROM t", &n)
	if n != 3 {
		t.Fatalf("replica reads %d after its restart, want 3", n)
	}
}
