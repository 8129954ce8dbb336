package postgres

import (
	"context"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"healthqa/internal/devdata"
	"healthqa/internal/ingest"
	"healthqa/internal/model"
	"healthqa/internal/search"
	"healthqa/internal/store"
	"healthqa/internal/store/sqlite"
)

// BenchmarkChangeToIndex is what a node does between a change
// notification and its new search index, on the full MedQuAD, on
// PostgreSQL beside SQLite in the same run (the peer): "build" is a
// publish's case (the publish dropped the snapshot: Load, then index),
// "load" the Load alone, "snapshot" the case of an import whose snapshot
// is saved (read and decode it), "inplace" a publish's case since the
// index takes contributor answers in place (web's takeContributors:
// read the contributor state, then Index.WithContributors with one new
// answer).
//
//	go test -run '^$' -bench ChangeToIndex -benchtime 3x ./internal/store/postgres/
func BenchmarkChangeToIndex(b *testing.B) {
	devdata.SkipShort(b, "imports the full MedQuAD twice")
	zip := devdata.MedQuADZip(b)
	ctx := context.Background()
	lite, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "h.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer lite.Close()
	pg, err := Open(ctx, devdata.PostgresSchema(b))
	if err != nil {
		b.Fatal(err)
	}
	defer pg.Close()
	for _, be := range []struct {
		name string
		st   store.Store
	}{{"sqlite", lite}, {"postgres", pg}} {
		if _, err := ingest.MedQuAD(ctx, be.st, zip, ingest.Options{}); err != nil {
			b.Fatal(err)
		}
		v, err := be.st.Version(ctx)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(be.name+"/build", func(b *testing.B) {
			defer reportCPU(b)()
			for b.Loop() {
				docs, err := search.LoadDocuments(ctx, be.st)
				if err != nil {
					b.Fatal(err)
				}
				search.NewIndex(docs, search.DefaultParams)
			}
		})
		b.Run(be.name+"/load", func(b *testing.B) {
			defer reportCPU(b)()
			for b.Loop() {
				if _, err := be.st.Load(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(be.name+"/inplace", func(b *testing.B) {
			docs, err := search.LoadDocuments(ctx, be.st)
			if err != nil {
				b.Fatal(err)
			}
			ix := search.NewIndex(docs, search.DefaultParams)
			published := publishedLike(docs)
			defer reportCPU(b)()
			for b.Loop() {
				st, err := be.st.(store.Published).ContributorState(ctx)
				if err != nil {
					b.Fatal(err)
				}
				now := search.ContentDocuments(st.Content)
				if _, err := ix.WithContributors(append(now, published)); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(be.name+"/snapshot", func(b *testing.B) {
			defer reportCPU(b)()
			for b.Loop() {
				if _, how, err := search.LoadIndex(ctx, be.st, v, search.DefaultParams); err != nil || how != "loaded from the snapshot" {
					b.Fatalf("%s, %v", how, err)
				}
			}
		})
	}
}

// publishedLike is an imported answer with text as if a contributor
// had published it: a new document on a known topic.
func publishedLike(docs []search.Document) search.Document {
	for _, d := range docs {
		if d.Answer != "" {
			d.AnswerKey, d.DocID, d.Dataset = "contrib-1", "contrib-1", model.ContributorsDataset
			d.Abbreviations = nil // only an import finds them
			return d
		}
	}
	panic("no answer with text")
}

// reportCPU reports the process's CPU seconds (user and system) per
// operation from now until the returned function runs: on a machine
// shared with other work, wall time measures the neighbours too, CPU
// time much less. (PostgreSQL's own CPU, in its server processes, is
// not counted.)
func reportCPU(b *testing.B) func() {
	start := cpuSeconds(b)
	return func() {
		b.ReportMetric((cpuSeconds(b)-start)/float64(b.N), "cpu-s/op")
	}
}

func cpuSeconds(b *testing.B) float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
