package search_test

import (
	"context"
	"testing"
	"time"

	"healthqa/internal/search"
)

// BenchmarkAskAbbreviations asks the same messages of two indexes of the
// full corpus, one with the abbreviation pairs the import learned and one
// without, alternating which goes first, and reports the time ratio: the
// cost of understanding abbreviations, measured in one process so that
// the machine's load falls on both alike.
//
//	go test -run '^$' -bench AskAbbreviations -benchtime 6x ./internal/search
func BenchmarkAskAbbreviations(b *testing.B) {
	st := fullStore(b)
	ctx := context.Background()
	docs, err := search.LoadDocuments(ctx, st)
	if err != nil {
		b.Fatal(err)
	}
	with := search.NewIndex(docs, search.DefaultParams)
	bare := append([]search.Document(nil), docs...)
	for i := range bare {
		bare[i].Abbreviations = nil
	}
	without := search.NewIndex(bare, search.DefaultParams)
	qs := append(search.GenericQueries(with, 300), search.LearnedQueries(with, 200)...)
	var tWith, tWithout time.Duration
	timed := func(ix *search.Index, q string, into *time.Duration) {
		start := time.Now()
		ix.Ask(ctx, q, 10)
		*into += time.Since(start)
	}
	b.ResetTimer()
	for r := 0; r < b.N; r++ {
		for i, q := range qs {
			if (i+r)%2 == 0 {
				timed(with, q, &tWith)
				timed(without, q, &tWithout)
			} else {
				timed(without, q, &tWithout)
				timed(with, q, &tWith)
			}
		}
	}
	b.ReportMetric(float64(tWith)/float64(tWithout), "with/without")
}
