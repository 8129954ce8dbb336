package postgres

import (
	"testing"

	"healthqa/internal/store/storetest"
)

// TestPublishedConformance runs the store.Published suite. The Seeder's
// accounts are the real store.Accounts; its editorial steps are
// seedEditorial's SQL (published_seed_test.go).
func TestPublishedConformance(t *testing.T) {
	storetest.RunPublished(t, func(t *testing.T) (storetest.PublishedStore, storetest.Seeder) {
		d := openTemp(t)
		return d, storetest.Seeder{Accounts: d, Editorial: d}
	})
}
