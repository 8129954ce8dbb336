package search_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"healthqa/internal/search"
)

// BenchmarkAskExpand runs the LiveQA dev messages through Ask with query
// expansion off (the defaults) and on at the grid's highest weight, in
// the same run, and reports latency percentiles per message.
//
//	go test -run '^$' -bench AskExpand -benchtime 3000x ./internal/search
func BenchmarkAskExpand(b *testing.B) {
	ix, qs := fullIndex(b)
	ctx := context.Background()
	for _, w := range []struct {
		name   string
		weight float64
	}{{"off", 0}, {"on", 0.4}} {
		p := search.DefaultParams
		p.Expand = w.weight
		jx := ix.WithParams(p)
		b.Run(w.name, func(b *testing.B) {
			lat := make([]time.Duration, 0, b.N)
			for i := 0; b.Loop(); i++ {
				start := time.Now()
				jx.Ask(ctx, qs[i%len(qs)], 10)
				lat = append(lat, time.Since(start))
			}
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[(len(lat)*99+99)/100-1].Microseconds())/1000, "p99-ms")
		})
	}
}

// BenchmarkTopicNames measures the topic-name tables associations read,
// which an expanding index makes once, in the background, to set beside
// BenchmarkBuild (an index that does not expand never makes them).
//
//	go test -run '^$' -bench 'TopicNames|Build$' -benchtime 5x ./internal/search
func BenchmarkTopicNames(b *testing.B) {
	ix, _ := fullIndex(b)
	for b.Loop() {
		search.MakeTopicNames(ix)
	}
}
