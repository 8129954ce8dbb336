package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"healthqa/internal/store"
)

// Read replicas (issue 10, item 5; docs/POSTGRES.md "Read replicas").
//
// A node reads its content from one replica at a time, version and
// pages alike, and falls back to the primary as a whole. The web layer
// labels cached pages and the search index with the content version;
// a page read from a backend behind that label would be cached as
// current and never replaced. So the set keeps a high-water mark, the
// highest version Version has reported, and moves to a replica only
// once that replica's version has reached it: whatever label a page
// gets, the backend its content comes from is at least that new.

// ReplicaOptions configure the reads from streaming replicas.
type ReplicaOptions struct {
	// URLs are the replicas, postgres:// URLs as for the primary.
	URLs []string
	// MaxLag is how far behind the primary a replica may be and still
	// be read, in time: how long ago the primary had written WAL the
	// replica has not replayed yet. 0 means DefaultMaxLag.
	MaxLag time.Duration
	// ProbeEvery is how often the health loop looks; 0 means 1 s.
	ProbeEvery time.Duration
	// ProbeTimeout bounds each probe and a replica connection's
	// connect; 0 means 1 s.
	ProbeTimeout time.Duration
	// Logger receives state changes; nil discards.
	Logger *slog.Logger
}

// DefaultMaxLag is the lag bound when none is given.
const DefaultMaxLag = 5 * time.Second

// MaxMaxLag bounds MaxLag: the health loop keeps one primary sample per
// probe for that long (lag.go).
const MaxMaxLag = time.Hour

// OpenWithReplicas opens the primary as Open does and reads content from
// the replicas while they are healthy (docs/POSTGRES.md). A replica that
// does not answer at start is not an error: it is skipped until it does.
// A URL that does not parse is.
func OpenWithReplicas(ctx context.Context, dsn string, ro ReplicaOptions) (*DB, error) {
	if err := ro.check(); err != nil {
		return nil, err
	}
	cfgs, err := replicaConfigs(ro)
	if err != nil {
		return nil, err
	}
	d, err := Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if len(cfgs) == 0 {
		return d, nil
	}
	rs, err := newReplicaSet(d.pool, cfgs, ro)
	if err != nil {
		d.Close()
		return nil, err
	}
	d.replicas = rs
	rs.probeAll(ctx) // so that a healthy replica is read from the start
	rs.start()
	return d, nil
}

func (ro *ReplicaOptions) check() error {
	if ro.MaxLag == 0 {
		ro.MaxLag = DefaultMaxLag
	}
	if ro.ProbeEvery == 0 {
		ro.ProbeEvery = time.Second
	}
	if ro.ProbeTimeout == 0 {
		ro.ProbeTimeout = time.Second
	}
	if ro.Logger == nil {
		ro.Logger = slog.New(slog.DiscardHandler)
	}
	switch {
	case ro.MaxLag < 0 || ro.MaxLag > MaxMaxLag:
		return fmt.Errorf("replica max lag %v: want more than 0 and at most %v", ro.MaxLag, MaxMaxLag)
	case ro.ProbeEvery < 10*time.Millisecond || ro.ProbeTimeout < 10*time.Millisecond:
		return errors.New("replica probes: interval and timeout must be at least 10ms")
	case lagSamples(ro.MaxLag, ro.ProbeEvery) > maxLagSamples:
		return fmt.Errorf("replica max lag %v is more than %d probe intervals of %v", ro.MaxLag, maxLagSamples-3, ro.ProbeEvery)
	}
	return nil
}

// replicaSet is the replicas of one DB and the choice among them.
type replicaSet struct {
	primary     *pgxpool.Pool
	primaryName string
	opts        ReplicaOptions
	log         *slog.Logger
	list        []*replica
	stop        context.CancelFunc
	done        chan struct{}

	mu      sync.Mutex
	current *replica // nil: the primary
	epoch   uint64   // counts changes of current
	// highWater is the highest version Version has reported: no
	// backend behind it may become current.
	highWater  int64
	primaryErr string // the last primary probe's error, "" if none
	lag        lagClock
}

// replica is one replica and what the last probe found.
type replica struct {
	name string
	pool *pgxpool.Pool
	// Guarded by replicaSet.mu.
	state   string
	detail  string
	version int64
}

// Replica states as /readyz shows them.
const (
	stateStarting   = "starting"
	stateInUse      = "in use"
	stateStandby    = "standby"
	stateLagging    = "lagging"
	stateDown       = "down"
	stateNotReplica = "not a replica"
)

// replicaConfigs parses the replicas' URLs: a mistake in one is
// reported before anything connects.
func replicaConfigs(ro ReplicaOptions) ([]*pgxpool.Config, error) {
	var cfgs []*pgxpool.Config
	for _, u := range ro.URLs {
		if !IsURL(u) {
			return nil, fmt.Errorf("replica %q: want a postgres:// or postgresql:// URL", u)
		}
		cfg, err := pgxpool.ParseConfig(u)
		if err != nil {
			return nil, fmt.Errorf("replica %s: %w", Redact(u), err)
		}
		if cfg.ConnConfig.ConnectTimeout == 0 || cfg.ConnConfig.ConnectTimeout > ro.ProbeTimeout {
			// A replica host that swallows packets must not hold a
			// reader for the kernel's connect timeout.
			cfg.ConnConfig.ConnectTimeout = ro.ProbeTimeout
		}
		cfgs = append(cfgs, cfg)
	}
	return cfgs, nil
}

