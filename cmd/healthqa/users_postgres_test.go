package main

import (
	"strings"
	"testing"

	"healthqa/internal/devdata"
)

// The first admin of a PostgreSQL deployment is made as on SQLite: the
// users commands open --db through the same choice as every command.
func TestUsersOnPostgres(t *testing.T) {
	db := devdata.Postgres(t)
	var r result
	withStdin(t, "a long admin password\n", func() {
		r = cli(t, "users", "add", "admin@example.org", "--role", "admin", "--db", db)
	})
	if r.code != exitOK || !strings.Contains(r.stdout, "admin@example.org") {
		t.Fatalf("users add: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	r = cli(t, "users", "list", "--db", db)
	if r.code != exitOK || !strings.Contains(r.stdout, "admin@example.org") || !strings.Contains(r.stdout, "admin") {
		t.Fatalf("users list: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	withStdin(t, "another long password\n", func() {
		r = cli(t, "users", "add", "admin@example.org", "--db", db)
	})
	if r.code == exitOK || !strings.Contains(r.stderr, "exists already") {
		t.Fatalf("second users add: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
}
