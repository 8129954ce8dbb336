package postgres

import (
	"testing"

	"healthqa/internal/store/storetest"
)

// TestFeedbackConformance runs the store.Feedback suite, its concurrent
// votes on the pool's several connections.
func TestFeedbackConformance(t *testing.T) {
	storetest.RunFeedback(t, func(t *testing.T) storetest.FeedbackStore { return openTemp(t) })
}
