package search_test

import (
	"context"
	"fmt"
	"healthqa/internal/devdata"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"healthqa/internal/eval"
	"healthqa/internal/ingest"
	"healthqa/internal/search"
	"healthqa/internal/store/sqlite"
)

// TestParameterGrid prints the LiveQA dev figures of a grid of ranking
// parameters around the defaults, both text modes; it is how the defaults
// were chosen (docs/BENCHMARKS.md). It runs only when asked:
//
//	HEALTHQA_SWEEP=1 go test -run ParameterGrid -v ./internal/search
func TestParameterGrid(t *testing.T) {
	if os.Getenv("HEALTHQA_SWEEP") == "" {
		t.Skip("set HEALTHQA_SWEEP=1 to print the parameter grid")
	}
	data := devdata.Dir(t)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "g.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := ingest.MedQuAD(ctx, st, filepath.Join(data, "MedQuAD-master.zip"), ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	docs, err := search.LoadDocuments(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	qf, _ := os.Open(filepath.Join(data, "liveqa", "dev-questions.xml"))
	qs, err := eval.ReadLiveQA(qf)
	if err != nil {
		t.Fatal(err)
	}
	rf, _ := os.Open(filepath.Join(data, "liveqa", "dev-qrels.txt"))
	qr, err := eval.ReadQrels(rf)
	if err != nil {
		t.Fatal(err)
	}
	base := search.NewEngine(docs).Index()
	type row struct {
		name string
		m    [4]float64 // avgScore and MAP, original then summary
	}
	var rows []row
	for _, focus := range []float64{0.5, 1.0, 1.5} {
		for _, typ := range []float64{0.1, 0.3, 0.6} {
			for _, page := range []float64{0, 0.3, 0.6, 0.8} {
				p := search.DefaultParams
				p.Focus, p.Type, p.Page = focus, typ, page
				eng := search.EngineOf(base.WithParams(p))
				r := row{name: fmt.Sprintf("focus %.1f type %.1f page %.1f", focus, typ, page)}
				for i, mode := range []eval.Mode{eval.Original, eval.Summary} {
					rep, err := eval.Run(ctx, eng, qs, qr, mode, 10)
					if err != nil {
						t.Fatal(err)
					}
					r.m[2*i], r.m[2*i+1] = rep.Metrics.AvgScore, rep.Metrics.MAP2
				}
				rows = append(rows, r)
			}
		}
	}
	score := func(r row) float64 { return r.m[0]/3 + r.m[1] + r.m[2]/3 + r.m[3] }
	sort.Slice(rows, func(i, j int) bool { return score(rows[i]) > score(rows[j]) })
	for _, r := range rows {
		fmt.Printf("%-32s original %.3f / %.3f   summary %.3f / %.3f\n", r.name, r.m[0], r.m[1], r.m[2], r.m[3])
	}
}
