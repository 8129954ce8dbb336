package eval

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"healthqa/internal/devdata"
	"healthqa/internal/ingest"
	"healthqa/internal/model"
	"healthqa/internal/search"
	"healthqa/internal/search/peers"
	"healthqa/internal/store/sqlite"
)

// The full MedQuAD documents, built once for the test and benchmark.
var (
	fullOnce sync.Once
	fullDocs []search.Document
	fullErr  error
)

// loadFull imports the MedQuAD zip into a throwaway database and loads
// it back as engine documents, exactly as the server would; it skips
// under -short or without the shared data.
func loadFull(tb testing.TB) []search.Document {
	tb.Helper()
	devdata.SkipShort(tb, "imports all of MedQuAD and builds two indexes")
	zip := devdata.MedQuADZip(tb)
	fullOnce.Do(func() { fullDocs, fullErr = importDocs(context.Background(), zip) })
	if fullErr != nil {
		tb.Fatal(fullErr)
	}
	return fullDocs
}

func importDocs(ctx context.Context, zip string) ([]search.Document, error) {
	dir, err := os.MkdirTemp("", "healthqa-eval-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	st, err := sqlite.Open(ctx, filepath.Join(dir, "medquad.db"))
	if err != nil {
		return nil, err
	}
	defer st.Close()
	if _, err := ingest.MedQuAD(ctx, st, zip, ingest.Options{}); err != nil {
		return nil, err
	}
	c, err := st.Load(ctx)
	if err != nil {
		return nil, err
	}
	topics := make(map[string]model.Topic, len(c.Topics))
	for _, t := range c.Topics {
		topics[t.Slug] = t
	}
	questions := make(map[string]model.Question, len(c.Questions))
	for _, q := range c.Questions {
		questions[q.Slug] = q
	}
	return search.Documents(topics, questions, c.Answers), nil
}

// devPeers builds each peer over docs.
var devPeers = []struct {
	name  string
	build func(context.Context, []search.Document) (search.Engine, error)
}{
	{"fts5", func(ctx context.Context, d []search.Document) (search.Engine, error) { return peers.NewFTS5(ctx, d) }},
	{"bleve", func(_ context.Context, d []search.Document) (search.Engine, error) { return peers.NewBleve(d) }},
}

// TestPeersOnLiveQADev runs the peers over the development split in both
// text modes and logs the metrics table (go test -v). It asserts only
// that the figures are consistent, not how good they are.
func TestPeersOnLiveQADev(t *testing.T) {
	docs := loadFull(t)
	qs, qrels := readDev(t), readDevQrels(t)
	ctx := context.Background()
	t.Logf("%d documents", len(docs))
	var reports []Report
	for _, p := range devPeers {
		start := time.Now()
		e, err := p.build(ctx, docs)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: index built in %v", p.name, time.Since(start).Round(time.Millisecond))
		for _, mode := range []Mode{Original, Summary} {
			rep, err := Run(ctx, e, qs, qrels, mode, 10)
			if err != nil {
				t.Fatal(err)
			}
			checkConsistent(t, rep, len(qs))
			checkRunFile(t, rep)
			reports = append(reports, rep)
		}
		if err := e.Close(); err != nil {
			t.Error(err)
		}
	}
	var table bytes.Buffer
	WriteTable(&table, reports...)
	t.Logf("LiveQA 2017 medical, dev split:\n%s", table.String())
}

// checkConsistent asserts what must hold whatever the engine: rates in
// [0, 1], the grade-threshold orderings, and avgScore equal to the sum of
// the succ rates (a grade g counts in g of them).
func checkConsistent(t *testing.T, r Report, questions int) {
	t.Helper()
	m := r.Metrics
	name := string(r.Mode) + " " + r.Engine
	if r.Questions != questions || r.Evaluated != questions {
		t.Errorf("%s: %d questions, %d evaluated; want %d", name, r.Questions, r.Evaluated, questions)
	}
	if m.AvgScore < 0 || m.AvgScore > MaxGrade {
		t.Errorf("%s: avgScore %v outside [0, 3]", name, m.AvgScore)
	}
	if !near(m.AvgScore, m.Succ2+m.Succ3+m.Succ4) {
		t.Errorf("%s: avgScore %v is not succ@2+ + succ@3+ + succ@4+", name, m.AvgScore)
	}
	for _, v := range []float64{m.Succ2, m.Succ3, m.Succ4, m.MAP2, m.MRR2, m.MAP1, m.MRR1, m.NDCG} {
		if v < 0 || v > 1 {
			t.Errorf("%s: rate %v outside [0, 1]: %+v", name, v, m)
		}
	}
	if !(m.Succ2 >= m.Succ3 && m.Succ3 >= m.Succ4) || m.MRR1 < m.MRR2 || m.MRR1 < m.Succ2 || m.MRR2 < m.Succ3 {
		t.Errorf("%s: thresholds out of order: %+v", name, m)
	}
	if m.LatencyP50 <= 0 || m.LatencyP99 < m.LatencyP50 {
		t.Errorf("%s: latencies p50 %v, p99 %v", name, m.LatencyP50, m.LatencyP99)
	}
}

// checkRunFile asserts the run file has at most K lines per question,
// no DocID twice for a question, and ranks from 1.
func checkRunFile(t *testing.T, r Report) {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteRun(&b, ""); err != nil {
		t.Fatal(err)
	}
	perQ := map[string]int{}
	seen := map[string]bool{}
	sc := bufio.NewScanner(&b)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 6 || f[1] != "Q0" || f[5] != r.Engine || seen[f[0]+" "+f[2]] {
			t.Fatalf("%s %s: bad run line %q", r.Engine, r.Mode, sc.Text())
		}
		seen[f[0]+" "+f[2]] = true
		perQ[f[0]]++
		if f[3] != strconv.Itoa(perQ[f[0]]) {
			t.Fatalf("%s %s: rank %s, want %d", r.Engine, r.Mode, f[3], perQ[f[0]])
		}
	}
	for q, n := range perQ {
		if n > r.K {
			t.Errorf("%s %s: %d lines for %s", r.Engine, r.Mode, n, q)
		}
	}
}

// BenchmarkPeerSearch times one Search per iteration, cycling through
// the development questions; ns/op is the mean latency per question.
func BenchmarkPeerSearch(b *testing.B) {
	docs := loadFull(b)
	qs := readDev(b)
	ctx := context.Background()
	for _, p := range devPeers {
		e, err := p.build(ctx, docs)
		if err != nil {
			b.Fatal(err)
		}
		for _, mode := range []Mode{Original, Summary} {
			b.Run(p.name+"/"+string(mode), func(b *testing.B) {
				i := 0
				for b.Loop() {
					text, _ := qs[i%len(qs)].Text(mode)
					if _, err := e.Search(ctx, text, 10); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
		}
		e.Close()
	}
}
