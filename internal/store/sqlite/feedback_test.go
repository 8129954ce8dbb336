package sqlite

import (
	"testing"

	"healthqa/internal/store/storetest"
)

func TestFeedbackConformance(t *testing.T) {
	storetest.RunFeedback(t, func(t *testing.T) storetest.FeedbackStore {
		return openTemp(t)
	})
}

func TestVoteBucketsForgotten(t *testing.T) {
	d := openTemp(t)
	defer d.Close()
	storetest.VoteBucketsForgotten(t, d, func() int { return countRows(t, d, "vote_limits") })
}

// countRows counts a table's rows, for the bounds a test checks.
func countRows(t *testing.T, d *DB, table string) int {
	t.Helper()
	var n int
	if err := d.db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
