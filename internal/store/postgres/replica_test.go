package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"healthqa/internal/store"
)

func TestParseLSN(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want uint64
		ok   bool
	}{
		{"0/0", 0, true},
		{"16/B374D848", 0x16<<32 | 0xB374D848, true},
		{"FFFFFFFF/FFFFFFFF", 1<<64 - 1, true},
		{"0/3000148", 0x3000148, true},
		{"", 0, false},
		{"16B374D848", 0, false},
		{"1/2/3", 0, false},
		{"G/0", 0, false},
		{"100000000/0", 0, false},
	} {
		got, err := parseLSN(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseLSN(%q) = %x, %v; want %x, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

// Lag is how long ago the primary first had WAL past the replica's
// replay position; an idle primary, whose position does not move, gives
// a replica that replayed it all no lag however long ago that was.
func TestLagClock(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := newLagClock(3*time.Second, time.Second) // keeps 6 samples
	for i := range 10 {
		c.add(t0.Add(time.Duration(i)*time.Second), uint64(100+10*i))
	}
	now := t0.Add(9*time.Second + 500*time.Millisecond)
	for _, tc := range []struct {
		replay uint64
		want   time.Duration
	}{
		{190, 0},                       // caught up with the newest
		{500, 0},                       // ahead of the last sample (the primary moved since)
		{185, 500 * time.Millisecond},  // behind the newest only
		{180, 500 * time.Millisecond},  // equal to the one before: the newest is past it
		{175, 1500 * time.Millisecond}, // behind the last two
		{0, 5500 * time.Millisecond},   // behind all six kept: at least the oldest's age
	} {
		if got := c.behind(tc.replay, now); got != tc.want {
			t.Errorf("behind(%d) = %v, want %v", tc.replay, got, tc.want)
		}
	}
	if len(c.samples) != 6 {
		t.Errorf("kept %d samples, want 6", len(c.samples))
	}
	idle := newLagClock(time.Second, time.Second)
	for i := range 100 {
		idle.add(t0.Add(time.Duration(i)*time.Second), 42)
	}
	if got := idle.behind(42, t0.Add(time.Hour)); got != 0 {
		t.Errorf("idle primary: lag %v, want 0", got)
	}
}

// Only a failure of the replica, not of the request, sends a read to
// the primary.
func TestRetryOnPrimary(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	live := context.Background()
	for _, tc := range []struct {
		name  string
		ctx   context.Context
		err   error
		retry bool
		lost  bool
	}{
		{"connect refused", live, &pgconn.ConnectError{}, true, true},
		{"network error", live, fmt.Errorf("read: %w", &net.OpError{Op: "read", Err: errors.New("connection reset")}), true, true},
		{"unexpected EOF", live, fmt.Errorf("receive message: %w", io.ErrUnexpectedEOF), true, true},
		{"conn closed (a crash seen by a pooled connection)", live, fmt.Errorf("query: %w", pgconn.ErrConnClosed), true, true},
		{"admin shutdown", live, &pgconn.PgError{Code: "57P01"}, true, true},
		{"connection failure", live, &pgconn.PgError{Code: "08006"}, true, true},
		{"conflict with recovery", live, &pgconn.PgError{Code: "40001"}, true, false},
		{"not found", live, fmt.Errorf("topic: %w", store.ErrNotFound), false, false},
		{"no rows", live, pgx.ErrNoRows, false, false},
		{"syntax error", live, &pgconn.PgError{Code: "42601"}, false, false},
		{"undefined table", live, &pgconn.PgError{Code: "42P01"}, false, false},
		{"cancelled request", cancelled, &pgconn.ConnectError{}, false, true},
		{"deadline", live, fmt.Errorf("x: %w", context.DeadlineExceeded), false, false},
		{"scan error", live, errors.New("can't scan into dest[0]"), false, false},
	} {
		if got := retryOnPrimary(tc.ctx, tc.err); got != tc.retry {
			t.Errorf("%s: retryOnPrimary = %v, want %v", tc.name, got, tc.retry)
		}
		if got := connectionLost(tc.err); got != tc.lost {
			t.Errorf("%s: connectionLost = %v, want %v", tc.name, got, tc.lost)
		}
	}
}

func TestReplicaOptionsCheck(t *testing.T) {
	for _, tc := range []struct {
		opts ReplicaOptions
		ok   bool
	}{
		{ReplicaOptions{}, true},
		{ReplicaOptions{MaxLag: MaxMaxLag}, true},
		{ReplicaOptions{MaxLag: MaxMaxLag + 1}, false},
		{ReplicaOptions{MaxLag: -time.Second}, false},
		{ReplicaOptions{ProbeEvery: time.Millisecond}, false},
		{ReplicaOptions{MaxLag: time.Hour, ProbeEvery: 100 * time.Millisecond}, false}, // 36,000 samples
	} {
		err := tc.opts.check()
		if (err == nil) != tc.ok {
			t.Errorf("%+v: check() = %v, want ok %v", tc.opts, err, tc.ok)
		}
	}
}

// A replica URL that does not parse is bad input: Open says so, before
// connecting to anything.
func TestOpenWithBadReplicaURL(t *testing.T) {
	for _, bad := range []string{"postgres://u:p@host/%zz", "/var/lib/healthqa.db", "mysql://host/db"} {
		_, err := OpenWithReplicas(context.Background(), "postgres://nowhere.invalid/x", ReplicaOptions{URLs: []string{bad}})
		if err == nil || !strings.HasPrefix(err.Error(), "replica ") || strings.Contains(err.Error(), ":p@") {
			t.Errorf("replica %q: %v, want an error about the replica, without its password", bad, err)
		}
	}
}

// The choice of replica: the first healthy one at the high-water mark,
// kept while healthy; one behind the mark waits; a version read from a
// backend no longer chosen is not reported.
func TestChooseReplica(t *testing.T) {
	a := &replica{name: "a", state: stateStandby, version: 5}
	b := &replica{name: "b", state: stateStandby, version: 5}
	rs := &replicaSet{list: []*replica{a, b}, log: slog.New(slog.DiscardHandler)}
	inUse := func(want *replica) {
		t.Helper()
		if rs.current != want {
			t.Fatalf("in use %v, want %v", rs.current, want)
		}
		for _, r := range rs.list {
			if (r.state == stateInUse) != (r == want) {
				t.Fatalf("%s is %q with %v in use", r.name, r.state, want)
			}
		}
	}
	rs.choose()
	inUse(a)
	_, epoch := rs.pick()
	if !rs.settle(epoch, 7) || rs.highWater != 7 {
		t.Fatalf("settle on the current epoch: high water %d", rs.highWater)
	}
	a.state = stateLagging
	rs.choose()
	inUse(nil) // b is healthy but behind what the node has shown
	if !strings.Contains(b.detail, "behind") {
		t.Errorf("b's detail %q does not say it is behind", b.detail)
	}
	if rs.settle(epoch, 9) || rs.highWater != 7 {
		t.Errorf("a version read before the change of choice was reported: high water %d", rs.highWater)
	}
	b.version = 7
	rs.choose()
	inUse(b)
	a.state, a.version = stateStandby, 9
	rs.choose()
	inUse(b) // kept while healthy
	rs.failed(b, errors.New("connection refused"))
	inUse(a)
	if b.state != stateDown {
		t.Errorf("b is %q after failing", b.state)
	}
}
