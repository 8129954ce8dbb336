package search

import (
	"bytes"
	"testing"

	"healthqa/internal/store/storetest"
)

// TestParallelBuildIsSequential: indexing runs of documents at once must
// build the index one pass builds, byte for byte in its snapshot, for
// any number of runs (a run boundary inside a posting list, one run per
// document's worth, more runs than cores).
func TestParallelBuildIsSequential(t *testing.T) {
	c := storetest.GenerateContent(300, 1500, 6000, 60)
	docs := Documents(c.TopicsBySlug(), c.QuestionsBySlug(), c.Answers)
	want := newIndex(docs, DefaultParams, 1).Snapshot()
	for _, workers := range []int{2, 3, 5, 64} {
		if got := newIndex(docs, DefaultParams, workers).Snapshot(); !bytes.Equal(got, want) {
			t.Errorf("%d workers: the snapshot differs from one pass's", workers)
		}
	}
}
