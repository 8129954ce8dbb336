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
