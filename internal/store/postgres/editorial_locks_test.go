package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"healthqa/internal/editorial"
	"healthqa/internal/model"
	"healthqa/internal/store"
	"healthqa/internal/store/storetest"
)

// lockEnv is a store with content, a writer, a reviewer and one
// submitted answer, for the tests of what the editorial steps lock.
type lockEnv struct {
	d        *DB
	ctx      context.Context
	writer   editorial.Actor
	reviewer editorial.Actor
	sub      store.Submission
	question string
}

var lockT0 = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func newLockEnv(t *testing.T) *lockEnv {
	t.Helper()
	e := &lockEnv{d: openTemp(t), ctx: context.Background()}
	t.Cleanup(func() { e.d.Close() })
	c := storetest.GenerateContent(3, 6, 12, 300)
	if _, err := e.d.Sync(e.ctx, "medquad", c, store.SyncOptions{Now: lockT0}); err != nil {
		t.Fatal(err)
	}
	e.question = c.Questions[0].Slug
	e.writer = lockActor(t, e.d, "writer", model.RoleContributor)
	e.reviewer = lockActor(t, e.d, "reviewer", model.RoleReviewer)
	text, err := editorial.Render(plainText) // long enough to be graded
	if err != nil {
		t.Fatal(err)
	}
	s, err := e.d.CreateSubmission(e.ctx, store.NewSubmission{Actor: e.writer, QuestionSlug: e.question, Text: text, Now: lockT0})
	if err != nil {
		t.Fatal(err)
	}
	if e.sub, err = e.d.Step(e.ctx, store.Step{Actor: e.writer, ID: s.ID, Action: editorial.Submit, Now: lockT0}); err != nil {
		t.Fatal(err)
	}
	return e
}

func lockActor(t *testing.T, d *DB, name string, role model.Role) editorial.Actor {
	t.Helper()
	u, err := d.CreateUser(context.Background(), store.User{Person: model.Person{Name: name, Slug: name},
		Email: name + "@example.org", Roles: []model.Role{role}, CreatedAt: lockT0})
	if err != nil {
		t.Fatal(err)
	}
	return editorial.Actor{UserID: u.ID, Roles: u.Roles}
}

// approve approves the submission as the reviewer saw it, in the
// background.
func (e *lockEnv) approve() <-chan error {
	done := make(chan error, 1)
	go func() {
		_, err := e.d.Step(e.ctx, store.Step{Actor: e.reviewer, ID: e.sub.ID, Action: editorial.Approve,
			SeenRevision: e.sub.Revision, SeenState: e.sub.State, Now: lockT0.Add(time.Hour)})
		done <- err
	}()
	return done
}

