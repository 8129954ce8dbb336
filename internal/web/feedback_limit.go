package web

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"net"
	"net/netip"
	"sync"
	"time"
)

// clientKey names the client of r by its address: an IPv4 address
// whole, an IPv6 address by its /64, which one machine usually holds
// whole. remote is the client's address in RemoteAddr's form, as
// Server.clientRemoteAddr gives it: the connection's peer, or the
// address a trusted proxy forwarded (clientaddr.go). Anything else (no
// address, a socket's name) is named by its SHA-256, within the store's
// bound on a client key, and nothing is one empty name.
func clientKey(remote string) string {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		sum := sha256.Sum256([]byte(host))
		return "other:" + hex.EncodeToString(sum[:16])
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

// refusals remembers, per client, until when the shared bucket is known
// to be empty: tokens only come back with time, and other nodes only
// take them, so a vote before then would be refused by the database too
// and is refused here without asking it. A flood of votes from one
// client then costs the database one transaction per refill, not one
// per request. At most maxRefusals clients are remembered; past that the
// expired are dropped, and if none are, all (the database still rules).
type refusals struct {
	mu    sync.Mutex
	until map[string]time.Time
}

const maxRefusals = 10000

// refused reports whether client is known to have no token at now, and
// how long until it may.
func (r *refusals) refused(client string, now time.Time) (bool, time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	t, ok := r.until[client]
	if !ok || !now.Before(t) {
		return false, 0
	}
	return true, t.Sub(now)
}

// refuse remembers that client has no token until now+wait.
func (r *refusals) refuse(client string, now time.Time, wait time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.until == nil {
		r.until = map[string]time.Time{}
	}
	if len(r.until) >= maxRefusals {
		for c, t := range r.until {
			if !now.Before(t) {
				delete(r.until, c)
			}
		}
		if len(r.until) >= maxRefusals {
			clear(r.until)
		}
	}
	r.until[client] = now.Add(wait)
}
