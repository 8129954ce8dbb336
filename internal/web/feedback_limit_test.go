package web

import (
	"strconv"
	"testing"
	"time"
)

func TestClientLimiter(t *testing.T) {
	clock := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	l := newClientLimiter(3, 10*time.Second, 4)
	l.now = func() time.Time { return clock }
	steps := []struct {
		advance time.Duration
		client  string
		ok      bool
		wait    time.Duration
	}{
		{0, "a", true, 0},
		{0, "a", true, 0},
		{0, "a", true, 0},
		{0, "a", false, 10 * time.Second},
		{4 * time.Second, "a", false, 6 * time.Second},
		{6 * time.Second, "a", true, 0}, // one token back after 10 s
		{0, "a", false, 10 * time.Second},
		{0, "b", true, 0}, // another client has its own bucket
		{time.Hour, "a", true, 0},
		{0, "a", true, 0},
		{0, "a", true, 0},
		{0, "a", false, 10 * time.Second}, // refilled to the burst, no more
	}
	for i, st := range steps {
		clock = clock.Add(st.advance)
		ok, wait := l.allow(st.client)
		if ok != st.ok || wait != st.wait {
			t.Errorf("step %d (%s): allow = %v, wait %v; want %v, %v", i, st.client, ok, wait, st.ok, st.wait)
		}
	}
}

// The limiter remembers at most size clients, forgetting the least
// recently seen first.
func TestClientLimiterBounded(t *testing.T) {
	l := newClientLimiter(1, time.Hour, 3)
	for i := range 1000 {
		l.allow("client-" + strconv.Itoa(i))
		if n := l.len(); n > 3 {
			t.Fatalf("%d clients remembered, bound 3", n)
		}
	}
	l.allow("x")
	l.allow("y")
	l.allow("x") // x seen more recently than y
	l.allow("z")
	l.allow("w") // forgets y
	if ok, _ := l.allow("x"); ok {
		t.Error("x was forgotten before y")
	}
	if ok, _ := l.allow("y"); !ok {
		t.Error("y was remembered past the bound")
	}
}

func TestClientKey(t *testing.T) {
	tests := []struct{ remote, want string }{
		{"192.0.2.1:1234", "192.0.2.1"},
		{"[::ffff:192.0.2.1]:1234", "192.0.2.1"},
		{"[2001:db8:1:2:3:4:5:6]:443", "2001:db8:1:2::/64"},
		{"[2001:db8:1:2:ffff::1]:443", "2001:db8:1:2::/64"},
		{"[fe80::1%eth0]:80", "fe80::/64"},
		{"not an address", "not an address"},
	}
	for _, tc := range tests {
		if got := clientKey(tc.remote); got != tc.want {
			t.Errorf("clientKey(%q) = %q, want %q", tc.remote, got, tc.want)
		}
	}
}

func TestRetryAfterSeconds(t *testing.T) {
	for d, want := range map[time.Duration]int{0: 1, time.Millisecond: 1, time.Second: 1, 1001 * time.Millisecond: 2, 6 * time.Second: 6} {
		if got := retryAfterSeconds(d); got != want {
			t.Errorf("retryAfterSeconds(%v) = %d, want %d", d, got, want)
		}
	}
}
