package postgres

import (
	"context"
	"testing"

	"healthqa/internal/devdata"
	"healthqa/internal/store"
	"healthqa/internal/store/storetest"
)

// TestConformance runs the store suite with a schema of its own per
// subtest, as the suite requires.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		return openTemp(t)
	})
}

// openTemp opens a new, empty store (a schema of its own) on the test
// server; closing it is left to the caller (storetest.Run closes the
// stores it is given), dropping it to devdata.
func openTemp(t *testing.T) *DB {
	t.Helper()
	d, err := Open(context.Background(), devdata.PostgresSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestConceptsConformance runs the store.Concepts suite (concept lookup,
// reading grades). Its publish part (storetest.RunPublishGrades) needs
// store.Editorial, which PostgreSQL does not implement yet.
func TestConceptsConformance(t *testing.T) {
	storetest.RunConcepts(t, func(t *testing.T) storetest.ConceptsStore { return openTemp(t) })
}
