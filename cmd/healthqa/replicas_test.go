package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestSplitReplicaURLs(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"postgres://a/db", []string{"postgres://a/db"}},
		{"postgres://a/db,postgresql://b/db", []string{"postgres://a/db", "postgresql://b/db"}},
		{"postgres://a/db, postgres://b/db ,POSTGRES://c/db", []string{"postgres://a/db", "postgres://b/db", "POSTGRES://c/db"}},
		// pgx's multi-host URL keeps its comma.
		{"postgres://h1:5432,h2:5432/db?target_session_attrs=any", []string{"postgres://h1:5432,h2:5432/db?target_session_attrs=any"}},
		{"postgres://h1,h2/db,postgres://h3/db", []string{"postgres://h1,h2/db", "postgres://h3/db"}},
	} {
		if got := splitURLs(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("splitURLs(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// --db-replica is refused, before anything is opened or created, when
// it cannot work: with a SQLite --db, or a value that is not a
// PostgreSQL URL, or a lag bound out of range.
func TestServeReplicaFlagErrors(t *testing.T) {
	dir := t.TempDir()
	sqliteDB := filepath.Join(dir, "s.db")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--db", sqliteDB, "--db-replica", "postgres://r/db"}, "--db-replica needs a PostgreSQL --db"},
		{[]string{"--db", "postgres://p/db", "--db-replica", "r.db"}, "want a postgres:// or postgresql:// URL"},
		{[]string{"--db", "postgres://p/db", "--db-replica", "postgres://r/db", "--db-replica-max-lag", "2h"}, "--db-replica-max-lag 2h0m0s: want more than 0 and at most 1h0m0s"},
		{[]string{"--db", "postgres://p/db", "--db-replica", "postgres://r/db", "--db-replica-max-lag", "0s"}, "want more than 0"},
	} {
		r := cli(t, append([]string{"serve", "--addr", "127.0.0.1:0"}, tc.args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("serve %q: exit %d, stderr %q; want usage error %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
	if matches, _ := filepath.Glob(filepath.Join(dir, "*")); len(matches) != 0 {
		t.Errorf("a refused serve left %q", matches)
	}
}

// HEALTHQA_DB_REPLICA names replicas separated by commas; the flags add
// to them.
func TestReplicaEnv(t *testing.T) {
	t.Setenv("HEALTHQA_DB_REPLICA", "postgres://a/db,postgres://b/db")
	fs, _ := serveCmd().flagSet()
	if _, err := parseFlags(fs, []string{"--db-replica", "postgres://c/db"}); err != nil {
		t.Fatal(err)
	}
	got := fs.Lookup("db-replica").Value.String()
	if want := "postgres://a/db,postgres://b/db,postgres://c/db"; got != want {
		t.Errorf("replicas %q, want %q", got, want)
	}
}
