package web

import (
	"context"
	"testing"
	"time"
)

// The meter lets a class hold its slots for its share of the cores on
// average, a burst above it, and refuses new work past that until the
// level drains.
func TestShareMeter(t *testing.T) {
	type step struct {
		hold  int           // holders added (+) or removed (-) first
		after time.Duration // then this much time passes
		full  bool          // and full() should say this
	}
	tests := []struct {
		name  string
		rate  float64
		steps []step
	}{
		{"one core, half: an ask in flight fills it past the burst", 0.5, []step{
			{+1, 19 * time.Millisecond, false}, // level 9.5 ms
			{0, 2 * time.Millisecond, true},    // 10.5 ms
			{-1, time.Millisecond, true},       // drains 0.5 ms: 10 ms, still full
			{0, 2 * time.Millisecond, false},   // 9 ms
		}},
		{"two cores, half: one ask at a time never fills it", 1, []step{
			{+1, time.Second, false},
			{0, time.Hour, false},
		}},
		{"two at once on two cores fill it", 1, []step{
			{+2, 11 * time.Millisecond, true},
		}},
		{"idle time is not saved up", 0.5, []step{
			{0, time.Hour, false},
			{+1, 21 * time.Millisecond, true},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := time.Unix(0, 0)
			m := &shareMeter{rate: tt.rate, burst: 10 * time.Millisecond, now: func() time.Time { return clock }, last: clock}
			for i, st := range tt.steps {
				m.hold(st.hold)
				clock = clock.Add(st.after)
				if got := m.full(); got != st.full {
					t.Errorf("step %d: full = %v, want %v (level %v)", i, got, st.full, m.level)
				}
			}
		})
	}
	var none *shareMeter
	none.hold(1)
	if none.full() {
		t.Error("a nil meter is full")
	}
}

// An admission whose class has used its share refuses at once, free
// slots or not, and counts its holders in and out.
func TestAdmissionShare(t *testing.T) {
	clock := time.Unix(0, 0)
	a := newAdmission(4, 4, time.Hour)
	a.share = &shareMeter{rate: 0.5, burst: 10 * time.Millisecond, now: func() time.Time { return clock }, last: clock}
	if err := a.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(30 * time.Millisecond) // one holder for 30 ms: 15 ms over
	if err := a.acquire(context.Background()); err != errBusy {
		t.Fatalf("past the share: %v, want errBusy", err)
	}
	a.release()
	clock = clock.Add(40 * time.Millisecond) // drained
	if err := a.acquire(context.Background()); err != nil {
		t.Fatalf("after draining: %v", err)
	}
	a.release()
	if a.share.holders != 0 || len(a.slots) != 0 {
		t.Errorf("holders %d, slots %d after every release", a.share.holders, len(a.slots))
	}
}

// Through the server: asks past their share get 503 with Retry-After at
// once, and cached pages are still served.
func TestAskShareRefusesPastIt(t *testing.T) {
	s, _ := newTestServer(t)
	if resp := do(t, s, "GET", "/q/what-is-restless-legs-syndrome"); resp.StatusCode != 200 {
		t.Fatalf("page: %d", resp.StatusCode)
	}
	s.asks.share.mu.Lock()
	s.asks.share.level = time.Second // as after a flood of asks
	s.asks.share.rate = 0
	s.asks.share.mu.Unlock()
	resp := do(t, s, "GET", "/ask?q=restless+legs+under+a+flood")
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" {
		t.Errorf("ask past the share: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if resp := do(t, s, "GET", "/q/what-is-restless-legs-syndrome"); resp.StatusCode != 200 {
		t.Errorf("a cached page meanwhile: %d", resp.StatusCode)
	}
}
