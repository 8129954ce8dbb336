// Package storetest is the conformance suite for store.Store backends.
// Every backend runs the same tests, so that callers see the same
// behaviour from SQLite today and PostgreSQL later.
//
// Beyond the interface's documentation, the suite holds backends to
// these details: times come back in UTC; slices are never nil; a Sync
// refuses an answer whose Dataset is set to another dataset, and stores
// one with an empty Dataset under the synced dataset; rows that a Sync
// would insert only to delete them at once (a question with no answers)
// are not counted; Progress is last called with done equal to total;
// lists are ordered by Go's string comparison, byte by byte, not by a
// locale's collation (PostgreSQL needs COLLATE "C" for that); listings
// "by name case-insensitively" fold ASCII letters only, so that "Ödem"
// sorts as it is, before "éclair" (PostgreSQL: lower(name COLLATE "C"));
// search folds ASCII letters in stored text, as SQLite's LIKE does.
package storetest

import (
	"context"
	"testing"
	"time"

	"healthqa/internal/store"
)

// Run runs the suite. open must return a new, empty store for each
// subtest; Run closes it when the subtest ends, before any cleanup open
// registered with t.Cleanup.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		test func(t *testing.T, s store.Store)
	}{
		{"EmptyStore", testEmptyStore},
		{"SyncIntoEmpty", testSyncIntoEmpty},
		{"ResyncIdentical", testResyncIdentical},
		{"ChangeOneRow", testChangeOneRow},
		{"RemoveAnswers", testRemoveAnswers},
		{"QuestionWithoutAnswers", testQuestionWithoutAnswers},
		{"BadContent", testBadContent},
		{"SourceStoredEarlier", testSourceStoredEarlier},
		{"SourcesNeverDeleted", testSourcesNeverDeleted},
		{"Datasets", testDatasets},
		{"Stats", testStats},
		{"StatsDigests", testStatsDigests},
		{"Sources", testSources},
		{"Topics", testTopics},
		{"TopicQuestions", testTopicQuestions},
		{"Question", testQuestion},
		{"ByteOrder", testByteOrder},
		{"NotFound", testNotFound},
		{"CancelMidSync", testCancelMidSync},
		{"SyncIfVersion", testSyncIfVersion},
		{"Progress", testProgress},
		{"RoundTrip", testRoundTrip},
		{"EmptyListsAreNotNull", testEmptyListsAreNotNull},
		{"TimesInUTC", testTimesInUTC},
		{"SubMicrosecondTimes", testSubMicrosecondTimes}, // PostgreSQL keeps microseconds: see times.go
		{"Lead", testLead},
		{"TopicLetters", testTopicLetters},
		{"TopicsByLetter", testTopicsByLetter},
		{"RelatedTopics", testRelatedTopics},
		{"SourceSummaries", testSourceSummaries},
		{"SourceTopicsOrder", testSourceTopicsOrder},
		{"SearchQuestions", testSearchQuestions},
		{"SearchLimitCapped", testSearchLimitCapped},
		{"PageRefs", testPageRefs},
		{"Version", testVersion},
		{"BadArguments", testBadArguments},
		{"Load", testLoad},
		{"DigestSync", testDigestSync},
		{"DigestDatasets", testDigestDatasets},
		{"DigestRoundTrip", testDigestRoundTrip},
		{"SearchSnapshot", testSearchSnapshot},
		{"AbbreviationSync", testAbbreviationSync},
		{"AbbreviationsOnly", testAbbreviationsOnly},
		{"AbbreviationDatasets", testAbbreviationDatasets},
		{"AbbreviationsRefused", testAbbreviationsRefused},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tc.test(t, s)
		})
	}
}

// mustSync syncs c as the suite's dataset at now.
func mustSync(t *testing.T, s store.Store, c store.Content, now time.Time) store.SyncResult {
	t.Helper()
	return mustSyncDataset(t, s, dataset, c, now)
}

func mustSyncDataset(t *testing.T, s store.Store, ds string, c store.Content, now time.Time) store.SyncResult {
	t.Helper()
	res, err := s.Sync(context.Background(), ds, c, store.SyncOptions{Now: now})
	if err != nil {
		t.Fatalf("Sync %s: %v", ds, err)
	}
	return res
}