// holdWhile runs hold in a transaction on a connection of its own, then
// waits until the server shows a backend blocked by that transaction (a
// step waiting for its lock), and then ends it with commit or rollback.
// It fails the test if the step finishes without ever having waited:
// then the lock it should take was not taken. The server's own view of
// who blocks whom (pg_blocking_pids) is the proof, not a duration.
func (e *lockEnv) holdWhile(t *testing.T, hold func(pgx.Tx) error, step func() <-chan error, commit bool) error {
	t.Helper()
	tx, err := e.d.pool.Begin(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(e.ctx)
	var holder int32
	if err := tx.QueryRow(e.ctx, `SELECT pg_backend_pid()`).Scan(&holder); err != nil {
		t.Fatal(err)
	}
	if err := hold(tx); err != nil {
		t.Fatal(err)
	}
	done := step()
	for blocked := false; !blocked; {
		select {
		case err := <-done:
			t.Fatalf("the step ended (%v) without waiting for the lock held by another transaction", err)
		default:
		}
		if err := e.d.pool.QueryRow(e.ctx, `SELECT EXISTS (SELECT 1 FROM pg_stat_activity
			WHERE $1 = ANY (pg_blocking_pids(pid)))`, holder).Scan(&blocked); err != nil {
			t.Fatal(err)
		}
		if !blocked {
			time.Sleep(5 * time.Millisecond)
		}
	}
	if commit {
		err = tx.Commit(e.ctx)
	} else {
		err = tx.Rollback(e.ctx)
	}
	if err != nil {
		t.Fatal(err)
	}
	return <-done
}

// TestDecisionWaitsForTheRowLock: a reviewer's approval that arrives
// while another transaction has the submission's row (another
// reviewer's decision in flight, here a request for changes) waits for
// it, then finds the submission moved on and is refused as a conflict,
// writing nothing. Without the row lock both decisions would be stored.
func TestDecisionWaitsForTheRowLock(t *testing.T) {
	e := newLockEnv(t)
	err := e.holdWhile(t, func(tx pgx.Tx) error {
		if _, err := tx.Exec(e.ctx, `SELECT 1 FROM submissions WHERE id = $1 FOR NO KEY UPDATE`, e.sub.ID); err != nil {
			return err
		}
		_, err := tx.Exec(e.ctx, `UPDATE submissions SET state = 'changes_requested' WHERE id = $1`, e.sub.ID)
		return err
	}, e.approve, true)
	var ce *store.ConflictError
	if !errors.As(err, &ce) || ce.Current.State != editorial.ChangesRequested {
		t.Fatalf("approval after a concurrent decision: %v; want a conflict showing changes requested", err)
	}
	reviews, err := e.d.Reviews(e.ctx, e.sub.ID)
	if err != nil || len(reviews) != 0 {
		t.Errorf("reviews after a refused approval: %+v, %v; want none", reviews, err)
	}
	if live, _ := rowExists(e.ctx, e.d.pool, `SELECT EXISTS (SELECT 1 FROM answers WHERE submission_id = $1)`, e.sub.ID); live {
		t.Error("a refused approval published the answer")
	}
}

// TestPublishWaitsForSync: an approval arriving while an import holds
// Sync's lock waits for the import to end, then publishes.
func TestPublishWaitsForSync(t *testing.T) {
	e := newLockEnv(t)
	err := e.holdWhile(t, func(tx pgx.Tx) error {
		_, err := tx.Exec(e.ctx, `SELECT pg_advisory_xact_lock($1)`, syncLockKey)
		return err
	}, e.approve, false)
	if err != nil {
		t.Fatalf("approval after the import: %v", err)
	}
	_, answers, err := e.d.Question(e.ctx, e.question)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, a := range answers {
		found = found || a.Key == e.sub.AnswerKey()
	}
	if !found {
		t.Errorf("the approved answer is not on %s: %+v", e.question, answers)
	}
}

// TestPublishForgetsTheVersion: a publish or unpublish forgets the
// version this process memoized, as a changing Sync does, so the node
// that published serves the new content at once; steps that change
// nothing public keep it. Checked on the memo's generation, which only
// forgetting moves: no clock involved.
func TestPublishForgetsTheVersion(t *testing.T) {
	e := newLockEnv(t)
	steps := []struct {
		actor   editorial.Actor
		action  editorial.Action
		comment string
		forgets bool
	}{
		{e.reviewer, editorial.RequestChanges, "More, please.", false},
		{e.writer, editorial.Submit, "", false},
		{e.reviewer, editorial.Approve, "", true},
		{e.reviewer, editorial.Unpublish, "Withdrawn.", true},
	}
	for i, s := range steps {
		before, err := e.d.Version(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		_, gen, _ := e.d.ver.cached(time.Now())
		cur, err := e.d.Submission(e.ctx, e.sub.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.d.Step(e.ctx, store.Step{Actor: s.actor, ID: cur.ID, Action: s.action, Comment: s.comment,
			Now: lockT0.Add(time.Duration(i+1) * time.Minute)}); err != nil {
			t.Fatalf("%s: %v", s.action, err)
		}
		_, genAfter, _ := e.d.ver.cached(time.Now())
		if forgot := genAfter != gen; forgot != s.forgets {
			t.Errorf("%s: forgot the version: %t; want %t", s.action, forgot, s.forgets)
		}
		after, err := e.d.Version(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if s.forgets && after == before {
			t.Errorf("%s: Version still %d right after", s.action, after)
		}
	}
}

// TestConcurrentCreations: the checks of a new submission hold when two
// arrive at once, on two connections. Two colleagues of one
// organization answering one question at the same moment end with one
// submission and one ErrExists (they share no row, so only the lock on
// the question decides); one account's tabs creating past the drafts
// limit at once end at the limit. Each round is a real race; several
// rounds make a missing lock show.
func TestConcurrentCreations(t *testing.T) {
	e := newLockEnv(t)
	const org = "NINDS"
	mates := []editorial.Actor{lockOrgActor(t, e.d, "mate1", org), lockOrgActor(t, e.d, "mate2", org)}
	text, err := editorial.Render("Our answer.")
	if err != nil {
		t.Fatal(err)
	}
	c := storetest.GenerateContent(3, 6, 12, 300)
	for round, q := range c.Questions[1:] {
		errs := raceN(len(mates), func(i int) error {
			_, err := e.d.CreateSubmission(e.ctx, store.NewSubmission{Actor: mates[i], QuestionSlug: q.Slug, Text: text,
				Now: lockT0.Add(time.Duration(round) * time.Minute)})
			return err
		})
		if n := countNil(errs); n != 1 {
			t.Fatalf("round %d: %d of two colleagues' submissions on %s stored, want 1: %v", round, n, q.Slug, errs)
		}
		for _, err := range errs {
			if err != nil && !errors.Is(err, store.ErrExists) {
				t.Errorf("round %d: the loser's error %v, want ErrExists", round, err)
			}
		}
	}

	// One below the limit, then four tabs at once: one more fits.
	tabs := lockActor(t, e.d, "tabs", model.RoleContributor)
	for i := range store.MaxDrafts - 1 {
		proposal(t, e, tabs, i)
	}
	errs := raceN(4, func(i int) error { return proposalErr(e, tabs, store.MaxDrafts+i) })
	if n := countNil(errs); n != 1 {
		t.Fatalf("%d of four drafts created at the limit's edge, want 1: %v", n, errs)
	}
	var drafts int
	if err := e.d.pool.QueryRow(e.ctx, `SELECT count(*) FROM submissions WHERE author_id = $1 AND state = 'draft'`,
		tabs.UserID).Scan(&drafts); err != nil || drafts != store.MaxDrafts {
		t.Errorf("%d drafts stored (%v), want the limit %d", drafts, err, store.MaxDrafts)
	}
}

func lockOrgActor(t *testing.T, d *DB, name, source string) editorial.Actor {
	t.Helper()
	u, err := d.CreateUser(context.Background(), store.User{Person: model.Person{Name: name, Slug: name, SourceKey: source},
		Email: name + "@example.org", Roles: []model.Role{model.RoleContributor}, CreatedAt: lockT0})
	if err != nil {
		t.Fatal(err)
	}
	return editorial.Actor{UserID: u.ID, Roles: u.Roles, SourceKey: source}
}

func proposal(t *testing.T, e *lockEnv, a editorial.Actor, i int) {
	t.Helper()
	if err := proposalErr(e, a, i); err != nil {
		t.Fatal(err)
	}
}

// proposalErr creates a draft proposing a question (proposals have no
// duplicate check, so only the drafts limit refuses them).
func proposalErr(e *lockEnv, a editorial.Actor, i int) error {
	text, err := editorial.Render("A proposal.")
	if err != nil {
		return err
	}
	_, err = e.d.CreateSubmission(e.ctx, store.NewSubmission{Actor: a, ProposedTitle: fmt.Sprintf("Proposed question %d?", i),
		ProposedTopic: "condition-0", ProposedType: "causes", Text: text, Now: lockT0})
	return err
}

// raceN runs fn n times at once, each on its own goroutine (and so its
// own pool connection), and returns the errors.
func raceN(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = fn(i)
		})
	}
	close(start)
	wg.Wait()
	return errs
}

func countNil(errs []error) int {
	n := 0
	for _, err := range errs {
		if err == nil {
			n++
		}
	}
	return n
}
