package postgres

import (
	"testing"

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
