package web

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"healthqa/internal/store"
)

func TestClientKey(t *testing.T) {
	tests := []struct{ remote, want string }{
		{"192.0.2.1:1234", "192.0.2.1"},
		{"[::ffff:192.0.2.1]:1234", "192.0.2.1"},
		{"[2001:db8:1:2:3:4:5:6]:443", "2001:db8:1:2::/64"},
		{"[2001:db8:1:2:ffff::1]:443", "2001:db8:1:2::/64"},
		{"[fe80::1%eth0]:80", "fe80::/64"},
		{"not an address", "other:f8121aab13d54c46a7450875d829bad1"},
		{"", "other:e3b0c44298fc1c149afbf4c8996fb924"},
	}
	for _, tc := range tests {
		if got := clientKey(tc.remote); got != tc.want {
			t.Errorf("clientKey(%q) = %q, want %q", tc.remote, got, tc.want)
		}
	}
	long := clientKey(strings.Repeat("x", 10000))
	if len(long) > store.MaxClientKey {
		t.Errorf("clientKey of a long name: %d bytes, over the store's %d", len(long), store.MaxClientKey)
	}
}

func TestRetryAfterSeconds(t *testing.T) {
	for d, want := range map[time.Duration]int{0: 1, time.Millisecond: 1, time.Second: 1, 1001 * time.Millisecond: 2, 6 * time.Second: 6} {
		if got := retryAfterSeconds(d); got != want {
			t.Errorf("retryAfterSeconds(%v) = %d, want %d", d, got, want)
		}
	}
}

func TestRefusals(t *testing.T) {
	var r refusals
	t0 := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	if no, _ := r.refused("a", t0); no {
		t.Error("a client never refused is refused")
	}
	r.refuse("a", t0, 5*time.Second)
	if no, wait := r.refused("a", t0.Add(2*time.Second)); !no || wait != 3*time.Second {
		t.Errorf("refused %v, wait %v; want refused for 3s more", no, wait)
	}
	if no, _ := r.refused("a", t0.Add(5*time.Second)); no {
		t.Error("refused after the wait")
	}
	if no, _ := r.refused("b", t0); no {
		t.Error("another client refused")
	}
	// Bounded: past maxRefusals the expired go, and then, if need be, all.
	for i := range maxRefusals + 10 {
		r.refuse(strconv.Itoa(i), t0, time.Minute)
	}
	if n := len(r.until); n > maxRefusals {
		t.Errorf("%d clients remembered, over %d", n, maxRefusals)
	}
}
