package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"healthqa/internal/store"
	"healthqa/internal/store/postgres"
	"healthqa/internal/store/sqlite"
)

// --db names the database: a postgres:// (or postgresql://) URL selects
// PostgreSQL, anything else is a SQLite file path. The functions below
// are the only places that choose; every command opens through them.

// openStore opens the database of a command that writes (import): a
// SQLite file is created if missing; a PostgreSQL database must exist
// and gets its schema brought up to date.
func openStore(ctx context.Context, db string) (store.Store, error) {
	if postgres.IsURL(db) {
		return postgres.Open(ctx, db)
	}
	return sqlite.Open(ctx, db)
}

// servingStore is what serve needs: the content and, since issue 9,
// accounts, the editorial workflow and readers' feedback. The web package would run without
// them, their pages answering 404, which would be a site half-working
// without saying so; serve refuses a store that lacks them instead.
type servingStore interface {
	store.Store
	store.Accounts
	store.Editorial
	store.Feedback
}

// openForServing opens the database for serve, or refuses, naming what
// the backend lacks.
func openForServing(ctx context.Context, db string) (servingStore, error) {
	return openForServingWith(ctx, db, postgres.ReplicaOptions{})
}

// openForServingWith is openForServing with replicas (PostgreSQL only;
// replicas.go checks) to serve the content reads.
func openForServingWith(ctx context.Context, db string, replicas postgres.ReplicaOptions) (servingStore, error) {
	var st store.Store
	var err error
	if len(replicas.URLs) > 0 {
		st, err = postgres.OpenWithReplicas(ctx, db, replicas)
	} else {
		st, err = openStore(ctx, db)
	}
	if err != nil {
		return nil, err
	}
	if missing := missingFeatures(st); len(missing) > 0 {
		st.Close()
		return nil, fmt.Errorf("serve on %s: this backend does not implement %s yet (issue 10); "+
			"`import`, `stats`, `ask` and the other read commands work on it, and serve works on a SQLite --db",
			backendName(db), strings.Join(missing, ", nor "))
	}
	return st.(servingStore), nil
}

// missingFeatures names what st lacks of what serve requires.
func missingFeatures(st store.Store) []string {
	var missing []string
	if _, ok := st.(store.Accounts); !ok {
		missing = append(missing, "accounts (sign-in, sessions, invites, API tokens, the audit log)")
	}
	if _, ok := st.(store.Editorial); !ok {
		missing = append(missing, "the editorial workflow (contributions, reviews, publishing)")
	}
	if _, ok := st.(store.Feedback); !ok {
		missing = append(missing, "readers' feedback")
	}
	if _, ok := st.(store.Published); !ok {
		missing = append(missing, "the published reads (profiles, answer histories, the stale queue)")
	}
	return missing
}

// backendName names the backend of --db for messages, without secrets.
func backendName(db string) string {
	if postgres.IsURL(db) {
		return "PostgreSQL " + postgres.Redact(db)
	}
	return "SQLite " + db
}

// openForReading opens the database of a command that only reads: it
// must exist and hold content. It creates nothing, so that a mistyped
// --db is reported rather than answered with zeros from a new file (a
// PostgreSQL database is never created by healthqa).
func openForReading(ctx context.Context, db string) (store.Store, error) {
	var st store.Store
	var err error
	if postgres.IsURL(db) {
		st, err = postgres.Open(ctx, db)
	} else {
		st, err = sqlite.OpenExisting(ctx, db)
	}
	if errors.Is(err, sqlite.ErrNoDatabase) {
		return nil, fmt.Errorf("no database at %s: run %s or `healthqa serve` to create it", db, importHint(db))
	}
	if err != nil {
		return nil, err
	}
	empty, err := st.Empty(ctx)
	if err == nil && empty {
		err = fmt.Errorf("the database %s is empty: run %s to fill it", redactDB(db), importHint(db))
	}
	if err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// redactDB is db as messages show it: a URL's password hidden.
func redactDB(db string) string {
	if postgres.IsURL(db) {
		return postgres.Redact(db)
	}
	return db
}

func importHint(db string) string {
	return "`healthqa import medquad PATH --db " + redactDB(db) + "` (PATH: MedQuAD's zip archive or folder)"
}

// discardNewDatabase closes st and, when serve created the file for a
// first import that failed, removes it with its WAL files so that the
// next start begins afresh. A database that was there before, or that
// holds anything, is kept, and so is any PostgreSQL database: healthqa
// did not create it. It returns cause, the failure.
func discardNewDatabase(ctx context.Context, st store.Store, path string, created bool, cause error) error {
	// An interrupted first start is a failed one too: look even when
	// ctx is done.
	empty, err := st.Empty(context.WithoutCancel(ctx))
	st.Close()
	if !created || err != nil || !empty || postgres.IsURL(path) {
		return cause
	}
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%w (and %s could not be removed: %v)", cause, f, err)
		}
	}
	return cause
}