func newReplicaSet(primary *pgxpool.Pool, cfgs []*pgxpool.Config, ro ReplicaOptions) (*replicaSet, error) {
	rs := &replicaSet{primary: primary, primaryName: backendName(primary.Config()), opts: ro, log: ro.Logger,
		lag: newLagClock(ro.MaxLag, ro.ProbeEvery)}
	for _, cfg := range cfgs {
		pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
		if err != nil {
			rs.closePools()
			return nil, fmt.Errorf("replica %s: %w", backendName(cfg), err)
		}
		rs.list = append(rs.list, &replica{name: backendName(cfg), pool: pool, state: stateStarting})
	}
	return rs, nil
}

// backendName is host:port/database, for /readyz and logs.
func backendName(cfg *pgxpool.Config) string {
	c := cfg.ConnConfig
	return c.Host + ":" + strconv.Itoa(int(c.Port)) + "/" + c.Database
}

func (rs *replicaSet) start() {
	ctx, cancel := context.WithCancel(context.Background())
	rs.stop, rs.done = cancel, make(chan struct{})
	go func() {
		defer close(rs.done)
		t := time.NewTicker(rs.opts.ProbeEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				rs.probeAll(ctx)
			}
		}
	}()
}

func (rs *replicaSet) close() {
	if rs.stop != nil {
		rs.stop()
		<-rs.done
	}
	rs.closePools()
}

func (rs *replicaSet) closePools() {
	for _, r := range rs.list {
		r.pool.Close()
	}
}

// pick is the replica content reads use now (nil: the primary) and the
// epoch of that choice.
func (rs *replicaSet) pick() (*replica, uint64) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	return rs.current, rs.epoch
}

// settle records v, read from the backend chosen at epoch, as reported
// by Version, unless the choice changed meanwhile: a backend chosen
// since was checked against the high-water mark without v in it.
func (rs *replicaSet) settle(epoch uint64, v int64) bool {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if epoch != rs.epoch {
		return false
	}
	rs.highWater = max(rs.highWater, v)
	return true
}

// failed takes a replica out of use after a connection-class error in
// a read, until the next probe finds it answering.
func (rs *replicaSet) failed(r *replica, err error) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if r.state == stateDown {
		return
	}
	rs.log.Warn("replica failed; reading from the primary", "replica", r.name, "err", err)
	r.state, r.detail = stateDown, err.Error()
	rs.choose()
}

// choose keeps the replica in use while it is healthy, else takes the
// first healthy one (in the order given) that has reached the
// high-water mark, else the primary. The one in use needs no check of
// its version: the mark has grown only by what was read from it since
// it passed that check, and its probed version may be older than what
// a read found a moment later. Called with mu held.
func (rs *replicaSet) choose() {
	healthy := func(r *replica) bool { return r != nil && (r.state == stateInUse || r.state == stateStandby) }
	next := rs.current
	if !healthy(next) {
		next = nil
		for _, r := range rs.list {
			if healthy(r) && r.version >= rs.highWater {
				next = r
				break
			}
		}
	}
	for _, r := range rs.list {
		if r.state == stateInUse && r != next {
			r.state = stateStandby
		}
		if r.state == stateStandby && r != next {
			r.detail = ""
			if r.version < rs.highWater {
				r.detail = fmt.Sprintf("content version %d, behind the %d this node has shown", r.version, rs.highWater)
			}
		}
	}
	if next != nil {
		next.state, next.detail = stateInUse, ""
	}
	if next == rs.current {
		return
	}
	from, to := "primary", "primary"
	if rs.current != nil {
		from = rs.current.name
	}
	if next != nil {
		to = next.name
	}
	rs.log.Info("content reads move", "from", from, "to", to)
	rs.current = next
	rs.epoch++
}

// backends is what /readyz shows.
func (rs *replicaSet) backends() []store.Backend {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	p := store.Backend{Role: "primary", Name: rs.primaryName, State: "up"}
	if rs.primaryErr != "" {
		p.State, p.Detail = stateDown, rs.primaryErr
	} else if rs.current == nil {
		p.State = stateInUse
	}
	list := []store.Backend{p}
	for _, r := range rs.list {
		list = append(list, store.Backend{Role: "replica", Name: r.name, State: r.state, Detail: r.detail})
	}
	return list
}

// ReadsReplicas implements store.Replicated.
func (d *DB) ReadsReplicas() bool { return d.replicas != nil }

// Backends implements store.Replicated: the primary alone, up, for a
// DB without replicas.
func (d *DB) Backends() []store.Backend {
	if d.replicas == nil {
		return []store.Backend{{Role: "primary", Name: backendName(d.pool.Config()), State: stateInUse}}
	}
	return d.replicas.backends()
}

var _ store.Replicated = (*DB)(nil)
