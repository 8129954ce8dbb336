package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"healthqa/internal/store"
)

// versionChannel is the channel migration 0012's trigger notifies on
// every change of store_version, with "schema version" as the payload.
const versionChannel = "healthqa_store_version"

// WatchAppName is the application_name of the watcher's connection, by
// which an operator (or a test) finds it in pg_stat_activity.
const WatchAppName = "healthqa version watch"

// The watcher's bounds: how long one connection attempt may take, and
// the wait between failed attempts, doubled from the least to the most.
// The first attempt after a lost connection is made at once.
const (
	watchDialTimeout = 5 * time.Second
	watchBackoffMin  = 250 * time.Millisecond
	watchBackoffMax  = 15 * time.Second
)

var _ store.VersionWatcher = (*DB)(nil)

// WatchStats are the counts of the version watchers of this process (one
// per serving node), for metrics.
type WatchStats struct {
	// Listening is the number of watchers whose LISTEN connection is up.
	Listening int64
	// Lost counts LISTEN connections lost (terminated, network, server
	// restart); Reconnects, the LISTENs made again after a loss.
	Lost, Reconnects int64
	// Notices counts notifications received for the watcher's own
	// schema; Changes, the versions reported, by notice or by poll.
	Notices, Changes int64
}

var watchCounts struct {
	listening, lost, reconnects, notices, changes atomic.Int64
}

// ReadWatchStats returns the version watchers' counts so far.
func ReadWatchStats() WatchStats {
	return WatchStats{
		Listening:  watchCounts.listening.Load(),
		Lost:       watchCounts.lost.Load(),
		Reconnects: watchCounts.reconnects.Load(),
		Notices:    watchCounts.notices.Load(),
		Changes:    watchCounts.changes.Load(),
	}
}

// WatchVersion implements store.VersionWatcher with one connection of
// its own, outside the pool (a pooled connection would be handed to
// queries between waits, and LISTEN belongs to a session), and one
// goroutine, the caller's: it waits for a notification until the next
// poll is due, polls, and dials again after a loss, with backoff. It
// holds no queue: a notice or a poll only reports a version that differs
// from the last one reported.
func (d *DB) WatchVersion(ctx context.Context, opts store.WatchOptions, changed func(version int64)) error {
	if opts.Poll <= 0 {
		return errors.New("postgres: watch version: the poll period must be positive")
	}
	cfg := d.pool.Config().ConnConfig.Copy()
	cfg.RuntimeParams["application_name"] = WatchAppName
	cfg.ConnectTimeout = watchDialTimeout
	w := newWatcher(d, opts, changed, func(ctx context.Context) (*pgx.Conn, error) {
		return pgx.ConnectConfig(ctx, cfg)
	})
	return w.run(ctx)
}

// watcher is WatchVersion's state; everything but pid belongs to the
// goroutine running run.
type watcher struct {
	db      *DB
	poll    time.Duration
	log     *slog.Logger
	changed func(int64)
	connect func(context.Context) (*pgx.Conn, error)

	conn     *pgx.Conn // nil while down
	schema   string    // store_version's schema, to tell our notices from others'
	listened bool      // a LISTEN has succeeded before: the next one is a reconnect
	backoff  time.Duration
	nextDial time.Time
	nextPoll time.Time
	pollErr  bool // the last poll failed: log the next failure only once

	last     int64
	reported bool

	pid atomic.Uint32 // backend of the LISTEN connection, 0 while down
}

func newWatcher(d *DB, opts store.WatchOptions, changed func(int64), connect func(context.Context) (*pgx.Conn, error)) *watcher {
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &watcher{db: d, poll: opts.Poll, log: log, changed: changed, connect: connect, backoff: watchBackoffMin}
}

func (w *watcher) run(ctx context.Context) error {
	defer w.hangUp()
	now := time.Now()
	w.nextDial, w.nextPoll = now, now
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if w.conn == nil && !time.Now().Before(w.nextDial) {
			w.dial(ctx)
		}
		if !time.Now().Before(w.nextPoll) {
			w.check(ctx)
			w.nextPoll = time.Now().Add(w.poll)
		}
		w.wait(ctx)
	}
}

