package account

import (
	"net/netip"
	"strings"
	"time"

	"healthqa/internal/store"
)

// ThrottlePolicy bounds password guessing. Failures are counted per
// account and per client address, in the database so that every node
// sees them. Past the limit within Window, the key is locked for Lock,
// doubling with each further failure up to MaxLock. A lock on an
// account stops sign-ins to it from everywhere, so that a botnet gains
// nothing, at the price that a stranger can keep an account locked for
// MaxLock at a time (ASVS 6.3.1 accepts this, with the lock short).
type ThrottlePolicy struct {
	AccountLimit int
	ClientLimit  int
	Window       time.Duration
	AccountLock  time.Duration
	ClientLock   time.Duration
	MaxLock      time.Duration
}

// DefaultThrottle: 5 failures per account and 20 per client address in
// 15 minutes; then 1 minute (account) or 15 minutes (client), doubling,
// at most an hour.
var DefaultThrottle = ThrottlePolicy{
	AccountLimit: 5, ClientLimit: 20, Window: 15 * time.Minute,
	AccountLock: time.Minute, ClientLock: 15 * time.Minute, MaxLock: time.Hour,
}

// AccountKey and ClientKey name the throttle counters.
func AccountKey(email string) string { return "account:" + email }

// ClientKey counts by address; an IPv6 client is counted by its /64,
// which one machine commonly holds whole.
func ClientKey(remoteAddr string) string {
	host := remoteAddr
	if ap, err := netip.ParseAddrPort(remoteAddr); err == nil {
		a := ap.Addr().Unmap()
		host = a.String()
		if a.Is6() {
			p, _ := a.Prefix(64)
			host = p.String()
		}
	} else if i := strings.LastIndexByte(remoteAddr, ':'); i > 0 && !strings.Contains(remoteAddr[:i], ":") {
		host = remoteAddr[:i]
	}
	return "client:" + host
}

// AccountRule and ClientRule are the store's counting rules.
func (p ThrottlePolicy) AccountRule() store.ThrottleRule {
	return store.ThrottleRule{Window: p.Window, Lock: p.lock(p.AccountLimit, p.AccountLock)}
}

// ClientRule: see AccountRule.
func (p ThrottlePolicy) ClientRule() store.ThrottleRule {
	return store.ThrottleRule{Window: p.Window, Lock: p.lock(p.ClientLimit, p.ClientLock)}
}

func (p ThrottlePolicy) lock(limit int, base time.Duration) func(int) time.Duration {
	return func(failures int) time.Duration {
		if failures < limit {
			return 0
		}
		d := base
		for i := limit; i < failures && d < p.MaxLock; i++ {
			d *= 2
		}
		return min(d, p.MaxLock)
	}
}

// Locked reports whether a counter stops sign-ins at now.
func Locked(t store.Throttle, now time.Time) bool { return now.Before(t.LockedUntil) }

// SessionTimeouts are the defaults: 30 minutes idle, 12 hours in all
// (ASVS 7.3.1, 7.3.2).
var SessionTimeouts = store.SessionTimeouts{Idle: 30 * time.Minute, Absolute: 12 * time.Hour}

// InviteLifetime is how long an invitation or a one-time sign-in link
// can be used.
const InviteLifetime = 72 * time.Hour
