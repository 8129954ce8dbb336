package web

import (
	"container/list"
	"math"
	"net"
	"net/netip"
	"sync"
	"time"
)

// clientLimiter rate-limits one kind of request per client address with
// a token bucket each: burst requests at once, then one per every. It is
// in memory, so each node counts on its own and a restart forgets; one
// node serves healthqa today (issue 10 moves the counts to the database
// when there are several). Its memory is bounded: at most size clients
// are remembered, the least recently seen forgotten first, which gives a
// forgotten client a full bucket again; that costs an attacker who
// cycles through more than size addresses nothing they did not have.
type clientLimiter struct {
	burst float64
	every time.Duration
	size  int
	now   func() time.Time

	mu      sync.Mutex
	clients map[string]*list.Element // of *bucket
	lru     list.List                // front: most recently seen
}

type bucket struct {
	key    string
	tokens float64
	at     time.Time // when tokens was last brought up to date
}

func newClientLimiter(burst int, every time.Duration, size int) *clientLimiter {
	return &clientLimiter{burst: float64(burst), every: every, size: size, now: time.Now,
		clients: make(map[string]*list.Element)}
}

// allow takes a token from the client's bucket. When there is none it
// says how long until there is one.
func (l *clientLimiter) allow(client string) (ok bool, retryAfter time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.bucketOf(client, now)
	b.tokens = min(l.burst, b.tokens+float64(now.Sub(b.at))/float64(l.every))
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) * float64(l.every))
}

// bucketOf finds or makes the client's bucket, marking it most recently
// seen and forgetting the least recently seen client past size.
func (l *clientLimiter) bucketOf(client string, now time.Time) *bucket {
	if e, ok := l.clients[client]; ok {
		l.lru.MoveToFront(e)
		return e.Value.(*bucket)
	}
	if len(l.clients) >= l.size {
		oldest := l.lru.Back()
		l.lru.Remove(oldest)
		delete(l.clients, oldest.Value.(*bucket).key)
	}
	b := &bucket{key: client, tokens: l.burst, at: now}
	l.clients[client] = l.lru.PushFront(b)
	return b
}

// len is how many clients are remembered.
func (l *clientLimiter) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.clients)
}

// clientKey names the client of r by its address: an IPv4 address
// whole, an IPv6 address by its /64, which one machine usually holds
// whole. remote is the client's address in RemoteAddr's form, as
// Server.clientRemoteAddr gives it: the connection's peer, or the
// address a trusted proxy forwarded (clientaddr.go).
func clientKey(remote string) string {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	addr = addr.Unmap()
	if addr.Is4() {
		return addr.String()
	}
	p, _ := addr.WithZone("").Prefix(64)
	return p.String()
}

// retryAfterSeconds rounds a wait up to whole seconds, at least one, as
// Retry-After wants.
func retryAfterSeconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}
