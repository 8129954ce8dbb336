// Package sqlite implements store.Store on a single SQLite file, so that
// healthqa runs with no database server to install. It uses the pure-Go
// modernc.org/sqlite driver so that builds need no cgo.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"healthqa/internal/store"
)

// DB is a store.Store backed by one SQLite file.
type DB struct {
	db    *sql.DB
	ver   versionCache
	stmts stmtCache
}

var _ store.Store = (*DB)(nil)

// pragmas are set through the DSN rather than by Exec after opening,
// because database/sql opens connections behind our back and each new one
// must get them: foreign_keys and busy_timeout are per connection.
var pragmas = []string{
	"busy_timeout(5000)",
	"foreign_keys(1)",
	"journal_mode(WAL)",
	"synchronous(NORMAL)",
}

// Open opens the SQLite database at path, creating the file and its
// parent directory if they do not exist, and brings its schema up to
// date.
func Open(ctx context.Context, path string) (*DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, openError(path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, openError(path, err)
	}
	if fi, err := os.Stat(abs); err == nil && fi.IsDir() {
		return nil, folderError(path)
	}
	return open(ctx, path, dsn(abs))
}

// ErrNoDatabase is OpenExisting's answer when there is no file at the path.
var ErrNoDatabase = errors.New("no database")

// OpenExisting opens the SQLite database at path only if the file is
// there: it never creates the file or its folder, for commands that only
// read. It brings the schema up to date as Open does.
func OpenExisting(ctx context.Context, path string) (*DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, openError(path, err)
	}
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%w at %s", ErrNoDatabase, path)
	case err != nil:
		return nil, openError(path, err)
	case fi.IsDir():
		return nil, folderError(path)
	}
	// mode=rw: should the file vanish between Stat and open, SQLite
	// fails rather than creating it.
	return open(ctx, path, dsnMode(abs, "rw"))
}

func open(ctx context.Context, path, dsn string) (*DB, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, openError(path, err)
	}
	// sql.Open connects lazily; connect now so that a bad file is reported
	// by Open, naming the path, rather than by some later query.
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, openError(path, err)
	}
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, openError(path, err)
	}
	db.SetMaxOpenConns(maxOpenConns)
	db.SetMaxIdleConns(maxOpenConns)
	return &DB{db: db}, nil
}

// maxOpenConns bounds the pool. Reads are CPU work in this pure-Go
// SQLite, so connections past the cores only queue inside the process
// while each costs memory and its own prepared statements; unbounded, a
// burst of slow reads once opened 130. One connection is the version
// cache's own, so four leaves three for reads on a two-core machine.
// Idle connections are kept up to the same bound: closing and reopening
// them would repeat the pragmas and every statement's preparation.
var maxOpenConns = max(4, runtime.GOMAXPROCS(0)+2)

// dsn builds a file: URI so that any path, even one holding '?' or '#',
// reaches SQLite intact. _txlock=immediate makes Sync take the write lock
// when it begins: a deferred transaction that reads and then writes fails
// with SQLITE_BUSY, ignoring busy_timeout, if another writer got in between.
func dsn(abs string) string { return dsnMode(abs, "rwc") }

// dsnMode is dsn with SQLite's open mode: rwc creates a missing file, rw
// does not.
func dsnMode(abs, mode string) string {
	q := url.Values{"_pragma": pragmas, "_txlock": {"immediate"}, "mode": {mode}}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}
	return u.String()
}

// folderError answers a database path that names a folder, where SQLite
// would say only "unable to open database file".
func folderError(path string) error {
	return fmt.Errorf("opening database %s: it is a folder, not a database file", path)
}

// openError names the path in the user's words, and says plainly when
// the file is not a database, since SQLite's own "file is not a database"
// does not say which.
func openError(path string, err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_NOTADB {
		return fmt.Errorf("opening database %s: it is not a SQLite database", path)
	}
	return fmt.Errorf("opening database %s: %w", path, err)
}

// Close closes the database.
func (d *DB) Close() error {
	d.ver.close()
	d.stmts.close()
	return d.db.Close()
}
