package postgres

import (
	"context"
	"strings"
	"testing"
	"time"

	"healthqa/internal/model"
	"healthqa/internal/store"
	"healthqa/internal/store/storetest"
)

// TestAccountsConformance runs the store.Accounts suite, a schema of its
// own per subtest.
func TestAccountsConformance(t *testing.T) {
	storetest.RunAccounts(t, func(t *testing.T) store.Accounts {
		d := openTemp(t)
		t.Cleanup(func() { d.Close() })
		return d
	})
}

// TestAuditLogAppendOnly checks the triggers of 0005: a written entry can
// be neither changed nor deleted, nor the table truncated, by this
// program or by anyone with a connection.
func TestAuditLogAppendOnly(t *testing.T) {
	d := openTemp(t)
	defer d.Close()
	ctx := context.Background()
	if err := d.AppendAudit(ctx, store.AuditEntry{Action: "user.create", Entity: "user", EntityID: "1"}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE audit_log SET action = 'forged'`,
		`DELETE FROM audit_log`,
		`TRUNCATE audit_log`,
	} {
		_, err := d.pool.Exec(ctx, q)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want the append-only refusal", q, err)
		}
	}
	list, err := d.AuditLog(ctx, 0, 10)
	if err != nil || len(list) != 1 || list[0].Action != "user.create" {
		t.Errorf("log after refused changes = %+v, %v", list, err)
	}
}

// TestAccountWritesKeepVersion: signing in or managing accounts must not
// invalidate any node's page cache: every kind of account write leaves
// the version row untouched (not even rewritten with the same value).
func TestAccountWritesKeepVersion(t *testing.T) {
	d := openTemp(t)
	defer d.Close()
	ctx := context.Background()
	row := func() string {
		var v string
		if err := d.pool.QueryRow(ctx, `SELECT ctid::text || ' ' || xmin::text || ' ' || version::text FROM store_version`).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	before := row()
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	admin := mustUser(t, d, "root", model.RoleAdmin)
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	must("source", d.CreateSource(ctx, model.Source{Key: "Org", Name: "Org", Kind: model.KindNonprofit}))
	org, err := d.CreateUser(ctx, store.User{Person: model.Person{Name: "Org", Slug: "org", SourceKey: "Org"}, Email: "org@example.org"})
	must("org user", err)
	must("audit", d.AppendAudit(ctx, store.AuditEntry{Action: "a", Entity: "user"}))
	must("profile", d.UpdateProfile(ctx, org.ID, model.Person{Name: "Org desk"}))
	must("roles", d.SetRoles(ctx, org.ID, []model.Role{model.RoleContributor}))
	must("session", d.CreateSession(ctx, store.Session{IDHash: []byte("s"), UserID: admin.ID, CSRFToken: "c", CreatedAt: at}))
	_, _, err = d.SessionUser(ctx, []byte("s"), at.Add(time.Hour), store.SessionTimeouts{Idle: 2 * time.Hour, Absolute: 3 * time.Hour})
	must("session use", err)
	must("password", d.SetPassword(ctx, admin.ID, "$argon2id$x", []byte("s"), at))
	must("invite", d.CreateInvite(ctx, store.Invite{TokenHash: []byte("i"), Email: "n@example.org", Roles: []model.Role{}, CreatedAt: at, ExpiresAt: at.Add(time.Hour)}))
	_, err = d.AcceptInvite(ctx, []byte("i"), at, store.User{Person: model.Person{Name: "N", Slug: "n"}})
	must("accept", err)
	_, err = d.RecordFailure(ctx, "k", at, store.ThrottleRule{Window: time.Hour, Lock: func(int) time.Duration { return time.Minute }})
	must("failure", err)
	id, err := d.CreateAPIToken(ctx, store.APIToken{Hash: []byte("t"), UserID: org.ID, SourceKey: "Org", Name: "CMS", CreatedAt: at})
	must("token", err)
	_, _, err = d.APITokenUser(ctx, []byte("t"), at)
	must("token use", err)
	must("revoke", d.RevokeAPIToken(ctx, org.ID, id, at))
	must("disable", d.SetDisabled(ctx, org.ID, true))
	if after := row(); after != before {
		t.Errorf("store_version row went from %q to %q on account writes", before, after)
	}
}

// sessionRow is the physical version of a session's row: any UPDATE,
// even of the same values, changes it.
func sessionRow(t *testing.T, d *DB, hash []byte) string {
	t.Helper()
	var v string
	if err := d.pool.QueryRow(context.Background(), `SELECT ctid::text || ' ' || xmin::text FROM sessions WHERE id_hash = $1`,
		hash).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestSessionTouchAtMostOncePerMinute: as on SQLite, a signed-in request
// writes the session only when its last_seen_at is a minute old; the
// other requests only read. Same for an API token's last use.
func TestSessionTouchAtMostOncePerMinute(t *testing.T) {
	d := openTemp(t)
	defer d.Close()
	ctx := context.Background()
	u := mustUser(t, d, "ann")
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	h := []byte("session")
	if err := d.CreateSession(ctx, store.Session{IDHash: h, UserID: u.ID, CSRFToken: "c", CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	to := store.SessionTimeouts{Idle: 3 * time.Hour, Absolute: 24 * time.Hour}
	steps := []struct {
		after  time.Duration
		writes bool
		seen   time.Duration // LastSeenAt returned, after at
	}{
		{10 * time.Second, false, 0},
		{59 * time.Second, false, 0},
		{61 * time.Second, true, 61 * time.Second},
		{90 * time.Second, false, 61 * time.Second},
		{121 * time.Second, true, 121 * time.Second},
	}
	for _, st := range steps {
		before := sessionRow(t, d, h)
		s, _, err := d.SessionUser(ctx, h, at.Add(st.after), to)
		if err != nil {
			t.Fatal(err)
		}
		if wrote := sessionRow(t, d, h) != before; wrote != st.writes {
			t.Errorf("use at +%v: wrote %t, want %t", st.after, wrote, st.writes)
		}
		if !s.LastSeenAt.Equal(at.Add(st.seen)) {
			t.Errorf("use at +%v: LastSeenAt = %v, want +%v", st.after, s.LastSeenAt.Sub(at), st.seen)
		}
	}
	// A node whose clock is behind never moves last_seen_at back.
	if _, _, err := d.SessionUser(ctx, h, at.Add(100*time.Minute), to); err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.SessionUser(ctx, h, at.Add(90*time.Minute), to); err != nil {
		t.Fatal(err)
	}
	var seen time.Time
	if err := d.pool.QueryRow(ctx, `SELECT last_seen_at FROM sessions WHERE id_hash = $1`, h).Scan(&seen); err != nil {
		t.Fatal(err)
	}
	if !seen.Equal(at.Add(100 * time.Minute)) {
		t.Errorf("last_seen_at = +%v after a use at +100m then one at +90m; want +100m", seen.Sub(at))
	}
}

// TestAccountTimesMicroseconds: times are stored at microseconds,
// truncated (never rounded), and read back in UTC; "not yet" is NULL.
func TestAccountTimesMicroseconds(t *testing.T) {
	d := openTemp(t)
	defer d.Close()
	ctx := context.Background()
	east := time.FixedZone("UTC+5", 5*3600)
	at := time.Date(2026, 12, 1, 14, 0, 0, 123456999, east) // 999 ns past a microsecond
	want := time.Date(2026, 12, 1, 9, 0, 0, 123456000, time.UTC)
	u, err := d.CreateUser(ctx, store.User{Person: model.Person{Name: "T", Slug: "t"}, Email: "t@example.org", CreatedAt: at})
	if err != nil {
		t.Fatal(err)
	}
	if u.CreatedAt != want || !u.PasswordChangedAt.IsZero() {
		t.Errorf("user times: created %v, password changed %v; want %v and zero", u.CreatedAt, u.PasswordChangedAt, want)
	}
	var null bool
	if err := d.pool.QueryRow(ctx, `SELECT password_changed_at IS NULL FROM users WHERE id = $1`, u.ID).Scan(&null); err != nil || !null {
		t.Errorf("password_changed_at of an account without password: NULL %t, %v", null, err)
	}
	if err := d.SetPassword(ctx, u.ID, "$argon2id$x", nil, at); err != nil {
		t.Fatal(err)
	}
	if got, _ := d.User(ctx, u.ID); got.PasswordChangedAt != want {
		t.Errorf("password changed at %v, want %v", got.PasswordChangedAt, want)
	}
	if err := d.CreateSession(ctx, store.Session{IDHash: []byte("s"), UserID: u.ID, CSRFToken: "c", CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	s, _, err := d.SessionUser(ctx, []byte("s"), at, store.SessionTimeouts{Idle: time.Hour, Absolute: time.Hour})
	if err != nil || s.CreatedAt != want || s.LastSeenAt != want {
		t.Errorf("session times %v, %v (%v); want %v", s.CreatedAt, s.LastSeenAt, err, want)
	}
	if err := d.AppendAudit(ctx, store.AuditEntry{At: at, Action: "a", Entity: "e"}); err != nil {
		t.Fatal(err)
	}
	if log, err := d.AuditLog(ctx, 0, 1); err != nil || len(log) != 1 || log[0].At != want {
		t.Errorf("audit time = %+v, %v; want %v", log, err, want)
	}
	if err := d.CreateInvite(ctx, store.Invite{TokenHash: []byte("i"), Email: "i@example.org", Roles: []model.Role{},
		CreatedAt: at, ExpiresAt: at.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if inv, err := d.Invite(ctx, []byte("i"), at); err != nil || inv.CreatedAt != want || inv.ExpiresAt != want.Add(time.Hour) {
		t.Errorf("invite times %+v, %v", inv, err)
	}
	th, err := d.RecordFailure(ctx, "k", at, store.ThrottleRule{Window: time.Hour, Lock: func(int) time.Duration { return time.Minute }})
	if err != nil || th.WindowStart != want || th.LockedUntil != want.Add(time.Minute) {
		t.Errorf("throttle %+v, %v", th, err)
	}
	if got, err := d.Throttle(ctx, "k"); err != nil || got != th {
		t.Errorf("Throttle = %+v, %v; want %+v", got, err, th)
	}
}

func TestThrottleRowsForgotten(t *testing.T) {
	d := openTemp(t)
	defer d.Close()
	storetest.ThrottleRowsForgotten(t, d, func() int { return countRows(t, d, "signin_throttle") })
}
