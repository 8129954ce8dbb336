package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Migrations are embedded so that the binary always carries the schema
// its queries expect; they are PostgreSQL's own files, not SQLite's
// translated at run time.
//
//go:embed migrations/*.sql
var migrationFS embed.FS

// Advisory lock keys, one per kind of writer that must run alone. They
// are arbitrary constants ("healthqa" in ASCII, plus one), chosen not to
// collide with another application's on a shared server.
const (
	migrateLockKey int64 = 0x6865616c74687161
	syncLockKey    int64 = 0x6865616c74687162
)

type migration struct {
	version int
	name    string
	sql     string
}

// migrations lists the embedded migrations in version order. A file's
// version is the number before the first '_' of its name.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		num, _, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a positive version number", base)
		}
		text, err := migrationFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: base, sql: string(text)})
	}
	if len(ms) == 0 {
		return nil, errNoMigrations
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share version %d", ms[i-1].name, ms[i].name, ms[i].version)
		}
	}
	return ms, nil
}

// migrate applies the migrations the database lacks, all in one
// transaction (PostgreSQL's DDL is transactional, so a failed upgrade
// leaves the previous schema intact). The transaction first takes an
// advisory lock, held until it ends: nodes starting together queue on
// it, and each one after the first finds the work done. The isolation is
// READ COMMITTED on purpose, so that what the previous holder committed
// is visible once the lock is ours.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	return pgx.BeginTxFunc(ctx, pool, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrateLockKey); err != nil {
			return fmt.Errorf("migration lock: %w", err)
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    integer PRIMARY KEY,
			name       text NOT NULL,
			applied_at timestamptz NOT NULL
		)`); err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
		done, err := appliedMigrations(ctx, tx)
		if err != nil {
			return err
		}
		// A newer binary may have changed tables in ways this one would
		// misread or corrupt, so refuse rather than carry on.
		latest := ms[len(ms)-1].version
		for v := range done {
			if v > latest {
				return fmt.Errorf("schema version %d is newer than this program supports (%d); use a newer healthqa", v, latest)
			}
		}
		now := time.Now()
		for _, m := range ms {
			if _, ok := done[m.version]; ok {
				continue
			}
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.version, m.name, now); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
		}
		return nil
	})
}

// applied is one row of schema_migrations.
type applied struct {
	name string
	at   time.Time
}

// appliedMigrations maps each applied version to its row.
func appliedMigrations(ctx context.Context, q pgx.Tx) (map[int]applied, error) {
	rows, err := q.Query(ctx, `SELECT version, name, applied_at FROM schema_migrations`)
	if err != nil {
		return nil, err
	}
	m := map[int]applied{}
	var v int
	var a applied
	_, err = pgx.ForEachRow(rows, []any{&v, &a.name, &a.at}, func() error {
		a.at = a.at.UTC()
		m[v] = a
		return nil
	})
	return m, err
}

// MigrationStatus is one migration, embedded or found applied.
type MigrationStatus struct {
	Version int
	Name    string
	// AppliedAt is zero for a migration not applied yet.
	AppliedAt time.Time
	// Unknown marks a migration applied by a newer healthqa, which this
	// one does not carry.
	Unknown bool
}

// Status lists the embedded migrations and whether each is applied, and
// any applied one this program does not know, in version order. It reads
// only: it neither creates nor migrates anything, so that an operator can
// look before upgrading.
func Status(ctx context.Context, dsn string) ([]MigrationStatus, error) {
	ms, err := migrations()
	if err != nil {
		return nil, err
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return nil, openError(dsn, err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	done := map[int]applied{}
	err = pgx.BeginTxFunc(ctx, conn, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil || !exists {
			return err
		}
		done, err = appliedMigrations(ctx, tx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("migration status of %s: %w", Redact(dsn), err)
	}
	var list []MigrationStatus
	for _, m := range ms {
		list = append(list, MigrationStatus{Version: m.version, Name: m.name, AppliedAt: done[m.version].at})
		delete(done, m.version)
	}
	for v, a := range done {
		list = append(list, MigrationStatus{Version: v, Name: a.name, AppliedAt: a.at, Unknown: true})
	}
	slices.SortFunc(list, func(a, b MigrationStatus) int { return a.Version - b.Version })
	return list, nil
}

// errNoMigrations guards against a build without the embedded files.
var errNoMigrations = errors.New("no migrations embedded")
