package search

import (
	"context"
	"encoding/xml"
	"healthqa/internal/devdata"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"healthqa/internal/ingest"
	"healthqa/internal/store/sqlite"
)

// fullIndex imports the MedQuAD archive found beside the checkout and
// indexes it; benchmarks skip without it.
func fullIndex(b testing.TB) (*Index, []string) {
	b.Helper()
	data := devdata.Dir(b)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "s.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if _, err := ingest.MedQuAD(ctx, st, filepath.Join(data, "MedQuAD-master.zip"), ingest.Options{}); err != nil {
		b.Fatal(err)
	}
	docs, err := LoadDocuments(ctx, st)
	if err != nil {
		b.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(data, "liveqa", "dev-questions.xml"))
	if err != nil {
		b.Fatal(err)
	}
	var set struct {
		Q []struct {
			Subject string `xml:"Original-Question>SUBJECT"`
			Message string `xml:"Original-Question>MESSAGE"`
		} `xml:"NLM-QUESTION"`
	}
	if err := xml.Unmarshal(raw, &set); err != nil {
		b.Fatal(err)
	}
	var qs []string
	for _, q := range set.Q {
		qs = append(qs, q.Subject+" "+q.Message)
	}
	return NewIndex(docs, DefaultParams), qs
}

// BenchmarkAsk runs the LiveQA dev questions (consumers' own messages)
// through understanding and ranking, in process, and reports latency
// percentiles per question.
//
//	go test -run '^$' -bench 'Ask$' -benchtime 2000x ./internal/search
func BenchmarkAsk(b *testing.B) {
	ix, qs := fullIndex(b)
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		ix.Ask(ctx, qs[i%len(qs)], 10)
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[(len(lat)*99+99)/100-1].Microseconds())/1000, "p99-ms")
}

// BenchmarkBuild measures indexing the full MedQuAD content.
func BenchmarkBuild(b *testing.B) {
	ix, _ := fullIndex(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		NewIndex(ix.docs, DefaultParams)
	}
}
