package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"healthqa/internal/store/sqlite"
	"healthqa/internal/store/testdb"
)

// Commands that only read open a database that is there and has content;
// they create nothing, and say what is wrong and how to fix it. The
// empty database is on the backend of the test run; the missing ones are
// SQLite paths in both passes (healthqa never creates a PostgreSQL
// database, and TestPostgresCommands covers a missing one's message).
func TestReadCommandsNeedADatabase(t *testing.T) {
	dir := t.TempDir()
	empty := testdb.Create(t)
	commands := [][]string{
		{"stats"}, {"stats", "--json"}, {"topics"}, {"digest", "what-is-holmes-adie"},
		{"ask", "what causes restless legs?"}, {"eval", "liveqa"},
	}
	dbs := []struct {
		name, path string
		want       []string
	}{
		{"missing file", filepath.Join(dir, "nope.db"), []string{"no database at " + filepath.Join(dir, "nope.db"), "healthqa import medquad PATH --db " + filepath.Join(dir, "nope.db"), "healthqa serve"}},
		{"missing folder", filepath.Join(dir, "no", "such", "x.db"), []string{"no database at " + filepath.Join(dir, "no", "such", "x.db")}},
		{"empty database", empty, []string{"the database " + empty + " is empty", "healthqa import medquad PATH --db " + empty}},
	}
	for _, db := range dbs {
		for _, args := range commands {
			t.Run(db.name+"/"+strings.Join(args, " "), func(t *testing.T) {
				r := cli(t, append(args, "--db", db.path)...)
				if r.code != exitFailure || r.stdout != "" {
					t.Errorf("exit %d, stdout %q; want exit %d and nothing printed", r.code, r.stdout, exitFailure)
				}
				for _, w := range db.want {
					if !strings.Contains(r.stderr, w) {
						t.Errorf("stderr %q; want it to say %q", r.stderr, w)
					}
				}
				if strings.Contains(r.stderr, "sqlite:") {
					t.Errorf("stderr %q shows the driver's prefix", r.stderr)
				}
			})
		}
	}
	for _, gone := range []string{filepath.Join(dir, "nope.db"), filepath.Join(dir, "no")} {
		if _, err := os.Stat(gone); err == nil {
			t.Errorf("a read command created %s", gone)
		}
	}
}

// A database file that is not SQLite is named as such, in the user's
// words, and left as it was.
func TestReadCommandNotADatabase(t *testing.T) {
	testdb.SQLiteOnly(t, "a file that is not a SQLite database")
	path := filepath.Join(t.TempDir(), "notes.db")
	text := strings.Repeat("shopping list\n", 200)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	r := cli(t, "stats", "--db", path)
	if r.code != exitFailure || r.stderr != "healthqa: opening database "+path+": it is not a SQLite database\n" {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	if b, _ := os.ReadFile(path); string(b) != text {
		t.Error("stats changed the file")
	}
}

// serve whose first import fails removes the database it created, so
// that the next start begins afresh; a database that was there before
// is never removed.
func TestServeFailedFirstImportLeavesNoDatabase(t *testing.T) {
	testdb.SQLiteOnly(t, "serve removes the SQLite file (and its WAL files) it created; it never creates a PostgreSQL database")
	dir := t.TempDir()
	fresh := filepath.Join(dir, "fresh.db")
	r := cli(t, "serve", "--addr", "127.0.0.1:0", "--db", fresh, "--medquad", filepath.Join(dir, "missing.zip"))
	if r.code != exitFailure || !strings.Contains(r.stderr, "missing.zip") {
		t.Errorf("exit %d, stderr %q; want a failure naming missing.zip", r.code, r.stderr)
	}
	for _, f := range []string{fresh, fresh + "-wal", fresh + "-shm"} {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("%s is left behind", f)
		}
	}

	kept := filepath.Join(dir, "kept.db")
	if _, r := importJSON(t, "medquad", fixture, "--db", kept); r.code != exitOK {
		t.Fatalf("import: exit %d %s", r.code, r.stderr)
	}
	r = cli(t, "serve", "--addr", "127.0.0.1:0", "--db", kept, "--medquad", filepath.Join(dir, "missing.zip"))
	if r.code != exitFailure {
		t.Errorf("exit %d; want %d", r.code, exitFailure)
	}
	if s := stats(t, kept); s.Questions != 6 {
		t.Errorf("the existing database after a failed serve: %+v; want its 6 questions", s)
	}

	emptyBefore := filepath.Join(dir, "empty-before.db")
	st, err := sqlite.Open(context.Background(), emptyBefore)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	cli(t, "serve", "--addr", "127.0.0.1:0", "--db", emptyBefore, "--medquad", filepath.Join(dir, "missing.zip"))
	if _, err := os.Stat(emptyBefore); err != nil {
		t.Errorf("serve removed a database it did not create: %v", err)
	}
}
