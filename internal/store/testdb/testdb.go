// Package testdb is for tests only: it gives a test a fresh, empty
// store on the backend that the environment variable
// HEALTHQA_TEST_BACKEND names ("sqlite", the default, or "postgres"), so
// that the tests of the web, ingest and command packages run unchanged
// on both backends (issue 10). `go test ./...` runs them on SQLite;
// .ci/run runs them a second time with HEALTHQA_TEST_BACKEND=postgres.
//
// PostgreSQL comes from devdata (a fresh schema per store, on the server
// at HEALTHQA_TEST_POSTGRES): when the server does not answer, the test
// skips with a message, or fails under CI=true. Any other value of
// HEALTHQA_TEST_BACKEND fails the test: a typo must not quietly run the
// SQLite pass twice.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"healthqa/internal/devdata"
	"healthqa/internal/store"
	"healthqa/internal/store/postgres"
	"healthqa/internal/store/sqlite"
)

// BackendEnv is the environment variable that chooses the backend.
const BackendEnv = "HEALTHQA_TEST_BACKEND"

// The backends BackendEnv may name.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Store is everything a serving node needs of its database (the set
// cmd/healthqa's serve requires) and the concept reads: the content,
// accounts and sessions, the editorial workflow, readers' feedback and
// the published reads.
type Store interface {
	store.Store
	store.Accounts
	store.Editorial
	store.Feedback
	store.Published
	store.Concepts
}

