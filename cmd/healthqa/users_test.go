package main

import (
	"context"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"healthqa/internal/account"
	"healthqa/internal/model"
	"healthqa/internal/store/testdb"
)

// newUsersDB makes an empty database, as serve would before its import,
// on the backend of this test run (internal/store/testdb).
func newUsersDB(t *testing.T) string {
	t.Helper()
	return testdb.Create(t)
}

// withStdin runs f with input as standard input.
func withStdin(t *testing.T, input string, f func()) {
	t.Helper()
	old := stdin
	stdin = strings.NewReader(input)
	defer func() { stdin = old }()
	f()
}

func TestUsersAdd(t *testing.T) {
	db := newUsersDB(t)
	var r result
	withStdin(t, "a long admin password\n", func() {
		r = cli(t, "users", "add", "Admin@Example.org", "--role", "admin", "--role", "reviewer", "--name", "Ada Admin", "--db", db)
	})
	if r.code != exitOK || !strings.Contains(r.stdout, "admin@example.org") {
		t.Fatalf("users add: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	st := testdb.Reopen(t, db)
	u, err := st.UserByEmail(context.Background(), "admin@example.org")
	if err != nil || u.Name != "Ada Admin" || !slices.Equal(u.Roles, []model.Role{model.RoleReviewer, model.RoleAdmin}) {
		t.Errorf("stored %+v, %v", u, err)
	}
	if !account.Verify("a long admin password", u.PasswordHash) || strings.Contains(u.PasswordHash, "a long admin password") {
		t.Error("the stored hash does not verify the password, or holds it")
	}
	log, _ := st.AuditLog(context.Background(), 0, 5)
	if len(log) != 1 || log[0].Action != "user.create" || log[0].ActorID != 0 {
		t.Errorf("audit log = %+v", log)
	}
	st.Close()

	tests := []struct {
		name  string
		args  []string
		input string
		code  int
		inErr string
	}{
		{"duplicate", []string{"admin@example.org", "--role", "admin"}, "another long password\n", exitFailure, "exists already"},
		{"common password", []string{"b@example.org"}, "qwerty123456\n", exitFailure, "most common passwords"},
		{"short password", []string{"b@example.org"}, "short\n", exitFailure, "at least 12"},
		{"no password", []string{"b@example.org"}, "", exitFailure, "no password"},
		{"bad role", []string{"b@example.org", "--role", "owner"}, "x\n", exitUsage, "unknown role"},
		{"bad email", []string{"not-an-address"}, "a long password here\n", exitUsage, "email"},
		{"unknown source", []string{"c@example.org", "--source", "Nowhere"}, "a long password here\n", exitUsage, "no source"},
		{"no database", []string{"b@example.org", "--db", filepath.Join(t.TempDir(), "none.db")}, "a long password here\n", exitFailure, "no database"},
	}
	for _, tc := range tests {
		args := append([]string{"users", "add", "--db", db}, tc.args...) // a later --db wins
		withStdin(t, tc.input, func() { r = cli(t, args...) })
		if r.code != tc.code || !strings.Contains(r.stderr, tc.inErr) {
			t.Errorf("%s: exit %d, stderr %q; want %d and %q", tc.name, r.code, r.stderr, tc.code, tc.inErr)
		}
	}
	r = cli(t, "users", "list", "--db", db)
	if r.code != exitOK || strings.Count(r.stdout, "@example.org") != 1 || !strings.Contains(r.stdout, "reviewer,admin") {
		t.Errorf("users list after refusals: %q", r.stdout)
	}
}

func TestUsersLink(t *testing.T) {
	db := newUsersDB(t)
	st := testdb.Reopen(t, db)
	if err := st.CreateSource(context.Background(), model.Source{Key: "AASM", Name: "AASM", Kind: model.KindSociety}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	r := cli(t, "users", "add", "first@example.org", "--role", "admin", "--source", "AASM", "--link", "--base-url", "https://healthqa.example/", "--db", db)
	if r.code != exitOK || !regexp.MustCompile(`^https://healthqa\.example/invite/[A-Za-z0-9_-]{43}\n$`).MatchString(r.stdout) {
		t.Fatalf("users add --link: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	tok := strings.TrimSpace(r.stdout[strings.LastIndexByte(r.stdout, '/')+1:])
	st = testdb.Reopen(t, db)
	inv, err := st.Invite(context.Background(), account.HashToken(tok), time.Now())
	if err != nil || inv.Email != "first@example.org" || inv.SourceKey != "AASM" || !slices.Equal(inv.Roles, []model.Role{model.RoleAdmin}) {
		t.Errorf("invitation %+v, %v", inv, err)
	}
}

func TestUsersRoles(t *testing.T) {
	db := newUsersDB(t)
	for _, email := range []string{"one@example.org", "two@example.org"} {
		withStdin(t, "a long enough password\n", func() {
			if r := cli(t, "users", "add", email, "--role", "admin", "--db", db); r.code != exitOK {
				t.Fatalf("add %s: %s", email, r.stderr)
			}
		})
	}
	r := cli(t, "users", "roles", "one@example.org", "--add", "reviewer", "--remove", "admin", "--db", db)
	if r.code != exitOK || !strings.Contains(r.stdout, "roles reviewer") {
		t.Errorf("roles: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	r = cli(t, "users", "roles", "two@example.org", "--remove", "admin", "--db", db)
	if r.code != exitFailure || !strings.Contains(r.stderr, "last enabled admin") {
		t.Errorf("removing the last admin: exit %d %q", r.code, r.stderr)
	}
	r = cli(t, "users", "roles", "nobody@example.org", "--add", "reviewer", "--db", db)
	if r.code != exitFailure || !strings.Contains(r.stderr, "no account") {
		t.Errorf("unknown account: exit %d %q", r.code, r.stderr)
	}
	r = cli(t, "users", "list", "--json", "--db", db)
	if r.code != exitOK || !strings.Contains(r.stdout, `"roles": [`) {
		t.Errorf("list --json: %q", r.stdout)
	}
	if r := cli(t, "users"); r.code != exitUsage || !strings.Contains(r.stderr, "add, list, roles, reset") {
		t.Errorf("users alone: exit %d %q", r.code, r.stderr)
	}
	r = cli(t, "users", "reset", "one@example.org", "--db", db)
	if r.code != exitOK || !regexp.MustCompile(`^http://127\.0\.0\.1:8080/invite/[A-Za-z0-9_-]{43}\n$`).MatchString(r.stdout) {
		t.Errorf("users reset: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := cli(t, "users", "reset", "nobody@example.org", "--db", db); r.code != exitFailure {
		t.Errorf("reset of an unknown account: exit %d", r.code)
	}
	for _, sub := range []string{"add", "list", "roles", "reset"} {
		if r := cli(t, "users", sub, "--help"); r.code != exitOK || !strings.Contains(r.stdout, "Usage: healthqa users "+sub) {
			t.Errorf("users %s --help: exit %d %q", sub, r.code, r.stdout)
		}
	}
}
