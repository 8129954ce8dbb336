package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

var timeouts = store.SessionTimeouts{Idle: 30 * time.Minute, Absolute: 12 * time.Hour}

func newSession(t *testing.T, a store.Accounts, u store.User, id string, at time.Time) []byte {
	t.Helper()
	h := []byte("hash-of-" + id)
	if err := a.CreateSession(context.Background(), store.Session{IDHash: h, UserID: u.ID, CSRFToken: "csrf-" + id, CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	return h
}

func alive(t *testing.T, a store.Accounts, h []byte, now time.Time) bool {
	t.Helper()
	_, _, err := a.SessionUser(context.Background(), h, now, timeouts)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		t.Fatal(err)
	}
	return err == nil
}

func testSessions(t *testing.T, a store.Accounts) {
	ctx := context.Background()
	u := newUser(t, a, "eve", model.RoleReviewer)
	h := newSession(t, a, u, "one", at0)
	s, got, err := a.SessionUser(ctx, h, at0.Add(time.Minute), timeouts)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != u.ID || !got.Has(model.RoleReviewer) || s.CSRFToken != "csrf-one" || !s.CreatedAt.Equal(at0) {
		t.Errorf("session %+v of %+v", s, got)
	}
	if !s.LastSeenAt.Equal(at0.Add(time.Minute)) {
		t.Errorf("LastSeenAt = %v, want touched at at0+1m", s.LastSeenAt)
	}
	if _, _, err := a.SessionUser(ctx, []byte("unknown"), at0, timeouts); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown session: %v", err)
	}
	other := newSession(t, a, u, "two", at0)
	if err := a.DeleteSession(ctx, h); err != nil {
		t.Fatal(err)
	}
	if alive(t, a, h, at0) || !alive(t, a, other, at0) {
		t.Error("DeleteSession deleted the wrong session")
	}
	if err := a.DeleteUserSessions(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if alive(t, a, other, at0) {
		t.Error("DeleteUserSessions left a session")
	}
	if err := a.CreateSession(ctx, store.Session{UserID: u.ID, CSRFToken: "c", CreatedAt: at0}); err == nil {
		t.Error("session without id accepted")
	}
}

func testSessionTimeouts(t *testing.T, a store.Accounts) {
	u := newUser(t, a, "fay")
	// Idle: used every 20 minutes, a session lives until the absolute
	// limit; left alone for 30 minutes, it ends.
	busy := newSession(t, a, u, "busy", at0)
	idle := newSession(t, a, u, "idle", at0)
	now := at0
	for now.Before(at0.Add(12*time.Hour - 20*time.Minute)) {
		now = now.Add(20 * time.Minute)
		if !alive(t, a, busy, now) {
			t.Fatalf("a session used every 20 minutes ended at %v", now.Sub(at0))
		}
	}
	if alive(t, a, busy, at0.Add(12*time.Hour)) {
		t.Error("session outlived the absolute timeout")
	}
	if !alive(t, a, idle, at0.Add(29*time.Minute)) {
		t.Fatal("session ended before the idle timeout")
	}
	if alive(t, a, idle, at0.Add(59*time.Minute)) {
		t.Error("session outlived the idle timeout")
	}
	// An expired session is gone, even if asked again with an earlier clock.
	if alive(t, a, idle, at0.Add(30*time.Minute)) {
		t.Error("expired session came back")
	}
}

func testSetPasswordEndsOtherSessions(t *testing.T, a store.Accounts) {
	ctx := context.Background()
	u := newUser(t, a, "gus")
	keep := newSession(t, a, u, "keep", at0)
	drop := newSession(t, a, u, "drop", at0)
	other := newUser(t, a, "hal")
	theirs := newSession(t, a, other, "theirs", at0)
	later := at0.Add(time.Hour)
	if err := a.SetPassword(ctx, u.ID, "$argon2id$new", keep, later); err != nil {
		t.Fatal(err)
	}
	now := at0.Add(time.Minute)
	if !alive(t, a, keep, now) || alive(t, a, drop, now) || !alive(t, a, theirs, now) {
		t.Error("SetPassword must keep the current session, end the user's others, leave other users' alone")
	}
	got, _ := a.User(ctx, u.ID)
	if got.PasswordHash != "$argon2id$new" || !got.PasswordChangedAt.Equal(later) {
		t.Errorf("hash %q changed %v", got.PasswordHash, got.PasswordChangedAt)
	}
	if err := a.SetPassword(ctx, u.ID, "$argon2id$newer", nil, later); err != nil {
		t.Fatal(err)
	}
	if alive(t, a, keep, now) {
		t.Error("SetPassword with keep nil left a session")
	}
	if err := a.SetPassword(ctx, u.ID+50, "h", nil, later); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown user: %v", err)
	}
}

