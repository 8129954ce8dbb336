package postgres

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"healthqa/internal/devdata"
	"healthqa/internal/model"
	"healthqa/internal/store"
)

// The tests here run account changes from two handles on one schema,
// each with its own pool, as two app nodes would: whatever SQLite gets
// from its single writer must hold here across connections.

// nodes opens n handles on one new schema. Each connection of node i
// says so in application_name, so that a test can find it in
// pg_stat_activity.
func nodes(t *testing.T, n int) ([]*DB, []string) {
	t.Helper()
	base := devdata.PostgresSchema(t)
	dbs := make([]*DB, n)
	names := make([]string, n)
	for i := range dbs {
		u, err := url.Parse(base)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		names[i] = fmt.Sprintf("%s-node%d", q.Get("search_path"), i)
		q.Set("application_name", names[i])
		u.RawQuery = q.Encode()
		d, err := Open(context.Background(), u.String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		dbs[i] = d
	}
	return dbs, names
}

func mustUser(t *testing.T, d *DB, name string, roles ...model.Role) store.User {
	t.Helper()
	if roles == nil {
		roles = []model.Role{}
	}
	u, err := d.CreateUser(context.Background(), store.User{Person: model.Person{Name: name, Slug: name},
		Email: name + "@example.org", Roles: roles, CreatedAt: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatalf("CreateUser(%s): %v", name, err)
	}
	return u
}

// race runs fn(0) and fn(1) at once and returns their errors.
func race(fn func(i int) error) [2]error {
	var errs [2]error
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range errs {
		wg.Go(func() {
			<-start
			errs[i] = fn(i)
		})
	}
	close(start)
	wg.Wait()
	return errs
}

// TestLastAdminAcrossNodes: the two admins, each demoted by another
// node at the same moment, round after round: exactly one demotion
// succeeds each time and one enabled admin is left. (Without the
// accounts lock both pass the check in some rounds: each counts the
// other's admin row, which the other has not committed away yet.)
func TestLastAdminAcrossNodes(t *testing.T) {
	dbs, _ := nodes(t, 2)
	ctx := context.Background()
	for round := range 20 {
		x := mustUser(t, dbs[0], fmt.Sprintf("x%d", round), model.RoleAdmin)
		y := mustUser(t, dbs[1], fmt.Sprintf("y%d", round), model.RoleAdmin)
		if round > 0 {
			// The survivor of the last round steps down: only x and y are admins.
			for _, n := range []string{fmt.Sprintf("x%d", round-1), fmt.Sprintf("y%d", round-1)} {
				if err := dbs[0].SetRoles(ctx, mustBySlug(t, dbs[0], n).ID, nil); err != nil {
					t.Fatal(err)
				}
			}
		}
		// One demotes, the other disables: both kinds of change count.
		errs := race(func(i int) error {
			if i == 0 {
				return dbs[0].SetRoles(ctx, x.ID, []model.Role{model.RoleReviewer})
			}
			return dbs[1].SetDisabled(ctx, y.ID, true)
		})
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, store.ErrLastAdmin):
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if ok != 1 {
			t.Fatalf("round %d: %d of two concurrent changes succeeded, want exactly 1 (%v)", round, ok, errs)
		}
		if n := countEnabledAdmins(t, dbs[0]); n != 1 {
			t.Fatalf("round %d: %d enabled admins left, want 1", round, n)
		}
		if errs[1] == nil {
			// y was disabled; enable it again, not as an admin, for the next round.
			if err := dbs[0].SetRoles(ctx, y.ID, nil); err != nil {
				t.Fatal(err)
			}
			if err := dbs[0].SetDisabled(ctx, y.ID, false); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func mustBySlug(t *testing.T, d *DB, slug string) store.User {
	t.Helper()
	u, err := d.UserBySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func countEnabledAdmins(t *testing.T, d *DB) int {
	t.Helper()
	var n int
	if err := d.pool.QueryRow(context.Background(), `SELECT count(*) FROM user_roles r JOIN users u ON u.id = r.user_id
		WHERE r.role = 'admin' AND NOT u.disabled`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestLastAdminWaitsAndRecounts makes the dangerous interleaving happen
// for certain rather than by chance: node 0 holds the accounts lock in
// an open transaction and demotes x in it; node 1's demotion of y must
// wait (it shows in pg_stat_activity as waiting on the advisory lock),
// and once node 0 commits, count again and refuse.
func TestLastAdminWaitsAndRecounts(t *testing.T) {
	dbs, names := nodes(t, 2)
	ctx := context.Background()
	x := mustUser(t, dbs[0], "x", model.RoleAdmin)
	y := mustUser(t, dbs[0], "y", model.RoleAdmin)
	tx, err := dbs[0].pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, accountsLockKey); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM user_roles WHERE user_id = $1`, x.ID); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- dbs[1].SetRoles(ctx, y.ID, nil) }()
	waitForLockWait(t, dbs[0], names[1], done)
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-done; !errors.Is(err, store.ErrLastAdmin) {
		t.Errorf("demotion after the other node's: %v, want ErrLastAdmin", err)
	}
	if got := mustBySlug(t, dbs[1], "y"); !got.Has(model.RoleAdmin) {
		t.Error("the refused demotion was applied")
	}
}

// waitForLockWait returns once a connection named app waits on an
// advisory lock. It fails if done reports first (the call did not wait)
// or after a generous bound (it never got that far).
func waitForLockWait(t *testing.T, d *DB, app string, done <-chan error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		var n int
		if err := d.pool.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
			WHERE application_name = $1 AND wait_event_type = 'Lock' AND wait_event = 'advisory'`, app).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		select {
		case err := <-done:
			t.Fatalf("the call did not wait for the advisory lock: returned %v", err)
		case <-ctx.Done():
			t.Fatal("no connection of the second node waited on the advisory lock")
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// TestThrottleAcrossNodes: failures recorded under one key by two nodes,
// several at a time each, are all counted: every call sees its own
// count, 1 to n, each exactly once (a read-then-write would lose some
// and hand out some counts twice). The lock earned by the highest count
// stays, whichever call wrote last.
func TestThrottleAcrossNodes(t *testing.T) {
	dbs, _ := nodes(t, 2)
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	const perWorker, workers = 20, 4
	total := 2 * workers * perWorker
	rule := store.ThrottleRule{Window: time.Hour, Lock: func(n int) time.Duration { return time.Duration(n) * time.Second }}
	counts := make(chan int, total)
	var wg sync.WaitGroup
	for _, d := range dbs {
		for range workers {
			wg.Go(func() {
				for range perWorker {
					th, err := d.RecordFailure(ctx, "account:ann@example.org", now, rule)
					if err != nil {
						t.Error(err)
						return
					}
					counts <- th.Failures
				}
			})
		}
	}
	wg.Wait()
	close(counts)
	var got []int
	for n := range counts {
		got = append(got, n)
	}
	slices.Sort(got)
	for i, n := range got {
		if n != i+1 {
			t.Fatalf("counts handed out = %v, want 1…%d once each", got, total)
		}
	}
	th, err := dbs[0].Throttle(ctx, "account:ann@example.org")
	if err != nil {
		t.Fatal(err)
	}
	want := store.Throttle{Failures: total, WindowStart: now, LockedUntil: now.Add(time.Duration(total) * time.Second)}
	if th != want {
		t.Errorf("throttle = %+v, want %+v", th, want)
	}
}

// TestInviteUsedOnceAcrossNodes: two nodes redeem one invitation (and
// one reset link) at the same moment, round after round: exactly one
// wins, the other finds it used, and one account exists.
func TestInviteUsedOnceAcrossNodes(t *testing.T) {
	dbs, _ := nodes(t, 2)
	ctx := context.Background()
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for round := range 10 {
		hash := []byte(fmt.Sprintf("invite-%02d", round))
		email := fmt.Sprintf("new%d@example.org", round)
		if err := dbs[0].CreateInvite(ctx, store.Invite{TokenHash: hash, Email: email, Roles: []model.Role{model.RoleContributor},
			CreatedAt: at, ExpiresAt: at.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		errs := race(func(i int) error {
			slug := fmt.Sprintf("n%d-%d", round, i)
			_, err := dbs[i].AcceptInvite(ctx, hash, at, store.User{Person: model.Person{Name: slug, Slug: slug}})
			return err
		})
		checkOneWinner(t, "invitation", round, errs)
		var n int
		if err := dbs[0].pool.QueryRow(ctx, `SELECT count(*) FROM users WHERE email = $1`, email).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("round %d: %d accounts of %s, want 1", round, n, email)
		}
		reset := []byte(fmt.Sprintf("reset-%02d", round))
		if err := dbs[0].CreateInvite(ctx, store.Invite{TokenHash: reset, Reset: true, Email: email, Roles: []model.Role{},
			CreatedAt: at, ExpiresAt: at.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		errs = race(func(i int) error {
			_, err := dbs[i].ResetPassword(ctx, reset, at, fmt.Sprintf("$argon2id$node%d", i))
			return err
		})
		checkOneWinner(t, "reset link", round, errs)
	}
}

func checkOneWinner(t *testing.T, what string, round int, errs [2]error) {
	t.Helper()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, store.ErrNotFound):
			t.Fatalf("round %d, %s: %v", round, what, err)
		}
	}
	if ok != 1 {
		t.Errorf("round %d: %s used %d times, want exactly once", round, what, ok)
	}
}

// TestCreateUserAcrossNodes: two nodes creating accounts with the same
// slug at once both succeed with distinct slugs; with the same email,
// one gets ErrExists (not a key violation).
func TestCreateUserAcrossNodes(t *testing.T) {
	dbs, _ := nodes(t, 2)
	ctx := context.Background()
	for round := range 10 {
		slugs := [2]string{}
		errs := race(func(i int) error {
			u, err := dbs[i].CreateUser(ctx, store.User{Person: model.Person{Name: "Jane", Slug: fmt.Sprintf("jane%d", round)},
				Email: fmt.Sprintf("jane%d-%d@example.org", round, i)})
			slugs[i] = u.Slug
			return err
		})
		if errs[0] != nil || errs[1] != nil || slugs[0] == slugs[1] {
			t.Fatalf("round %d, same slug: %v, slugs %v; want both created, distinct slugs", round, errs, slugs)
		}
		errs = race(func(i int) error {
			_, err := dbs[i].CreateUser(ctx, store.User{Person: model.Person{Name: "Same", Slug: fmt.Sprintf("same%d-%d", round, i)},
				Email: fmt.Sprintf("same%d@example.org", round)})
			return err
		})
		if !(errs[0] == nil && errors.Is(errs[1], store.ErrExists) || errs[1] == nil && errors.Is(errs[0], store.ErrExists)) {
			t.Fatalf("round %d, same email: %v; want one created, one ErrExists", round, errs)
		}
	}
}

// TestCreateSourceWaitsForImport: an import on one node has read the
// stored sources and is about to insert a new one; an admin on another
// node creates a source of the same key. CreateSource waits for the
// import (the import's advisory lock) and then reports ErrExists;
// without the wait it would commit first and the import would fail on
// the key.
func TestCreateSourceWaitsForImport(t *testing.T) {
	dbs, names := nodes(t, 2)
	ctx := context.Background()
	tx, err := dbs[0].pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, syncLockKey); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		done <- dbs[1].CreateSource(ctx, model.Source{Key: "AHA", Name: "American Heart Association", Kind: model.KindNonprofit})
	}()
	waitForLockWait(t, dbs[0], names[1], done)
	if _, err := tx.Exec(ctx, `INSERT INTO sources (key, name, short_name, home_url, description, kind)
		VALUES ('AHA', 'Imported', '', '', '', 'nonprofit')`); err != nil {
		t.Fatalf("the import's insert: %v", err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-done; !errors.Is(err, store.ErrExists) {
		t.Errorf("CreateSource after the import: %v, want ErrExists", err)
	}
}
