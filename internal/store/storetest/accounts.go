package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// RunAccounts runs the conformance suite of store.Accounts. open must
// return a new, empty store for each subtest and close it in a cleanup.
func RunAccounts(t *testing.T, open func(t *testing.T) store.Accounts) {
	tests := []struct {
		name string
		test func(t *testing.T, a store.Accounts)
	}{
		{"AuditLog", testAuditLog},
		{"CreateUser", testCreateUser},
		{"UserLookups", testUserLookups},
		{"UsersPaging", testUsersPaging},
		{"UpdateProfile", testUpdateProfile},
		{"Roles", testRoles},
		{"LastAdmin", testLastAdmin},
		{"LastAdminRace", testLastAdminRace},
		{"Sessions", testSessions},
		{"SessionTimeouts", testSessionTimeouts},
		{"SetPasswordEndsOtherSessions", testSetPasswordEndsOtherSessions},
		{"DisableEndsSessions", testDisableEndsSessions},
		{"Invites", testInvites},
		{"ResetPassword", testResetPassword},
		{"Throttle", testThrottle},
		{"APITokens", testAPITokens},
		{"CreateSource", testCreateSource},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.test(t, open(t)) })
	}
}

var at0 = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// newUser stores a user with roles; name and email follow from name.
func newUser(t *testing.T, a store.Accounts, name string, roles ...model.Role) store.User {
	t.Helper()
	if roles == nil {
		roles = []model.Role{}
	}
	u, err := a.CreateUser(context.Background(), store.User{
		Person: model.Person{Name: name, Slug: name}, Email: name + "@example.org",
		PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", Roles: roles, CreatedAt: at0})
	if err != nil {
		t.Fatalf("CreateUser(%s): %v", name, err)
	}
	return u
}

func testAuditLog(t *testing.T, a store.Accounts) {
	ctx := context.Background()
	admin := newUser(t, a, "ada", model.RoleAdmin)
	for i := range 5 {
		e := store.AuditEntry{At: at0.Add(time.Duration(i) * time.Minute), ActorID: admin.ID, Action: "user.roles",
			Entity: "user", EntityID: fmt.Sprint(i), FromState: "contributor", ToState: "reviewer", Detail: "d"}
		if i == 4 {
			e.ActorID = 0 // the command line
		}
		if err := a.AppendAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.AppendAudit(ctx, store.AuditEntry{EntityID: "x"}); err == nil {
		t.Error("AppendAudit accepted an entry without action or entity")
	}
	page, err := a.AuditLog(ctx, 0, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(page) != 3 || page[0].EntityID != "4" || page[2].EntityID != "2" {
		t.Fatalf("first page = %+v, want entries 4, 3, 2", page)
	}
	if page[0].ActorID != 0 || page[0].ActorName != "" || page[1].ActorName != "ada" || !page[1].At.Equal(at0.Add(3*time.Minute)) {
		t.Errorf("entries = %+v, want the CLI's without actor, then ada's at at0+3m", page[:2])
	}
	if e := page[1]; e.Action != "user.roles" || e.Entity != "user" || e.FromState != "contributor" || e.ToState != "reviewer" || e.Detail != "d" {
		t.Errorf("entry = %+v, fields not kept", e)
	}
	rest, err := a.AuditLog(ctx, page[2].ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rest) != 2 || rest[0].EntityID != "1" || rest[1].EntityID != "0" {
		t.Errorf("second page = %+v, want entries 1, 0", rest)
	}
	if _, err := a.AuditLog(ctx, 0, -1); err == nil {
		t.Error("negative limit accepted")
	}
}

func testCreateUser(t *testing.T, a store.Accounts) {
	ctx := context.Background()
	if err := a.CreateSource(ctx, model.Source{Key: "AASM", Name: "American Academy of Sleep Medicine", Kind: model.KindSociety}); err != nil {
		t.Fatal(err)
	}
	u, err := a.CreateUser(ctx, store.User{Person: model.Person{Name: "Jane Roe", Slug: "jane-roe", Credentials: "MD",
		Specialty: "Sleep medicine", Affiliation: "Clinic", Bio: "Bio", SourceKey: "AASM"}, Email: "jane@example.org",
		Roles: []model.Role{model.RoleReviewer, model.RoleContributor}, CreatedAt: at0})
	if err != nil {
		t.Fatal(err)
	}
	if u.ID == 0 || u.Slug != "jane-roe" || u.SourceKey != "AASM" || u.Credentials != "MD" || u.Bio != "Bio" || !u.CreatedAt.Equal(at0) {
		t.Errorf("created = %+v", u)
	}
	if !slices.Equal(u.Roles, []model.Role{model.RoleContributor, model.RoleReviewer}) {
		t.Errorf("roles = %v, want contributor, reviewer in model order", u.Roles)
	}
	if u.PasswordHash != "" || !u.PasswordChangedAt.IsZero() {
		t.Errorf("user without password has hash %q, changed %v", u.PasswordHash, u.PasswordChangedAt)
	}
	// Same email: refused. Same slug: another one is picked.
	_, err = a.CreateUser(ctx, store.User{Person: model.Person{Name: "X", Slug: "x"}, Email: "jane@example.org", Roles: []model.Role{}})
	if !errors.Is(err, store.ErrExists) {
		t.Errorf("duplicate email: err = %v, want ErrExists", err)
	}
	for _, want := range []string{"jane-roe-2", "jane-roe-3"} {
		v, err := a.CreateUser(ctx, store.User{Person: model.Person{Name: "Jane Roe", Slug: "jane-roe"}, Email: want + "@example.org"})
		if err != nil {
			t.Fatal(err)
		}
		if v.Slug != want || v.Roles == nil {
			t.Errorf("slug = %q, roles %v; want %q and an empty list", v.Slug, v.Roles, want)
		}
	}
	bad := []store.User{
		{Person: model.Person{Name: "", Slug: "a"}, Email: "a@example.org"},
		{Person: model.Person{Name: "A", Slug: "a"}, Email: ""},
		{Person: model.Person{Name: "A", Slug: "a"}, Email: "b@example.org", Roles: []model.Role{"owner"}},
		{Person: model.Person{Name: "A", Slug: "a", SourceKey: "Nowhere"}, Email: "c@example.org"},
	}
	for _, b := range bad {
		if _, err := a.CreateUser(ctx, b); err == nil {
			t.Errorf("CreateUser(%+v) accepted", b)
		}
	}
}

func testUserLookups(t *testing.T, a store.Accounts) {
	ctx := context.Background()
	u := newUser(t, a, "bob", model.RoleContributor)
	for name, get := range map[string]func() (store.User, error){
		"id":    func() (store.User, error) { return a.User(ctx, u.ID) },
		"email": func() (store.User, error) { return a.UserByEmail(ctx, "bob@example.org") },
		"slug":  func() (store.User, error) { return a.UserBySlug(ctx, "bob") },
	} {
		got, err := get()
		if err != nil || got.ID != u.ID || got.PasswordHash == "" || !got.PasswordChangedAt.Equal(at0) {
			t.Errorf("by %s: %+v, %v", name, got, err)
		}
	}
	if _, err := a.User(ctx, u.ID+100); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown id: %v", err)
	}
	if _, err := a.UserByEmail(ctx, "BOB@example.org"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("email compared ignoring case: %v (callers lower-case)", err)
	}
	if _, err := a.UserBySlug(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown slug: %v", err)
	}
}

func testUsersPaging(t *testing.T, a store.Accounts) {
	ctx := context.Background()
	empty, err := a.Users(ctx, 0, 10)
	if err != nil || empty == nil || len(empty) != 0 {
		t.Fatalf("Users of empty store = %v, %v; want [] ", empty, err)
	}
	for i := range 5 {
		newUser(t, a, fmt.Sprintf("u%d", i))
	}
	first, err := a.Users(ctx, 0, 3)
	if err != nil || len(first) != 3 || first[0].Name != "u0" {
		t.Fatalf("first page: %v, %v", first, err)
	}
	rest, err := a.Users(ctx, first[2].ID, 3)
	if err != nil || len(rest) != 2 || rest[0].Name != "u3" || rest[1].Name != "u4" {
		t.Fatalf("second page: %v, %v", rest, err)
	}
}

func testUpdateProfile(t *testing.T, a store.Accounts) {
	ctx := context.Background()
	u := newUser(t, a, "cy")
	p := model.Person{Name: "Cy Doe", Credentials: "RN", Specialty: "Nursing", Affiliation: "Hospital", Bio: "Hello", Slug: "ignored", SourceKey: "ignored"}
	if err := a.UpdateProfile(ctx, u.ID, p); err != nil {
		t.Fatal(err)
	}
	got, _ := a.User(ctx, u.ID)
	if got.Name != "Cy Doe" || got.Credentials != "RN" || got.Specialty != "Nursing" || got.Affiliation != "Hospital" || got.Bio != "Hello" {
		t.Errorf("profile = %+v", got.Person)
	}
	if got.Slug != "cy" || got.SourceKey != "" {
		t.Errorf("slug %q, source %q changed by a profile update", got.Slug, got.SourceKey)
	}
	if err := a.UpdateProfile(ctx, u.ID+9, p); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown user: %v", err)
	}
	if err := a.UpdateProfile(ctx, u.ID, model.Person{}); err == nil {
		t.Error("empty name accepted")
	}
}

func testRoles(t *testing.T, a store.Accounts) {
	ctx := context.Background()
	newUser(t, a, "root", model.RoleAdmin)
	u := newUser(t, a, "dee", model.RoleContributor)
	if err := a.SetRoles(ctx, u.ID, []model.Role{model.RoleAdmin, model.RoleReviewer}); err != nil {
		t.Fatal(err)
	}
	got, _ := a.User(ctx, u.ID)
	if !slices.Equal(got.Roles, []model.Role{model.RoleReviewer, model.RoleAdmin}) || !got.Has(model.RoleAdmin) || got.Has(model.RoleContributor) {
		t.Errorf("roles = %v", got.Roles)
	}
	if err := a.SetRoles(ctx, u.ID, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ = a.User(ctx, u.ID); len(got.Roles) != 0 || got.Roles == nil {
		t.Errorf("roles after clearing = %#v, want []", got.Roles)
	}
	if err := a.SetRoles(ctx, u.ID, []model.Role{"owner"}); err == nil {
		t.Error("unknown role accepted")
	}
	if err := a.SetRoles(ctx, u.ID+99, nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown user: %v", err)
	}
}

func testLastAdmin(t *testing.T, a store.Accounts) {
	ctx := context.Background()
	first := newUser(t, a, "first", model.RoleAdmin)
	if err := a.SetRoles(ctx, first.ID, []model.Role{model.RoleReviewer}); !errors.Is(err, store.ErrLastAdmin) {
		t.Errorf("demoting the only admin: %v, want ErrLastAdmin", err)
	}
	if err := a.SetDisabled(ctx, first.ID, true); !errors.Is(err, store.ErrLastAdmin) {
		t.Errorf("disabling the only admin: %v, want ErrLastAdmin", err)
	}
	if got, _ := a.User(ctx, first.ID); !got.Has(model.RoleAdmin) || got.Disabled {
		t.Errorf("refused change was applied: %+v", got)
	}
	second := newUser(t, a, "second", model.RoleAdmin)
	if err := a.SetDisabled(ctx, first.ID, true); err != nil {
		t.Fatalf("disabling one of two admins: %v", err)
	}
	// The disabled admin does not count: second is the last one now.
	if err := a.SetRoles(ctx, second.ID, nil); !errors.Is(err, store.ErrLastAdmin) {
		t.Errorf("demoting the last enabled admin: %v, want ErrLastAdmin", err)
	}
	if err := a.SetDisabled(ctx, first.ID, false); err != nil {
		t.Fatal(err)
	}
	if err := a.SetRoles(ctx, second.ID, nil); err != nil {
		t.Errorf("demoting one of two enabled admins: %v", err)
	}
}

func testCreateSource(t *testing.T, a store.Accounts) {
	ctx := context.Background()
	src := model.Source{Key: "AHA", Name: "American Heart Association", ShortName: "AHA", HomeURL: "https://www.heart.org/",
		Description: "d", Kind: model.KindNonprofit}
	if err := a.CreateSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	changed := src
	changed.Name = "Changed"
	if err := a.CreateSource(ctx, changed); !errors.Is(err, store.ErrExists) {
		t.Errorf("second CreateSource of a key: %v, want ErrExists", err)
	}
	if s, ok := a.(interface {
		Sources(context.Context) ([]model.Source, error)
	}); ok {
		list, err := s.Sources(ctx)
		if err != nil || len(list) != 1 || list[0] != src {
			t.Errorf("Sources = %+v, %v; want the created source unchanged", list, err)
		}
	}
	if err := a.CreateSource(ctx, model.Source{Key: "X"}); err == nil {
		t.Error("source without name and kind accepted")
	}
}

// testLastAdminRace: two admins demoting each other at once; exactly
// one succeeds, and one admin is left.
func testLastAdminRace(t *testing.T, a store.Accounts) {
	ctx := context.Background()
	for round := range 5 {
		x := newUser(t, a, fmt.Sprintf("x%d", round), model.RoleAdmin)
		y := newUser(t, a, fmt.Sprintf("y%d", round), model.RoleAdmin)
		if round > 0 {
			// Only x and y are admins in this round.
			for _, n := range []string{fmt.Sprintf("x%d", round-1), fmt.Sprintf("y%d", round-1)} {
				u, _ := a.UserBySlug(ctx, n)
				if u.Has(model.RoleAdmin) {
					if err := a.SetRoles(ctx, u.ID, nil); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		errs := make(chan error, 2)
		start := make(chan struct{})
		for _, id := range []int64{x.ID, y.ID} {
			go func() {
				<-start
				errs <- a.SetRoles(ctx, id, []model.Role{model.RoleReviewer})
			}()
		}
		close(start)
		e1, e2 := <-errs, <-errs
		ok := 0
		for _, err := range []error{e1, e2} {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, store.ErrLastAdmin):
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if ok != 1 {
			t.Errorf("round %d: %d of two concurrent demotions succeeded, want exactly 1", round, ok)
		}
	}
}
