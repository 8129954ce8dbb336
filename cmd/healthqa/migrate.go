package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"healthqa/internal/store/postgres"
)

func migrateCmd() *command {
	return &command{
		name:    "migrate",
		summary: "Bring the database's schema up to date, or with --status show what is applied.",
		help: `Every command that opens the database applies the migrations it lacks;
migrate does only that, for an operator who upgrades the schema before
starting the new version. On PostgreSQL the migrations run under an
advisory lock, so nodes starting at once never race.

With --status it changes nothing: it lists the migrations this healthqa
carries, when each was applied or "pending", and any applied by a newer
healthqa. For SQLite, whose migration log keeps only numbers and times,
it lists the applied ones.

The database must exist: migrate creates no SQLite file.`,
		nargs: [2]int{0, 0},
		setup: func(fs *flag.FlagSet) func(context.Context, *runEnv) error {
			db := dbFlag(fs)
			status := fs.Bool("status", false, "show the applied migrations; change nothing")
			return func(ctx context.Context, env *runEnv) error {
				if !*status {
					if err := applyMigrations(ctx, *db); err != nil {
						return err
					}
				}
				rows, err := migrationStatus(ctx, *db)
				if err != nil {
					return err
				}
				printMigrations(env.stdout, backendName(*db), rows)
				return nil
			}
		},
	}
}

// applyMigrations opens the database, which migrates it, and closes it.
func applyMigrations(ctx context.Context, db string) error {
	if !postgres.IsURL(db) {
		if _, err := os.Stat(db); errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("no database at %s: run %s or `healthqa serve` to create it", db, importHint(db))
		}
	}
	st, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	return st.Close()
}

// migrationRow is one line of the status.
type migrationRow struct {
	version   int
	name      string    // "" when the backend does not record it
	appliedAt time.Time // zero: pending
	unknown   bool      // applied by a newer healthqa
}

func migrationStatus(ctx context.Context, db string) ([]migrationRow, error) {
	if postgres.IsURL(db) {
		list, err := postgres.Status(ctx, db)
		if err != nil {
			return nil, err
		}
		rows := make([]migrationRow, len(list))
		for i, m := range list {
			rows[i] = migrationRow{m.Version, m.Name, m.AppliedAt, m.Unknown}
		}
		return rows, nil
	}
	return sqliteMigrations(ctx, db)
}

// sqliteMigrations reads SQLite's schema_migrations read-only: opening
// the store would apply the migrations --status only reports.
func sqliteMigrations(ctx context.Context, path string) ([]migrationRow, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(abs); err != nil || fi.IsDir() {
		return nil, fmt.Errorf("no database at %s", path)
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: url.Values{"mode": {"ro"}}.Encode()}
	conn, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	var exists bool
	if err := conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sqlite_master
		WHERE type = 'table' AND name = 'schema_migrations')`).Scan(&exists); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if !exists {
		return []migrationRow{}, nil
	}
	rs, err := conn.QueryContext(ctx, `SELECT version, applied_at FROM schema_migrations ORDER BY version`)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	defer rs.Close()
	rows := []migrationRow{}
	for rs.Next() {
		var r migrationRow
		var at string
		if err := rs.Scan(&r.version, &at); err != nil {
			return nil, err
		}
		if r.appliedAt, err = time.Parse(time.RFC3339Nano, at); err != nil {
			return nil, fmt.Errorf("reading %s: migration %d applied at %q: %w", path, r.version, at, err)
		}
		rows = append(rows, r)
	}
	return rows, rs.Err()
}

func printMigrations(w io.Writer, backend string, rows []migrationRow) {
	fmt.Fprintln(w, backend)
	if len(rows) == 0 {
		fmt.Fprintln(w, "no migrations applied")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "version\tname\tapplied")
	pending := 0
	for _, r := range rows {
		applied := "pending"
		if !r.appliedAt.IsZero() {
			applied = r.appliedAt.UTC().Format(time.RFC3339)
		} else {
			pending++
		}
		name := r.name
		if name == "" {
			name = "-"
		}
		if r.unknown {
			name += " (from a newer healthqa)"
		}
		fmt.Fprintf(tw, "%04d\t%s\t%s\n", r.version, name, applied)
	}
	tw.Flush()
	if pending > 0 {
		fmt.Fprintf(w, "%d pending: `healthqa migrate` applies them\n", pending)
	}
}