func testDisableEndsSessions(t *testing.T, a store.Accounts) {
	ctx := context.Background()
	newUser(t, a, "admin", model.RoleAdmin)
	u := newUser(t, a, "ivy", model.RoleContributor)
	h := newSession(t, a, u, "s", at0)
	if err := a.SetDisabled(ctx, u.ID, true); err != nil {
		t.Fatal(err)
	}
	if alive(t, a, h, at0) {
		t.Error("a disabled user's session still works")
	}
	if got, _ := a.User(ctx, u.ID); !got.Disabled {
		t.Error("not disabled")
	}
}

func testInvites(t *testing.T, a store.Accounts) {
	ctx := context.Background()
	admin := newUser(t, a, "root", model.RoleAdmin)
	if err := a.CreateSource(ctx, model.Source{Key: "Org", Name: "Org", Kind: model.KindNonprofit}); err != nil {
		t.Fatal(err)
	}
	inv := store.Invite{TokenHash: []byte("inv"), Email: "new@example.org", Roles: []model.Role{model.RoleContributor},
		SourceKey: "Org", CreatedBy: admin.ID, CreatedAt: at0, ExpiresAt: at0.Add(72 * time.Hour)}
	if err := a.CreateInvite(ctx, inv); err != nil {
		t.Fatal(err)
	}
	got, err := a.Invite(ctx, []byte("inv"), at0.Add(time.Hour))
	if err != nil || got.Email != inv.Email || got.SourceKey != "Org" || got.CreatedBy != admin.ID || !slices.Equal(got.Roles, inv.Roles) {
		t.Fatalf("Invite = %+v, %v", got, err)
	}
	if _, err := a.Invite(ctx, []byte("inv"), at0.Add(72*time.Hour)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("expired invite: %v", err)
	}
	// The invitation decides email, roles and source, whatever u says.
	u, err := a.AcceptInvite(ctx, []byte("inv"), at0.Add(time.Hour), store.User{Person: model.Person{Name: "New One", Slug: "new-one"},
		Email: "other@example.org", PasswordHash: "$argon2id$x", Roles: []model.Role{model.RoleAdmin}})
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != "new@example.org" || u.SourceKey != "Org" || !slices.Equal(u.Roles, inv.Roles) || u.PasswordHash != "$argon2id$x" {
		t.Errorf("accepted user = %+v", u)
	}
	if _, err := a.AcceptInvite(ctx, []byte("inv"), at0.Add(time.Hour), store.User{Person: model.Person{Name: "B", Slug: "b"}}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second use: %v, want ErrNotFound", err)
	}
	if _, err := a.Invite(ctx, []byte("inv"), at0.Add(time.Hour)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("used invite still found: %v", err)
	}
	// An invitation to an email that has an account meanwhile fails and stays unused.
	dup := store.Invite{TokenHash: []byte("dup"), Email: "root@example.org", Roles: []model.Role{}, CreatedAt: at0, ExpiresAt: at0.Add(time.Hour)}
	if err := a.CreateInvite(ctx, dup); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AcceptInvite(ctx, []byte("dup"), at0, store.User{Person: model.Person{Name: "R", Slug: "r"}}); !errors.Is(err, store.ErrExists) {
		t.Errorf("invite to an existing email: %v, want ErrExists", err)
	}
	if _, err := a.Invite(ctx, []byte("dup"), at0); err != nil {
		t.Errorf("failed acceptance used the invite: %v", err)
	}
}

