package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// The health loop: one goroutine, one probe of the primary and one of
// each replica per round, each bounded by ProbeTimeout.
//
// Lag is measured in time, with positions only: each round records the
// primary's WAL position (pg_current_wal_lsn) and when it was seen; a
// replica's lag is how long ago the primary first had WAL past the
// replica's replay position (pg_last_wal_replay_lsn). An idle primary
// writes nothing and a replica that replayed everything has lag 0,
// where pg_last_xact_replay_timestamp would have grown with the idle
// time. The figure is as fine as the probe interval.

// lsnSample is the primary's WAL position and when a probe saw it.
type lsnSample struct {
	at  time.Time
	lsn uint64
}

// lagClock keeps the primary's recent positions, oldest first: enough
// rounds to cover the lag bound and two more.
type lagClock struct {
	samples []lsnSample
	keep    int
}

// maxLagSamples bounds the samples a lagClock keeps (16 bytes each).
const maxLagSamples = 4096

func lagSamples(maxLag, every time.Duration) int { return int(maxLag/every) + 3 }

func newLagClock(maxLag, every time.Duration) lagClock {
	return lagClock{keep: min(lagSamples(maxLag, every), maxLagSamples)}
}

func (c *lagClock) add(at time.Time, lsn uint64) {
	if len(c.samples) == c.keep {
		c.samples = append(c.samples[:0], c.samples[1:]...)
	}
	c.samples = append(c.samples, lsnSample{at, lsn})
}

// behind is how long ago the primary first had WAL past replay, as far
// as the samples kept tell: 0 if replay has reached the newest. With
// samples spaced at least one interval apart, a replica behind the
// oldest one kept is at least the lag bound behind.
func (c *lagClock) behind(replay uint64, now time.Time) time.Duration {
	for _, s := range c.samples {
		if s.lsn > replay {
			return now.Sub(s.at)
		}
	}
	return 0
}

// parseLSN reads a pg_lsn's text form, two hexadecimal halves "16/B374D848".
func parseLSN(s string) (uint64, error) {
	hi, lo, ok := strings.Cut(s, "/")
	if ok {
		h, err1 := strconv.ParseUint(hi, 16, 32)
		l, err2 := strconv.ParseUint(lo, 16, 32)
		if err1 == nil && err2 == nil {
			return h<<32 | l, nil
		}
	}
	return 0, fmt.Errorf("not a WAL position: %q", s)
}

// replicaProbe is what one probe of a replica found.
type replicaProbe struct {
	err        error
	inRecovery bool
	replay     uint64
	version    int64
}

func (rs *replicaSet) probeAll(ctx context.Context) {
	lsn, perr := rs.probePrimary(ctx)
	seen := time.Now()
	found := make([]replicaProbe, len(rs.list))
	for i, r := range rs.list {
		found[i] = rs.probeReplica(ctx, r.pool)
	}
	if ctx.Err() != nil {
		return // closing: what a cancelled probe found says nothing
	}
	now := time.Now()
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if perr != nil {
		// Replicas are then judged against the positions seen before.
		if rs.primaryErr == "" {
			rs.log.Warn("primary does not answer the health probe", "primary", rs.primaryName, "err", perr)
		}
		rs.primaryErr = perr.Error()
	} else {
		rs.primaryErr = ""
		rs.lag.add(seen, lsn)
	}
	for i, r := range rs.list {
		rs.apply(r, found[i], now)
	}
	rs.choose()
}

func (rs *replicaSet) probePrimary(ctx context.Context) (uint64, error) {
	ctx, cancel := context.WithTimeout(ctx, rs.opts.ProbeTimeout)
	defer cancel()
	var text string
	if err := rs.primary.QueryRow(ctx, `SELECT pg_current_wal_lsn()::text`).Scan(&text); err != nil {
		return 0, err
	}
	return parseLSN(text)
}

func (rs *replicaSet) probeReplica(ctx context.Context, pool *pgxpool.Pool) replicaProbe {
	ctx, cancel := context.WithTimeout(ctx, rs.opts.ProbeTimeout)
	defer cancel()
	var p replicaProbe
	var replay *string
	p.err = pool.QueryRow(ctx, `SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text,
		(SELECT version FROM store_version)`).Scan(&p.inRecovery, &replay, &p.version)
	if p.err == nil && p.inRecovery {
		if replay == nil {
			p.err = errors.New("no WAL replayed yet")
		} else {
			p.replay, p.err = parseLSN(*replay)
		}
	}
	return p
}

// apply records a probe's finding; choose then decides. Called with mu
// held.
func (rs *replicaSet) apply(r *replica, p replicaProbe, now time.Time) {
	old := r.state
	switch {
	case p.err != nil:
		r.state, r.detail = stateDown, p.err.Error()
	case !p.inRecovery:
		r.state, r.detail = stateNotReplica, "pg_is_in_recovery() is false: a primary or a promoted replica, never read from"
	default:
		r.version = p.version
		if lag := rs.lag.behind(p.replay, now); lag > rs.opts.MaxLag {
			r.state = stateLagging
			r.detail = fmt.Sprintf("%v behind the primary (bound %v)", lag.Round(time.Millisecond), rs.opts.MaxLag)
		} else if r.state != stateInUse {
			r.state, r.detail = stateStandby, ""
		}
	}
	if r.state != old && old != stateStarting || r.state != stateStandby && old == stateStarting {
		rs.log.Info("replica state", "replica", r.name, "state", r.state, "was", old, "detail", r.detail)
	}
}
