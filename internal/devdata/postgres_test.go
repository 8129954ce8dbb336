package devdata

import (
	"context"
	"net"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestPostgresAbsentSkipsOrFailsUnderCI points the helpers at a port
// nothing listens on: a skip with a message naming the server and the
// variable, or a failure under CI.
func TestPostgresAbsentSkipsOrFailsUnderCI(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // a port nothing listens on now
	for _, helper := range []struct {
		name string
		fn   func(testing.TB) string
	}{{"Postgres", Postgres}, {"PostgresSchema", PostgresSchema}} {
		for _, ci := range []string{"", "true"} {
			t.Run(helper.name+" CI="+ci, func(t *testing.T) {
				t.Setenv("CI", ci)
				t.Setenv(PostgresEnv, "postgres://postgres@"+addr+"/test?sslmode=disable&connect_timeout=2")
				tb := &fakeTB{}
				if got := helper.fn(tb); got != "" {
					t.Errorf("%s = %q without a server", helper.name, got)
				}
				msg, other := tb.skipped, tb.failed
				if ci == "true" {
					msg, other = tb.failed, tb.skipped
				}
				if !strings.Contains(msg, "PostgreSQL not reachable at") || !strings.Contains(msg, PostgresEnv) || other != "" {
					t.Errorf("skipped %q, failed %q", tb.skipped, tb.failed)
				}
			})
		}
	}
}

// TestPostgresDatabaseIsFreshAndDropped: the URL names a new, empty
// database that exists during the test and is gone after its cleanup.
func TestPostgresDatabaseIsFreshAndDropped(t *testing.T) {
	var url string
	t.Run("inner", func(t *testing.T) {
		url = Postgres(t)
		conn, err := pgx.Connect(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		var tables int
		if err := conn.QueryRow(context.Background(),
			`SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'`).Scan(&tables); err != nil {
			t.Fatal(err)
		}
		if tables != 0 {
			t.Errorf("new database has %d tables", tables)
		}
	})
	if url == "" {
		return // skipped: no server
	}
	if conn, err := pgx.Connect(context.Background(), url); err == nil {
		conn.Close(context.Background())
		t.Errorf("database %s still there after the test", url)
	}
}
