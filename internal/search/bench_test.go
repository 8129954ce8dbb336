package search_test

import (
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"syscall"
	"testing"
	"time"

	"healthqa/internal/devdata"
	"healthqa/internal/ingest"
	"healthqa/internal/search"
	"healthqa/internal/store/sqlite"
)

// fullStore imports the MedQuAD archive found beside the checkout (which
// saves the index snapshot, as every import does); tests and benchmarks
// skip without it.
func fullStore(b testing.TB) *sqlite.DB {
	b.Helper()
	data := devdata.Dir(b)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "s.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if _, err := ingest.MedQuAD(ctx, st, filepath.Join(data, "MedQuAD-master.zip"), ingest.Options{}); err != nil {
		b.Fatal(err)
	}
	return st
}

// fullIndex indexes the full MedQuAD content and reads the LiveQA dev
// questions.
func fullIndex(b testing.TB) (*search.Index, []string) {
	b.Helper()
	st := fullStore(b)
	docs, err := search.LoadDocuments(context.Background(), st)
	if err != nil {
		b.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(devdata.Dir(b), "liveqa", "dev-questions.xml"))
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
	return search.NewIndex(docs, search.DefaultParams), qs
}

// BenchmarkAsk runs the LiveQA dev questions (consumers' own messages)
// through understanding and ranking, in process, and reports latency
// percentiles per question.
//
//	go test -run '^$' -bench 'Ask$' -benchtime 2000x ./internal/search
func BenchmarkAsk(b *testing.B) {
	ix, qs := fullIndex(b)
	ix.PrepareSpelling() // as a server does while it builds the index
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
		search.NewIndex(ix.Docs(), search.DefaultParams)
	}
}

// BenchmarkBuildPeers measures the index build beside its peer in the
// same run, the plain one-pass build it replaced (TestParallelBuildIsSequential
// holds them equal), with the process's CPU per build: on a shared
// machine wall time measures the neighbours, CPU time much less.
//
//	go test -run '^$' -bench BuildPeers -benchtime 3x -cpu 1,2 ./internal/search
func BenchmarkBuildPeers(b *testing.B) {
	ix, _ := fullIndex(b)
	docs := ix.Docs()
	b.Run("one-pass", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			search.OnePass(docs, search.DefaultParams)
		}
	})
	b.Run("runs", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			search.NewIndexRuns(docs, search.DefaultParams, runtime.GOMAXPROCS(0))
		}
	})
}

// reportCPU reports the process's user and system CPU seconds per
// operation from now until the returned function runs.
func reportCPU(b *testing.B) func() {
	start := cpuSeconds(b)
	return func() { b.ReportMetric((cpuSeconds(b)-start)/float64(b.N), "cpu-s/op") }
}

func cpuSeconds(b *testing.B) float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