// Backend is the backend this test run uses; an unknown value of
// BackendEnv fails the test.
func Backend(tb testing.TB) string {
	tb.Helper()
	b, err := parseBackend(os.Getenv(BackendEnv))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func parseBackend(v string) (string, error) {
	switch v {
	case "", SQLite:
		return SQLite, nil
	case Postgres:
		return Postgres, nil
	}
	return "", fmt.Errorf("%s=%q: want %q (the default) or %q", BackendEnv, v, SQLite, Postgres)
}

// DSN makes a fresh, empty database on the chosen backend and returns
// the --db value that names it, without opening it: for tests that run
// the healthqa command. A SQLite DSN is a path in a new temporary folder
// (the file does not exist yet); a PostgreSQL one is a URL whose
// search_path is a new schema, dropped when the test ends.
func DSN(tb testing.TB) string {
	tb.Helper()
	if Backend(tb) == Postgres {
		return devdata.PostgresSchema(tb)
	}
	return filepath.Join(tb.TempDir(), "test.db")
}

// Create makes a fresh database with the current schema and no content,
// as serve leaves it before its first import, and returns its --db
// value; nothing holds it open.
func Create(tb testing.TB) string {
	tb.Helper()
	dsn := DSN(tb)
	st := open(tb, dsn)
	st.Close()
	return dsn
}

// Open makes a fresh, empty database and opens it with every interface
// of Store; it is closed when the test ends. A backend that lacks one of
// them fails the test, naming what it lacks. dsn is the --db value of
// the same database.
func Open(tb testing.TB) (st Store, dsn string) {
	tb.Helper()
	dsn = DSN(tb)
	return Reopen(tb, dsn), dsn
}

// OpenContent is Open for tests that need only the content store
// (store.Store), such as the import's.
func OpenContent(tb testing.TB) (st store.Store, dsn string) {
	tb.Helper()
	dsn = DSN(tb)
	return open(tb, dsn), dsn
}

// Reopen opens the database dsn (from DSN or Open) once more, as a
// second process or a restarted node would; closed when the test ends.
func Reopen(tb testing.TB, dsn string) Store {
	tb.Helper()
	st := open(tb, dsn)
	full, ok := st.(Store)
	if !ok {
		tb.Fatalf("testdb: %s does not implement %s", backendOf(dsn), strings.Join(Missing(st), ", "))
	}
	return full
}

// Missing names the interfaces of Store that st lacks.
func Missing(st store.Store) []string {
	var missing []string
	for _, c := range []struct {
		name string
		ok   bool
	}{
		{"store.Accounts", is[store.Accounts](st)},
		{"store.Editorial", is[store.Editorial](st)},
		{"store.Feedback", is[store.Feedback](st)},
		{"store.Published", is[store.Published](st)},
		{"store.Concepts", is[store.Concepts](st)},
	} {
		if !c.ok {
			missing = append(missing, c.name)
		}
	}
	return missing
}

func is[T any](st store.Store) bool {
	_, ok := st.(T)
	return ok
}

func open(tb testing.TB, dsn string) store.Store {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var st store.Store
	var err error
	if postgres.IsURL(dsn) {
		st, err = postgres.Open(ctx, dsn)
	} else {
		st, err = sqlite.Open(ctx, dsn)
	}
	if err != nil {
		tb.Fatalf("testdb: open %s: %v", backendOf(dsn), err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

func backendOf(dsn string) string {
	if postgres.IsURL(dsn) {
		return "PostgreSQL " + postgres.Redact(dsn)
	}
	return "SQLite " + dsn
}

// Exec runs one SQL statement on the database dsn behind the store's
// back, for tests that damage or rewind what the product wrote (drop
// the search snapshot, say). The statement must be valid in both
// dialects, or the test must choose it by Backend.
func Exec(tb testing.TB, dsn, stmt string, args ...any) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if postgres.IsURL(dsn) {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			tb.Fatalf("testdb: connect to %s: %v", postgres.Redact(dsn), err)
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(ctx, stmt, args...); err != nil {
			tb.Fatalf("testdb: %s: %v", stmt, err)
		}
		return
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		tb.Fatalf("testdb: open %s: %v", dsn, err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, stmt, args...); err != nil {
		tb.Fatalf("testdb: %s: %v", stmt, err)
	}
}

// SQLiteOnly skips a test that is about SQLite itself (its files, WAL,
// read-only opening, its migrations) on the PostgreSQL pass, saying why.
// It is not devdata.Skip: such a test runs in the SQLite pass, so the
// PostgreSQL pass hides nothing by skipping it, CI included.
func SQLiteOnly(tb testing.TB, why string) {
	tb.Helper()
	if Backend(tb) != SQLite {
		tb.Skip("SQLite only: " + why)
	}
}

// PostgresPass skips a test of PostgreSQL deployments (several nodes on
// the full data, say) on the SQLite pass, saying why: it runs in the
// PostgreSQL pass, so the SQLite pass hides nothing by skipping it, and
// the slow test does not run twice.
func PostgresPass(tb testing.TB, why string) {
	tb.Helper()
	if Backend(tb) != Postgres {
		tb.Skip("PostgreSQL pass only: " + why)
	}
}

// ErrUnreachable is Shared's error when the PostgreSQL test server does
// not answer; callers pass it to devdata.Skip.
var ErrUnreachable = errors.New("PostgreSQL test server not reachable")

// Shared makes an empty database that outlives the test that asks for
// it: for a fixture built once per test binary (a full import, say),
// which each test then copies with CopyOf. Whoever makes it removes it,
// from TestMain; nothing may hold it open while CopyOf copies it. On
// SQLite it is a file in a new temporary folder, on PostgreSQL a
// database of its own (a schema cannot be copied).
func Shared() (dsn string, remove func() error, err error) {
	b, err := parseBackend(os.Getenv(BackendEnv))
	if err != nil {
		return "", nil, err
	}
	if b == SQLite {
		dir, err := os.MkdirTemp("", "healthqa-testdb-")
		if err != nil {
			return "", nil, err
		}
		return filepath.Join(dir, "shared.db"), func() error { return os.RemoveAll(dir) }, nil
	}
	name := "healthqa_test_" + randomHex(8)
	if err := adminExec("CREATE DATABASE " + name); err != nil {
		return "", nil, err
	}
	return databaseURL(name), func() error { return adminExec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)") }, nil
}

// CopyOf makes a new database holding what the database shared (from
// Shared, closed) holds, and returns its --db value; it is removed when
// the test ends. SQLite copies the file and its WAL; PostgreSQL creates
// the database with shared as its template.
func CopyOf(tb testing.TB, shared string) string {
	tb.Helper()
	if !postgres.IsURL(shared) {
		dsn := filepath.Join(tb.TempDir(), "test.db")
		for _, suffix := range []string{"", "-wal"} {
			if err := copyFile(shared+suffix, dsn+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				tb.Fatalf("testdb: copy %s: %v", shared, err)
			}
		}
		return dsn
	}
	u, err := url.Parse(shared)
	if err != nil {
		tb.Fatalf("testdb: %v", err)
	}
	name := "healthqa_test_" + randomHex(8)
	if err := adminExec("CREATE DATABASE " + name + " TEMPLATE " + strings.TrimPrefix(u.Path, "/")); err != nil {
		tb.Fatalf("testdb: copy %s: %v", postgres.Redact(shared), err)
	}
	tb.Cleanup(func() {
		if err := adminExec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			tb.Errorf("testdb: %v", err)
		}
	})
	return databaseURL(name)
}

// adminExec runs one statement on the test server's own database (the
// one devdata.PostgresURL names): creating and dropping databases.
func adminExec(stmt string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	admin := devdata.PostgresURL()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return fmt.Errorf("%w at %s (set %s): %v", ErrUnreachable, postgres.Redact(admin), devdata.PostgresEnv, err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, stmt); err != nil {
		return fmt.Errorf("%s: %w", stmt, err)
	}
	return nil
}

// databaseURL is the test server's URL with another database.
func databaseURL(name string) string {
	u, err := url.Parse(devdata.PostgresURL())
	if err != nil {
		return "" // adminExec has already failed on the same URL
	}
	u.Path = "/" + name
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
