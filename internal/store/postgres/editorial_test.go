package postgres

import (
	"context"

	"testing"

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
	return editorialBackend(d)
}

// editorialBackend is d as the suites' backend. The suites need the
// whole of store.Accounts, of which they call CreateUser and AuditLog:
// until *DB implements it all (accounts*.go), the rest is left nil, so
// that a call to it fails loudly. Once it does, d is returned itself and
// this wrapper is dead code, to be deleted.
func editorialBackend(d *DB) storetest.ConceptsEditorialBackend {
	if b, ok := any(d).(storetest.ConceptsEditorialBackend); ok {
		return b
	}
	return withAccounts{Store: d, Editorial: d, Concepts: d, Accounts: minAccounts{d: d}}
}

type withAccounts struct {
	store.Store
	store.Editorial
	store.Concepts
	store.Accounts
}

type minAccounts struct {
	store.Accounts // nil
	d              *DB
}

func (m minAccounts) CreateUser(ctx context.Context, u store.User) (store.User, error) {
	return m.d.CreateUser(ctx, u)
}

func (m minAccounts) AuditLog(ctx context.Context, before int64, limit int) ([]store.AuditEntry, error) {
	return m.d.AuditLog(ctx, before, limit)
}

func (m minAccounts) AppendAudit(ctx context.Context, e store.AuditEntry) error {
	return m.d.AppendAudit(ctx, e)
}