func testThrottle(t *testing.T, a store.Accounts) {
	ctx := context.Background()
	rule := store.ThrottleRule{Window: 15 * time.Minute, Lock: func(n int) time.Duration {
		if n < 3 {
			return 0
		}
		return time.Duration(n-2) * time.Minute
	}}
	if th, err := a.Throttle(ctx, "k"); err != nil || th.Failures != 0 {
		t.Fatalf("unknown key: %+v, %v", th, err)
	}
	var th store.Throttle
	var err error
	for i := range 4 {
		if th, err = a.RecordFailure(ctx, "k", at0.Add(time.Duration(i)*time.Second), rule); err != nil {
			t.Fatal(err)
		}
	}
	if th.Failures != 4 || !th.WindowStart.Equal(at0) || !th.LockedUntil.Equal(at0.Add(3*time.Second+2*time.Minute)) {
		t.Errorf("after 4 failures: %+v", th)
	}
	if got, _ := a.Throttle(ctx, "k"); got != th {
		t.Errorf("Throttle = %+v, want %+v", got, th)
	}
	if other, _ := a.Throttle(ctx, "other"); other.Failures != 0 {
		t.Error("keys share counts")
	}
	// After the window (and any lock), counting starts again.
	if th, _ = a.RecordFailure(ctx, "k", at0.Add(16*time.Minute), rule); th.Failures != 1 || !th.LockedUntil.IsZero() {
		t.Errorf("after the window: %+v, want a fresh count", th)
	}
	if err := a.ClearThrottle(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.Throttle(ctx, "k"); got.Failures != 0 {
		t.Errorf("after ClearThrottle: %+v", got)
	}
}

func testAPITokens(t *testing.T, a store.Accounts) {
	ctx := context.Background()
	if err := a.CreateSource(ctx, model.Source{Key: "Org", Name: "Org", Kind: model.KindNonprofit}); err != nil {
		t.Fatal(err)
	}
	u, err := a.CreateUser(ctx, store.User{Person: model.Person{Name: "Org desk", Slug: "org", SourceKey: "Org"},
		Email: "desk@org.example", Roles: []model.Role{model.RoleContributor}})
	if err != nil {
		t.Fatal(err)
	}
	id, err := a.CreateAPIToken(ctx, store.APIToken{Hash: []byte("tok"), UserID: u.ID, SourceKey: "Org", Name: "CMS", CreatedAt: at0})
	if err != nil {
		t.Fatal(err)
	}
	tok, owner, err := a.APITokenUser(ctx, []byte("tok"), at0.Add(time.Hour))
	if err != nil || tok.ID != id || owner.ID != u.ID || tok.Name != "CMS" || !tok.LastUsedAt.Equal(at0.Add(time.Hour)) {
		t.Fatalf("APITokenUser = %+v, %+v, %v", tok, owner, err)
	}
	if _, _, err := a.APITokenUser(ctx, []byte("nope"), at0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown token: %v", err)
	}
	stranger := newUser(t, a, "stranger")
	if err := a.RevokeAPIToken(ctx, stranger.ID, id, at0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("revoking another user's token: %v, want ErrNotFound", err)
	}
	if err := a.RevokeAPIToken(ctx, u.ID, id, at0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.APITokenUser(ctx, []byte("tok"), at0.Add(3*time.Hour)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("revoked token still works: %v", err)
	}
	if err := a.RevokeAPIToken(ctx, u.ID, id, at0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("revoking twice: %v", err)
	}
	list, err := a.APITokens(ctx, u.ID)
	if err != nil || len(list) != 1 || list[0].RevokedAt.IsZero() || !bytes.Equal(list[0].Hash, []byte("tok")) {
		t.Errorf("APITokens = %+v, %v", list, err)
	}
	if list, _ := a.APITokens(ctx, stranger.ID); list == nil || len(list) != 0 {
		t.Errorf("stranger's tokens = %#v, want []", list)
	}
}

func testResetPassword(t *testing.T, a store.Accounts) {
	ctx := context.Background()
	u := newUser(t, a, "rex", model.RoleReviewer)
	h := newSession(t, a, u, "s", at0)
	reset := store.Invite{TokenHash: []byte("reset"), Reset: true, Email: u.Email, Roles: []model.Role{}, CreatedAt: at0, ExpiresAt: at0.Add(time.Hour)}
	if err := a.CreateInvite(ctx, reset); err != nil {
		t.Fatal(err)
	}
	if got, err := a.Invite(ctx, []byte("reset"), at0); err != nil || !got.Reset {
		t.Fatalf("Invite = %+v, %v; want a reset link", got, err)
	}
	// A reset link creates no account; an invitation resets no password.
	if _, err := a.AcceptInvite(ctx, []byte("reset"), at0, store.User{Person: model.Person{Name: "R", Slug: "r"}}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("AcceptInvite of a reset link: %v, want ErrNotFound", err)
	}
	plain := store.Invite{TokenHash: []byte("plain"), Email: "new@example.org", Roles: []model.Role{}, CreatedAt: at0, ExpiresAt: at0.Add(time.Hour)}
	if err := a.CreateInvite(ctx, plain); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ResetPassword(ctx, []byte("plain"), at0, "$argon2id$x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("ResetPassword with an invitation: %v, want ErrNotFound", err)
	}
	got, err := a.ResetPassword(ctx, []byte("reset"), at0.Add(time.Minute), "$argon2id$reset")
	if err != nil || got.ID != u.ID || got.PasswordHash != "$argon2id$reset" || !got.PasswordChangedAt.Equal(at0.Add(time.Minute)) {
		t.Fatalf("ResetPassword = %+v, %v", got, err)
	}
	if alive(t, a, h, at0.Add(time.Minute)) {
		t.Error("a session survived the reset")
	}
	if _, err := a.ResetPassword(ctx, []byte("reset"), at0.Add(time.Minute), "$argon2id$again"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second use: %v, want ErrNotFound", err)
	}
}

// ThrottleRowsForgotten checks the bound on kept sign-in counts: failures
// under many keys leave one row each (rows counts them); once their
// window is over, the next failures delete them, a bounded number per
// failure, but never a count still in its window or under a lock.
func ThrottleRowsForgotten(t *testing.T, a store.Accounts, rows func() int) {
	ctx := context.Background()
	rule := store.ThrottleRule{Window: 15 * time.Minute, Lock: func(n int) time.Duration {
		if n < 2 {
			return 0
		}
		return time.Hour
	}}
	fail := func(key string, at time.Duration) {
		t.Helper()
		if _, err := a.RecordFailure(ctx, key, at0.Add(at), rule); err != nil {
			t.Fatalf("RecordFailure(%q): %v", key, err)
		}
	}
	const flood = 250
	for i := range flood {
		fail(fmt.Sprintf("account:tried-%d@example.org", i), 0)
	}
	fail("client:192.0.2.1", 0)
	fail("client:192.0.2.1", 0) // locked for an hour
	fail("client:192.0.2.2", 10*time.Minute)
	if n := rows(); n != flood+2 {
		t.Fatalf("%d counts after %d keys failed, want %d", n, flood+2, flood+2)
	}
	for i := range 3 {
		fail(fmt.Sprintf("client:198.51.100.%d", i), 20*time.Minute)
	}
	// Left: the locked client, the one still in its window, and the three.
	if n := rows(); n != 5 {
		t.Errorf("%d counts once the flood's windows were over, want 5", n)
	}
	if th, _ := a.Throttle(ctx, "client:192.0.2.1"); th.Failures != 2 || th.LockedUntil.IsZero() {
		t.Errorf("the locked count was forgotten: %+v", th)
	}
	if th, _ := a.Throttle(ctx, "client:192.0.2.2"); th.Failures != 1 {
		t.Errorf("the count in its window was forgotten: %+v", th)
	}
}
