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
	storetest.VoteBucketsForgotten(t, d, func() int {
		var n int
		if err := d.db.QueryRow(`SELECT count(*) FROM vote_limits`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	})
}
