package search_test

import (
	"testing"

	"healthqa/internal/search"
)

// BenchmarkSpellerBuild measures what the speller adds to an index: the
// index build, and beside it, in the same run, building the speller of
// that index (its words from the stemmer and postings, their phonetic
// keys and the delete table; the word lists are read once per process
// and are not part of it), with the process's CPU per operation.
//
//	go test -run '^$' -bench SpellerBuild -benchtime 3x ./internal/search
func BenchmarkSpellerBuild(b *testing.B) {
	ix, _ := fullIndex(b)
	docs := ix.Docs()
	b.Run("index", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			search.NewIndex(docs, search.DefaultParams)
		}
	})
	b.Run("speller", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			search.BuildSpeller(ix)
		}
	})
}
