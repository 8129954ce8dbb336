package devdata

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// PostgresEnv names the PostgreSQL server tests use, as a URL of a
// database that exists there (the throw-away databases are made beside
// it); DefaultPostgres is CI's, with trust authentication.
const (
	PostgresEnv     = "HEALTHQA_TEST_POSTGRES"
	DefaultPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
)

// PostgresURL is the test server's URL: $HEALTHQA_TEST_POSTGRES or
// DefaultPostgres.
func PostgresURL() string {
	if u := os.Getenv(PostgresEnv); u != "" {
		return u
	}
	return DefaultPostgres
}

// Postgres creates a new, empty database on the test server and returns
// its URL; the database is dropped when the test and its cleanups end
// (registered first, so it runs after the cleanups the test registers
// later, such as closing a store). When the server does not answer, the
// test is skipped with a message, or fails under CI as Skip does.
func Postgres(tb testing.TB) string {
	tb.Helper()
	admin := PostgresURL()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		Skip(tb, "PostgreSQL not reachable at "+admin+" (set "+PostgresEnv+"): "+err.Error())
		return "" // a fake TB's Skip returns
	}
	defer conn.Close(context.Background())
	name := "healthqa_test_" + randomHex(8)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("create test database: %v", err)
	}
	tb.Cleanup(func() { dropDatabase(tb, admin, name) })
	u, err := url.Parse(admin)
	if err != nil {
		tb.Fatalf("%s: %v", PostgresEnv, err)
	}
	u.Path = "/" + name
	return u.String()
}

// PostgresSchema creates a new, empty schema in the test server's
// database and returns a URL whose connections use it (search_path), for
// suites that want a fresh store per subtest: a schema costs a fraction
// of a database to make and drop. It is dropped, with everything in it,
// when the test ends; it skips or fails as Postgres does. Advisory locks
// are per database, so stores in sibling schemas share them: harmless
// for tests that run one after the other.
func PostgresSchema(tb testing.TB) string {
	tb.Helper()
	admin := PostgresURL()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		Skip(tb, "PostgreSQL not reachable at "+admin+" (set "+PostgresEnv+"): "+err.Error())
		return ""
	}
	defer conn.Close(context.Background())
	name := "healthqa_test_" + randomHex(8)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+name); err != nil {
		tb.Fatalf("create test schema: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			tb.Errorf("drop test schema %s: %v", name, err)
			return
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+name+" CASCADE"); err != nil {
			tb.Errorf("drop test schema %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		tb.Fatalf("%s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// dropDatabase drops a test database, ending any connection a failed
// test left open (WITH (FORCE), PostgreSQL 13 and later).
func dropDatabase(tb testing.TB, admin, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		tb.Errorf("drop test database %s: %v", name, err)
		return
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		tb.Errorf("drop test database %s: %v", name, err)
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
