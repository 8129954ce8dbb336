package postgres

import (
	"reflect"
	"testing"
	"time"

	"healthqa/internal/editorial"
	"healthqa/internal/store"
	"healthqa/internal/store/storetest"
)

// TestEditorialConformance runs the editorial workflow suite on
// PostgreSQL, a schema of its own per subtest. Its racing tests (saves,
// reviewers' decisions) run their goroutines on the pool: with two
// connections or more each holds its own, so the races are decided by
// the server's locks, not by a client-side queue.
func TestEditorialConformance(t *testing.T) {
	storetest.RunEditorial(t, func(t *testing.T) storetest.EditorialBackend { return openEditorial(t) })
}

// TestPublishGrades runs the issue 12 suite of grading at publish.
func TestPublishGrades(t *testing.T) {
	storetest.RunPublishGrades(t, func(t *testing.T) storetest.ConceptsEditorialBackend { return openEditorial(t) })
}

// openEditorial opens a new, empty store for the editorial suites,
// closed at cleanup.
func openEditorial(t *testing.T) storetest.ConceptsEditorialBackend {
	t.Helper()
	d := openTemp(t)
	t.Cleanup(func() { d.Close() })
	if n := d.pool.Config().MaxConns; n < 2 {
		t.Fatalf("the pool holds %d connection: the racing tests would race nothing", n)
	}
	return d
}

// TestFailedPublishWritesNothing: an approval or unpublish that fails at
// its last statement, the audit entry (a trigger of this test's schema
// refuses it), leaves the submission, the reviews, the audit log, the
// content, the grades and the version exactly as they were: the answers
// row, digest, grade and version bump written before it are one
// transaction with it.
func TestFailedPublishWritesNothing(t *testing.T) {
	e := newLockEnv(t)
	for _, step := range []struct {
		actor   editorial.Actor
		action  editorial.Action
		comment string
	}{
		{e.reviewer, editorial.Approve, ""},
		{e.reviewer, editorial.Unpublish, "Withdrawn."},
	} {
		refuse := "submission." + string(step.action)
		if _, err := e.d.pool.Exec(e.ctx, `CREATE FUNCTION refuse_step() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
			CREATE TRIGGER refuse_step BEFORE INSERT ON audit_log FOR EACH ROW
			WHEN (NEW.action = '`+refuse+`') EXECUTE FUNCTION refuse_step()`); err != nil {
			t.Fatal(err)
		}
		before := e.snapshot(t)
		_, err := e.d.Step(e.ctx, store.Step{Actor: step.actor, ID: e.sub.ID, Action: step.action, Comment: step.comment,
			Now: lockT0.Add(time.Hour)})
		if err == nil {
			t.Fatalf("%s went through with its audit entry refused", step.action)
		}
		if after := e.snapshot(t); !reflect.DeepEqual(after, before) {
			t.Errorf("a failed %s changed what the store holds:\n got %+v\nwant %+v", step.action, after, before)
		}
		if _, err := e.d.pool.Exec(e.ctx, `DROP TRIGGER refuse_step ON audit_log; DROP FUNCTION refuse_step()`); err != nil {
			t.Fatal(err)
		}
		// Without the trigger the same step goes through and changes
		// what the snapshot shows: the comparison above can fail.
		if _, err := e.d.Step(e.ctx, store.Step{Actor: step.actor, ID: e.sub.ID, Action: step.action, Comment: step.comment,
			Now: lockT0.Add(time.Hour)}); err != nil {
			t.Fatalf("%s without the trigger: %v", step.action, err)
		}
		if after := e.snapshot(t); reflect.DeepEqual(after, before) {
			t.Errorf("%s changed nothing the snapshot shows", step.action)
		}
	}
}

// storeState is what a publish or unpublish writes, read back.
type storeState struct {
	Content    store.Content
	Submission store.Submission
	Reviews    []store.EditorialReview
	Audit      []store.AuditEntry
	Grades     int
	Version    int64
}

func (e *lockEnv) snapshot(t *testing.T) storeState {
	t.Helper()
	var s storeState
	var err error
	if s.Content, err = e.d.Load(e.ctx); err != nil {
		t.Fatal(err)
	}
	if s.Submission, err = e.d.Submission(e.ctx, e.sub.ID); err != nil {
		t.Fatal(err)
	}
	if s.Reviews, err = e.d.Reviews(e.ctx, e.sub.ID); err != nil {
		t.Fatal(err)
	}
	if s.Audit, err = e.d.AuditLog(e.ctx, 0, store.MaxAuditPage); err != nil {
		t.Fatal(err)
	}
	// Read from the tables, not through the memo.
	if err := e.d.pool.QueryRow(e.ctx, `SELECT (SELECT count(*) FROM answer_readability), version FROM store_version`).
		Scan(&s.Grades, &s.Version); err != nil {
		t.Fatal(err)
	}
	return s
}
