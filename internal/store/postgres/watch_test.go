package postgres

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"healthqa/internal/devdata"
	"healthqa/internal/store"
	"healthqa/internal/store/storetest"
)

// watchDeadline bounds each wait for a report. It is generous on
// purpose (a loaded machine): these tests check that changes arrive and
// which, not how fast; the multi-node test holds the 2 s requirement.
const watchDeadline = 20 * time.Second

// noPoll is a poll period no test lasts: reports then come from
// notifications alone, but the first one at start.
const noPoll = time.Hour

// reports records what a watcher reported.
type reports struct {
	mu   sync.Mutex
	seen []int64
}

func (r *reports) add(v int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seen = append(r.seen, v)
}

func (r *reports) has(v int64) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range r.seen {
		if s == v {
			return true
		}
	}
	return false
}

func (r *reports) list() []int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]int64(nil), r.seen...)
}

// eventually polls cond until it holds or watchDeadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(watchDeadline)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, watchDeadline)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// watched opens a store on a schema of its own, starts w on it, and
// returns the store, its URL and what w reports. The watcher stops, and
// is waited for, when the test ends.
func watched(t *testing.T, poll time.Duration, connect func(dsn string) func(context.Context) (*pgx.Conn, error)) (*DB, string, *watcher, *reports) {
	t.Helper()
	dsn := devdata.PostgresSchema(t)
	d, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	r := &reports{}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	cfg.RuntimeParams["application_name"] = WatchAppName
	dial := func(ctx context.Context) (*pgx.Conn, error) { return pgx.ConnectConfig(ctx, cfg) }
	if connect != nil {
		dial = connect(dsn)
	}
	w := newWatcher(d, store.WatchOptions{Poll: poll}, r.add, dial)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("watcher ended with %v, want context.Canceled", err)
		}
		d.Close()
	})
	return d, dsn, w, r
}

