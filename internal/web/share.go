package web

import (
	"runtime"
	"sync"
	"time"
)

// shareMeter bounds the time a class of work holds its slots to a share
// of the cores, on average: a leaky bucket whose level rises by the
// number of holders and drains at the allowed rate; past burst, new work
// is refused until it drains. A count of slots cannot say "half the
// cores" on one core, where one ask in flight is all of it: asks are
// short, a slot is nearly always free when a request reaches it, and a
// flood of asks took three quarters of the server's CPU while cached
// pages waited (docs/BENCHMARKS.md, "/ask under a flood"). With two
// cores or more the slot count already keeps to the share and the meter
// never fills. It measures wall time, which on a machine busy with other
// work is more than the CPU the asks used: it then refuses early, never
// late. On one core it holds a single client asking back to back to half
// the core too; refusing only "under contention" was tried and dropped:
// on one core the waiting requests are goroutines not yet in a handler,
// so a count of requests in flight never showed the flood.
type shareMeter struct {
	mu      sync.Mutex
	rate    float64       // slot-seconds a second the class may hold on average
	burst   time.Duration // how far past that rate it may run before refusals
	holders int
	level   time.Duration
	last    time.Time
	now     func() time.Time
}

// askShare is the share of the cores asks may take: half, as the slot
// count (Limits.AskInflight) intends, leaving the rest to pages and to
// shedding the excess.
const askShare = 0.5

// shareBurst lets a class run above its share this long before new work
// is refused: long enough for a few asks in a row, short enough that a
// cached page never waits a whole burst.
const shareBurst = 10 * time.Millisecond

func newShareMeter(share float64) *shareMeter {
	return &shareMeter{rate: share * float64(runtime.GOMAXPROCS(0)), burst: shareBurst, now: time.Now, last: time.Now()}
}

// advance brings the level to now; the caller holds mu.
func (m *shareMeter) advance() {
	now := m.now()
	dt := now.Sub(m.last)
	m.last = now
	m.level += time.Duration((float64(m.holders) - m.rate) * float64(dt))
	m.level = max(m.level, 0)
}

// full tells whether the class has run past its share; nil never is.
func (m *shareMeter) full() bool {
	if m == nil {
		return false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.advance()
	return m.level >= m.burst
}

// hold counts a holder in (+1) or out (-1); nil counts nothing.
func (m *shareMeter) hold(d int) {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.advance()
	m.holders += d
	m.mu.Unlock()
}
