package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"healthqa/internal/devdata"
	"healthqa/internal/model"
	"healthqa/internal/store"
	"healthqa/internal/store/postgres"
)

// pgTool finds a PostgreSQL client program: on PATH (Debian's wrapper
// picks the cluster's version), else PostgreSQL 15's own folder. Absent,
// the test skips, or fails under CI, as devdata's rule says.
func pgTool(t *testing.T, name string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	p := filepath.Join("/usr/lib/postgresql/15/bin", name)
	if _, err := os.Stat(p); err != nil {
		devdata.Skip(t, name+" not found (install postgresql-client-15): skipping the backup round trip")
	}
	return p
}

// TestBackupRestoreRoundTrip is docs/DEPLOY.md's backup and restore, as
// written there: pg_dump -Fc of a database healthqa filled, pg_restore
// into an empty database, and healthqa reads the copy exactly as the
// original: the same stats and topics, byte for byte, and no migration
// pending. An account makes the trip too.
func TestBackupRestoreRoundTrip(t *testing.T) {
	dump, restore := pgTool(t, "pg_dump"), pgTool(t, "pg_restore")
	src, dst := devdata.Postgres(t), devdata.Postgres(t)
	data, err := filepath.Abs(fixture)
	if err != nil {
		t.Fatal(err)
	}
	if r := cli(t, "import", "medquad", data, "--db", src); r.code != exitOK {
		t.Fatalf("import: exit %d\n%s", r.code, r.stderr)
	}
	user := addAccount(t, src)

	archive := filepath.Join(t.TempDir(), "healthqa.dump")
	for _, c := range [][]string{
		{dump, "--format=custom", "--no-owner", "--file=" + archive, "--dbname=" + src},
		{restore, "--no-owner", "--exit-on-error", "--dbname=" + dst, archive},
	} {
		if out, err := exec.Command(c[0], c[1:]...).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", filepath.Base(c[0]), err, out)
		}
	}

	for _, args := range [][]string{{"stats", "--json"}, {"topics", "--json"}} {
		before, after := cli(t, append(args, "--db", src)...), cli(t, append(args, "--db", dst)...)
		if before.code != exitOK || after.code != exitOK {
			t.Fatalf("%v: exit %d, %d\n%s%s", args, before.code, after.code, before.stderr, after.stderr)
		}
		if len(before.stdout) < 100 || before.stdout != after.stdout {
			t.Errorf("%v differs after the round trip (%d bytes before, %d after)", args, len(before.stdout), len(after.stdout))
		}
	}
	r := cli(t, "migrate", "--status", "--db", dst)
	if r.code != exitOK || strings.Contains(r.stdout, "pending") || !strings.Contains(r.stdout, "0001_init.sql") {
		t.Errorf("migrate --status on the restored copy: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The restored copy takes writes: an unchanged re-import writes nothing.
	if r := cli(t, "import", "medquad", data, "--db", dst); r.code != exitOK {
		t.Errorf("import into the restored copy: exit %d\n%s", r.code, r.stderr)
	}
	checkAccountRestored(t, dst, user)
}

// addAccount adds an account, which the round trip must keep with the
// content.
func addAccount(t *testing.T, db string) store.User {
	t.Helper()
	ctx := context.Background()
	st, err := postgres.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, err := st.CreateUser(ctx, store.User{Person: model.Person{Name: "Backup Reviewer", Slug: "backup-reviewer"},
		Email: "backup@example.org", Roles: []model.Role{model.RoleReviewer}, CreatedAt: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func checkAccountRestored(t *testing.T, db string, want store.User) {
	t.Helper()
	ctx := context.Background()
	st, err := postgres.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got, err := any(st).(store.Accounts).UserByEmail(ctx, want.Email)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("account after the round trip: %+v, %v; want %+v", got, err, want)
	}
}