// commitVersion sets the version in a transaction of its own connection,
// as another node's Sync or publish would, and commits or rolls back.
func commitVersion(t *testing.T, dsn string, v int64, commit bool) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `UPDATE store_version SET version = $1`, v); err != nil {
		t.Fatal(err)
	}
	if commit {
		err = tx.Commit(ctx)
	} else {
		err = tx.Rollback(ctx)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestWatchReportsCommittedSync: a Sync through another store on the
// same database reaches the watcher by notification (the poll is an
// hour away), with the version that Sync set.
func TestWatchReportsCommittedSync(t *testing.T) {
	_, dsn, w, r := watched(t, noPoll, nil)
	eventually(t, "the first version", func() bool { return r.has(0) && w.pid.Load() != 0 })
	other, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Sync(context.Background(), "medquad", storetest.GenerateContent(3, 5, 8, 10), store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	v := mustVersion(t, other)
	eventually(t, "the Sync's version", func() bool { return r.has(v) })
	// An unchanged re-import moves no version, so it announces nothing.
	if _, err := other.Sync(context.Background(), "medquad", storetest.GenerateContent(3, 5, 8, 10), store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	commitVersion(t, dsn, v+100, true)
	eventually(t, "the next change", func() bool { return r.has(v + 100) })
	if got := r.list(); len(got) != 3 {
		t.Errorf("reports %v, want [0 %d %d]", got, v, v+100)
	}
}

// TestWatchIgnoresRollback: a change rolled back is never announced
// (NOTIFY is delivered at commit); the change committed after it is, and
// notifications come in commit order, so the first's would have come
// before.
func TestWatchIgnoresRollback(t *testing.T) {
	_, dsn, w, r := watched(t, noPoll, nil)
	eventually(t, "the first version", func() bool { return r.has(0) && w.pid.Load() != 0 })
	commitVersion(t, dsn, 41, false)
	commitVersion(t, dsn, 42, true)
	eventually(t, "the committed change", func() bool { return r.has(42) })
	if r.has(41) {
		t.Errorf("reports %v include the rolled-back version 41", r.list())
	}
}

// TestWatchIgnoresOtherSchemas: the channel is the database's; a store in
// a sibling schema announces on it too, and must not be taken for ours.
func TestWatchIgnoresOtherSchemas(t *testing.T) {
	_, dsn, w, r := watched(t, noPoll, nil)
	eventually(t, "the first version", func() bool { return r.has(0) && w.pid.Load() != 0 })
	sibling := devdata.PostgresSchema(t)
	s, err := Open(context.Background(), sibling)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	commitVersion(t, sibling, 7, true)
	commitVersion(t, dsn, 8, true)
	eventually(t, "our change", func() bool { return r.has(8) })
	if r.has(7) {
		t.Errorf("reports %v include the sibling schema's version 7", r.list())
	}
}

// TestWatchReconnectsAfterTerminate ends the watcher's backend as an
// operator would (pg_terminate_backend, found in pg_stat_activity by its
// application_name): the watcher listens again on a new backend, a
// change committed while it was down is reported (by the poll that
// follows a reconnect), and later changes arrive by notification.
func TestWatchReconnectsAfterTerminate(t *testing.T) {
	_, dsn, w, r := watched(t, noPoll, nil)
	eventually(t, "the first version", func() bool { return r.has(0) && w.pid.Load() != 0 })
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	old := w.pid.Load()
	var found uint32
	if err := admin.QueryRow(ctx, `SELECT pid FROM pg_stat_activity
		WHERE application_name = $1 AND query LIKE 'LISTEN%' AND pid = $2`, WatchAppName, int64(old)).Scan(&found); err != nil {
		t.Fatalf("the watcher's backend %d in pg_stat_activity: %v", old, err)
	}
	before := ReadWatchStats()
	var ok bool
	if err := admin.QueryRow(ctx, `SELECT pg_terminate_backend($1)`, int64(found)).Scan(&ok); err != nil || !ok {
		t.Fatalf("pg_terminate_backend(%d) = %v, %v", found, ok, err)
	}
	commitVersion(t, dsn, 50, true)
	eventually(t, "the change made around the loss", func() bool { return r.has(50) })
	eventually(t, "a new backend", func() bool { p := w.pid.Load(); return p != 0 && p != old })
	commitVersion(t, dsn, 51, true)
	eventually(t, "a change after the reconnect", func() bool { return r.has(51) })
	after := ReadWatchStats()
	if after.Lost <= before.Lost || after.Reconnects <= before.Reconnects {
		t.Errorf("stats before %+v, after %+v: want Lost and Reconnects counted", before, after)
	}
}

// TestWatchPollsWithoutListen: with no connection able to listen (every
// attempt fails, as behind a pooler that does not pass LISTEN on), the
// periodic check alone still reports changes.
func TestWatchPollsWithoutListen(t *testing.T) {
	refuse := func(string) func(context.Context) (*pgx.Conn, error) {
		return func(context.Context) (*pgx.Conn, error) { return nil, errors.New("listening refused by the test") }
	}
	_, dsn, w, r := watched(t, 50*time.Millisecond, refuse)
	eventually(t, "the first version", func() bool { return r.has(0) })
	commitVersion(t, dsn, 60, true)
	eventually(t, "the polled change", func() bool { return r.has(60) })
	if p := w.pid.Load(); p != 0 {
		t.Errorf("the watcher listens on backend %d with every dial refused", p)
	}
}

// TestWatchVersionRefusesNoPoll: a watcher without a fallback would miss
// every change made while its connection is down.
func TestWatchVersionRefusesNoPoll(t *testing.T) {
	d := openTemp(t)
	defer d.Close()
	err := d.WatchVersion(context.Background(), store.WatchOptions{}, func(int64) {})
	if err == nil {
		t.Fatal("a zero poll period was accepted")
	}
}

func TestParseVersionNotice(t *testing.T) {
	for _, c := range []struct {
		payload string
		schema  string
		version int64
		ok      bool
	}{
		{"public 42", "public", 42, true},
		{"my schema 1733212345678901", "my schema", 1733212345678901, true},
		{"public", "", 0, false},
		{"public x", "", 0, false},
		{"public 99999999999999999999", "", 0, false},
		{"", "", 0, false},
	} {
		s, v, ok := parseVersionNotice(c.payload)
		if s != c.schema || v != c.version || ok != c.ok {
			t.Errorf("parseVersionNotice(%q) = %q, %d, %v; want %q, %d, %v", c.payload, s, v, ok, c.schema, c.version, c.ok)
		}
	}
}
