package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"healthqa/internal/store"
)

// using runs a content read on the backend it should go to: the
// primary for a context marked store.ReadPrimary or when no replica is
// in use, else the replica in use. A replica that fails with a
// connection-class error is taken out of use and the read runs once
// more, on the primary, so that a replica going away fails no request.
// fn may run twice: it must set, not append to, what it returns.
func (d *DB) using(ctx context.Context, fn func(*pgxpool.Pool) error) error {
	if d.replicas == nil || store.IsPrimary(ctx) {
		return fn(d.pool)
	}
	r, _ := d.replicas.pick()
	if r == nil {
		return fn(d.pool)
	}
	err := fn(r.pool)
	if err == nil || !retryOnPrimary(ctx, err) {
		return err
	}
	if connectionLost(err) {
		d.replicas.failed(r, err)
	}
	return fn(d.pool)
}

// retryOnPrimary tells whether a read that failed on a replica may be
// tried once on the primary: when the replica, not the request, failed.
// A read that found nothing would find nothing there either (the
// replica is never ahead), and a cancelled request has nobody waiting.
func retryOnPrimary(ctx context.Context, err error) bool {
	if ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, store.ErrNotFound) || errors.Is(err, pgx.ErrNoRows) {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "40001" {
		// On a hot standby, "canceling statement due to conflict with
		// recovery": the replica is fine, this read lost to replay.
		return true
	}
	return connectionLost(err)
}

// replicaGone are the server's error codes for a server going away or
// refusing connections: admin_shutdown, crash_shutdown,
// cannot_connect_now, too_many_connections.
var replicaGone = []string{"57P01", "57P02", "57P03", "53300"}

// connectionLost tells whether err says the server or the connection to
// it failed, as opposed to the query.
func connectionLost(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false // the request's end, which also passes for a net.Error
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return strings.HasPrefix(pgErr.Code, "08") || slices.Contains(replicaGone, pgErr.Code)
	}
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	return errors.As(err, &connectErr) || errors.As(err, &netErr) || errors.Is(err, pgconn.ErrConnClosed) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || pgconn.SafeToRetry(err)
}

// replicatedVersion is Version for a DB with replicas. A context marked
// ReadPrimary reads the primary's version, unmemoized: such requests
// are few (people who may have just written) and must see their write.
// Otherwise the version comes from the backend in use, and is reported
// only if that backend was still the one in use when it answered
// (settle), so the high-water mark holds every version reported.
func (d *DB) replicatedVersion(ctx context.Context) (int64, error) {
	if store.IsPrimary(ctx) {
		return readVersion(ctx, d.pool)
	}
	now := time.Now()
	v, gen, ok := d.ver.cached(now)
	if ok {
		return v, nil
	}
	for range 3 {
		r, epoch := d.replicas.pick()
		pool := d.pool
		if r != nil {
			pool = r.pool
		}
		v, err := readVersion(ctx, pool)
		if err != nil && r != nil && retryOnPrimary(ctx, err) {
			if connectionLost(err) {
				d.replicas.failed(r, err)
			}
			continue
		}
		if err != nil {
			return 0, err
		}
		if d.replicas.settle(epoch, v) {
			d.ver.set(v, gen, now)
			return v, nil
		}
	}
	return 0, errors.New("postgres: version: the backend in use changed three times during one read")
}

func readVersion(ctx context.Context, q querier) (int64, error) {
	var v int64
	if err := q.QueryRow(ctx, `SELECT version FROM store_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("postgres: version: %w", err)
	}
	return v, nil
}
