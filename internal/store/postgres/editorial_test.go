package postgres

import (
	"testing"

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
