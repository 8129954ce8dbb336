package postgres

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"healthqa/internal/devdata"
	"healthqa/internal/store"
	"healthqa/internal/store/storetest"
)

// These tests run a real primary and a streaming replica of it
// (devdata.StreamingReplica). What proves that a read came from the
// replica is content the replica does not have yet: WAL replay is
// paused there (pg_wal_replay_pause), a change is committed on the
// primary, and the node's reads still show the old content while reads
// marked store.ReadPrimary show the new.

// replicaFixture is a replicated cluster holding generated content,
// and the question whose title the tests change.
type replicaFixture struct {
	rep     *devdata.Replication
	content store.Content
	slug    string
}

func newReplicaFixture(t *testing.T) *replicaFixture {
	t.Helper()
	rep := devdata.StreamingReplica(t)
	f := &replicaFixture{rep: rep, content: storetest.GenerateContent(10, 30, 60, 40)}
	f.slug = f.content.Questions[0].Slug
	d, err := Open(context.Background(), rep.PrimaryURL)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Sync(context.Background(), "medquad", f.content, store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	rep.WaitReplayed()
	return f
}

// retitle commits a new title for the fixture's question through d
// (whose Sync writes to the primary).
func (f *replicaFixture) retitle(t *testing.T, d *DB, title string) {
	t.Helper()
	c := f.content
	c.Questions = slices.Clone(c.Questions)
	c.Questions[0].Title = title
	if res, err := d.Sync(context.Background(), "medquad", c, store.SyncOptions{}); err != nil || !res.Questions.Changed() {
		t.Fatalf("sync: %+v, %v", res, err)
	}
}

func (f *replicaFixture) open(t *testing.T, ro ReplicaOptions) *DB {
	t.Helper()
	ro.URLs = []string{f.rep.ReplicaURL}
	d, err := OpenWithReplicas(context.Background(), f.rep.PrimaryURL, ro)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func (f *replicaFixture) onReplica(t *testing.T, sql string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, f.rep.ReplicaURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("%s on the replica: %v", sql, err)
	}
}

func title(t *testing.T, ctx context.Context, d *DB, slug string) string {
	t.Helper()
	q, _, err := d.Question(ctx, slug)
	if err != nil {
		t.Fatalf("question %s: %v", slug, err)
	}
	return q.Title
}

// state is the replica's state as Backends reports it.
func state(d *DB) string {
	for _, b := range d.Backends() {
		if b.Role == "replica" {
			return b.State
		}
	}
	return "(none)"
}

// waitState polls Backends until the replica is in the wanted state;
// the deadline is generous, the loop probes every 50 ms.
func waitState(t *testing.T, d *DB, want string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for state(d) != want {
		if time.Now().After(deadline) {
			t.Fatalf("replica state %q after 20 s, want %q: %+v", state(d), want, d.Backends())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestReplicaReads(t *testing.T) {
	f := newReplicaFixture(t)
	ctx := context.Background()
	primary := store.ReadPrimary(ctx)
	orig := f.content.Questions[0].Title

	// A node with a generous lag bound reads the replica, and keeps
	// reading it while replay is paused: it shows the old title and
	// version; the primary-marked reads show the new.
	node := f.open(t, ReplicaOptions{MaxLag: time.Minute, ProbeEvery: 50 * time.Millisecond})
	if got := state(node); got != stateInUse {
		t.Fatalf("replica %q after open, want %q: %+v", got, stateInUse, node.Backends())
	}
	before := mustVersion(t, node)
	f.onReplica(t, "SELECT pg_wal_replay_pause()")
	f.retitle(t, node, "Changed on the primary")
	if got := title(t, ctx, node, f.slug); got != orig {
		t.Errorf("node read %q while replay is paused: not from the replica (want %q)", got, orig)
	}
	if v := mustVersion(t, node); v != before {
		t.Errorf("node version %d while replay is paused, want the replica's %d", v, before)
	}
	if got := title(t, primary, node, f.slug); got != "Changed on the primary" {
		t.Errorf("primary-marked read %q, want the new title", got)
	}
	if v, err := node.Version(primary); err != nil || v <= before {
		t.Errorf("primary-marked version %d, %v; want past %d", v, err, before)
	}

	// A node with a tight bound finds the paused replica lagging and
	// reads the primary instead.
	strict := f.open(t, ReplicaOptions{MaxLag: 200 * time.Millisecond, ProbeEvery: 50 * time.Millisecond})
	waitState(t, strict, stateLagging)
	if got := title(t, ctx, strict, f.slug); got != "Changed on the primary" {
		t.Errorf("node with a lagging replica read %q, want the primary's title", got)
	}
	f.onReplica(t, "SELECT pg_wal_replay_resume()")
	waitState(t, strict, stateInUse)
	waitState(t, node, stateInUse)
	if got := title(t, ctx, strict, f.slug); got != "Changed on the primary" {
		t.Errorf("after replay resumed: %q", got)
	}
}

// A replica that stops, by a fast shutdown or a crash, is skipped with
// no failed read, whether the health loop or a read notices first, and
// it is used again once it answers.
func TestReplicaStops(t *testing.T) {
	f := newReplicaFixture(t)
	ctx := context.Background()
	polled := f.open(t, ReplicaOptions{ProbeEvery: 50 * time.Millisecond})
	for _, stop := range []struct {
		name string
		do   func()
	}{
		{"fast shutdown", f.rep.StopReplica},
		{"crash", f.rep.CrashReplica},
	} {
		// This node's loop never looks again: only a failed read can
		// take its replica out of use.
		unprobed := f.open(t, ReplicaOptions{ProbeEvery: time.Hour})
		for _, d := range []*DB{polled, unprobed} {
			if got := state(d); got != stateInUse {
				t.Fatalf("%s: replica %q before the stop, want %q", stop.name, got, stateInUse)
			}
		}

		// Readers run throughout the stop; none may fail.
		var reads, failures atomic.Int64
		done := make(chan struct{})
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				for {
					select {
					case <-done:
						return
					default:
					}
					_, _, err := polled.Question(ctx, f.slug)
					if err == nil {
						_, err = polled.Load(ctx)
					}
					reads.Add(1)
					if err != nil {
						failures.Add(1)
						t.Errorf("%s: read during the stop: %v", stop.name, err)
					}
				}
			})
		}
		time.Sleep(200 * time.Millisecond)
		stop.do()
		waitState(t, polled, stateDown)
		time.Sleep(200 * time.Millisecond)
		close(done)
		wg.Wait()
		t.Logf("%s: %d reads during the stop, %d failed", stop.name, reads.Load(), failures.Load())

		if got := title(t, ctx, unprobed, f.slug); got != f.content.Questions[0].Title {
			t.Errorf("%s: read on the node whose replica went away unseen: %q", stop.name, got)
		}
		if got := state(unprobed); got != stateDown {
			t.Errorf("%s: after a read failed over: replica %q, want %q", stop.name, got, stateDown)
		}
		if _, err := unprobed.Version(ctx); err != nil {
			t.Errorf("%s: version with the replica down: %v", stop.name, err)
		}

		f.rep.StartReplica()
		waitState(t, polled, stateInUse)
		if got := title(t, ctx, polled, f.slug); got != f.content.Questions[0].Title {
			t.Errorf("%s: read after the replica's return: %q", stop.name, got)
		}
		unprobed.Close()
	}
}
