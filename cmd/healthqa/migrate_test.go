package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"healthqa/internal/devdata"
	"healthqa/internal/store/testdb"
)

// TestPostgresCommands drives the commands with --db postgres://…: the
// migrations apply and show, import and the read commands work, serve's
// store check accepts the database (every interface serve requires is
// implemented on PostgreSQL), and no folder named "postgres:" appears
// (the bug of issue 10).
func TestPostgresCommands(t *testing.T) {
	db := devdata.Postgres(t)
	data, err := filepath.Abs(fixture)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	steps := []struct {
		name     string
		args     []string
		code     int
		inStdout []string
		inStderr []string
	}{
		{"status before", []string{"migrate", "--status", "--db", db}, exitOK,
			[]string{"PostgreSQL", "0001_init.sql", "pending"}, nil},
		{"read before import", []string{"stats", "--db", db}, exitFailure,
			nil, []string{"is empty", "healthqa import medquad PATH --db postgres://"}},
		{"migrate", []string{"migrate", "--db", db}, exitOK,
			[]string{"0006_answers_contributors.sql"}, nil},
		{"import", []string{"import", "medquad", data, "--db", db}, exitOK,
			[]string{"Imported", "answers"}, nil},
		{"stats", []string{"stats", "--db", db}, exitOK, []string{"topics"}, nil},
		// serve itself on PostgreSQL: TestServeFirstRunFromCache in
		// .ci/run's PostgreSQL pass (HEALTHQA_TEST_BACKEND=postgres).
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			r := cli(t, st.args...)
			if r.code != st.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, st.code, r.stdout, r.stderr)
			}
			for _, s := range st.inStdout {
				if !strings.Contains(r.stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, r.stdout)
				}
			}
			for _, s := range st.inStderr {
				if !strings.Contains(r.stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, r.stderr)
				}
			}
		})
	}
	// Not the serve command itself: it would run until stopped.
	if st, err := openForServing(context.Background(), db); err != nil {
		t.Errorf("serve's store check refuses PostgreSQL: %v", err)
	} else {
		st.Close()
	}
	if m, _ := filepath.Glob("postgres*"); len(m) > 0 {
		t.Errorf("--db postgres://… created %v in the working directory", m)
	}
	r := cli(t, "migrate", "--status", "--db", db)
	if strings.Contains(r.stdout, "pending") {
		t.Errorf("after migrate, status still shows pending:\n%s", r.stdout)
	}
}

// TestMigrateSQLite: --status reads a SQLite file without changing it
// and refuses a missing one rather than creating it.
func TestMigrateSQLite(t *testing.T) {
	testdb.SQLiteOnly(t, "migrate on SQLite files; TestPostgresCommands covers PostgreSQL in every pass")
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.db")
	for _, args := range [][]string{{"migrate", "--status", "--db", missing}, {"migrate", "--db", missing}} {
		if r := cli(t, args...); r.code != exitFailure || !strings.Contains(r.stderr, "no database at") {
			t.Errorf("%v: exit %d, stderr %q; want a failure naming the missing database", args, r.code, r.stderr)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*")); len(m) > 0 {
		t.Errorf("migrate created %v", m)
	}
	db := filepath.Join(dir, "x.db")
	if _, r := importJSON(t, "medquad", fixture, "--db", db); r.code != exitOK {
		t.Fatalf("import: exit %d %s", r.code, r.stderr)
	}
	r := cli(t, "migrate", "--status", "--db", db)
	if r.code != exitOK || !strings.Contains(r.stdout, "SQLite") || !strings.Contains(r.stdout, "0001") {
		t.Errorf("status: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