// wait blocks until a notice comes, the next poll or dial is due, or ctx
// ends.
func (w *watcher) wait(ctx context.Context) {
	until := w.nextPoll
	if w.conn == nil {
		if w.nextDial.Before(until) {
			until = w.nextDial
		}
		t := time.NewTimer(time.Until(until))
		defer t.Stop()
		select {
		case <-ctx.Done():
		case <-t.C:
		}
		return
	}
	// A deadline ends the wait with a timeout, after which pgx keeps the
	// connection open.
	wctx, cancel := context.WithDeadline(ctx, until)
	n, err := w.conn.WaitForNotification(wctx)
	cancel()
	switch {
	case err == nil:
		w.notice(n)
	case ctx.Err() != nil:
	case wctx.Err() != nil && !w.conn.IsClosed():
	default:
		w.lost(err)
	}
}

// dial connects and listens. Notices sent while no connection listened
// are lost, so a poll follows at once.
func (w *watcher) dial(ctx context.Context) {
	dctx, cancel := context.WithTimeout(ctx, watchDialTimeout)
	defer cancel()
	conn, schema, err := w.listen(dctx)
	if err != nil {
		if ctx.Err() != nil {
			return
		}
		w.log.Warn("version watch: cannot listen for changes; polling meanwhile", "retry_in", w.backoff, "poll", w.poll, "err", err)
		w.nextDial = time.Now().Add(w.backoff)
		w.backoff = min(2*w.backoff, watchBackoffMax)
		return
	}
	w.conn, w.schema = conn, schema
	w.pid.Store(conn.PgConn().PID())
	w.backoff = watchBackoffMin
	w.nextPoll = time.Now()
	watchCounts.listening.Add(1)
	if w.listened {
		watchCounts.reconnects.Add(1)
		w.log.Info("version watch: listening again", "channel", versionChannel)
	}
	w.listened = true
}

func (w *watcher) listen(ctx context.Context) (*pgx.Conn, string, error) {
	conn, err := w.connect(ctx)
	if err != nil {
		return nil, "", err
	}
	var schema string
	err = conn.QueryRow(ctx, `SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.oid = 'store_version'::regclass`).Scan(&schema)
	if err == nil {
		_, err = conn.Exec(ctx, "LISTEN "+versionChannel)
	}
	if err != nil {
		conn.Close(context.WithoutCancel(ctx))
		return nil, "", err
	}
	return conn, schema, nil
}

// lost forgets a broken connection; the next dial is at once, then
// backs off if it fails.
func (w *watcher) lost(err error) {
	w.log.Warn("version watch: lost the connection listening for changes; reconnecting", "err", err)
	watchCounts.lost.Add(1)
	w.hangUp()
	w.nextDial = time.Now()
}

func (w *watcher) hangUp() {
	if w.conn == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	w.conn.Close(ctx)
	w.conn = nil
	w.pid.Store(0)
	watchCounts.listening.Add(-1)
}

// notice reports the version a notification carries, if it is this
// store's schema's.
func (w *watcher) notice(n *pgconn.Notification) {
	if n == nil || n.Channel != versionChannel {
		return
	}
	schema, v, ok := parseVersionNotice(n.Payload)
	if !ok || schema != w.schema {
		return
	}
	watchCounts.notices.Add(1)
	w.report(v)
}

// parseVersionNotice splits migration 0012's payload, "schema version";
// the version is after the last space, so a schema name may hold one.
func parseVersionNotice(payload string) (schema string, version int64, ok bool) {
	i := strings.LastIndexByte(payload, ' ')
	if i < 0 {
		return "", 0, false
	}
	v, err := strconv.ParseInt(payload[i+1:], 10, 64)
	if err != nil {
		return "", 0, false
	}
	return payload[:i], v, true
}

// check reads the version from the primary, past Version's memo.
func (w *watcher) check(ctx context.Context) {
	cctx, cancel := context.WithTimeout(ctx, max(w.poll, time.Second))
	defer cancel()
	var v int64
	err := w.db.pool.QueryRow(cctx, `SELECT version FROM store_version`).Scan(&v)
	if err != nil {
		if ctx.Err() == nil && !w.pollErr {
			w.log.Warn("version watch: cannot read the content version", "err", fmt.Errorf("postgres: %w", err))
		}
		w.pollErr = true
		return
	}
	if w.pollErr {
		w.log.Info("version watch: reading the content version again")
		w.pollErr = false
	}
	w.report(v)
}

// report passes v on unless it was the last reported. Version's memo is
// forgotten first, so that what changed reads next is v or newer.
func (w *watcher) report(v int64) {
	if w.reported && v == w.last {
		return
	}
	w.last, w.reported = v, true
	w.db.ver.forget()
	watchCounts.changes.Add(1)
	w.changed(v)
}
