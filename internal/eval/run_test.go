package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"healthqa/internal/search"
)

// fakeEngine answers queries from a table and records what it was asked.
type fakeEngine struct {
	hits  map[string][]search.Hit
	fail  string // a query to fail on
	asked []string
	ks    []int
}

func (f *fakeEngine) Name() string { return "fake" }
func (f *fakeEngine) Close() error { return nil }
func (f *fakeEngine) Search(_ context.Context, q string, k int) ([]search.Hit, error) {
	f.asked, f.ks = append(f.asked, q), append(f.ks, k)
	if q == f.fail {
		return nil, errors.New("boom")
	}
	return f.hits[q], nil
}

func hit(doc string, score float64) search.Hit {
	return search.Hit{DocID: doc, AnswerKey: doc, Score: score}
}

var (
	runQuestions = []Question{
		{ID: "Q1", Subject: "gout", Message: "toe  pain", Summary: "gout toe"},
		{ID: "Q2", Subject: "zinc", Message: "dose", Summary: "zinc dose"},
		{ID: "Q3", Subject: "unjudged", Message: "question", Summary: "unjudged"},
	}
	runQrels = Qrels{
		"Q1": {"A": 3, "B": 1},
		"Q2": {"C": 2, "D": 0},
		"Q9": {"Z": 3}, // not among the questions: ignored
	}
	runHits = map[string][]search.Hit{
		// A's second answer repeats its DocID and is dropped.
		"gout toe pain":     {hit("A", 9), {DocID: "A", AnswerKey: "A@2", Score: 8}, hit("B", 8), hit("X", 8)},
		"zinc dose":         {hit("D", 2), hit("C", 1)},
		"unjudged question": {hit("A", 1)},
	}
)

func TestRun(t *testing.T) {
	f := &fakeEngine{hits: runHits}
	rep, err := Run(context.Background(), f, runQuestions, runQrels, Original, 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"gout toe pain", "zinc dose", "unjudged question"}; strings.Join(f.asked, "|") != strings.Join(want, "|") {
		t.Errorf("asked %q, want %q", f.asked, want)
	}
	for _, k := range f.ks {
		if k != DefaultK {
			t.Errorf("asked for %d hits, want DefaultK", k)
		}
	}
	if rep.Engine != "fake" || rep.Mode != Original || rep.K != DefaultK || rep.Questions != 3 ||
		rep.Evaluated != 2 || rep.RepeatedHits != 1 || len(rep.PerQuestion) != 3 {
		t.Errorf("report = %+v", rep)
	}
	// Q1: A(3) B(1) X; Q2: D(0) C(2).
	// avgScore (3+0)/2; succ@2+ and @3+ and @4+ 1/2 each.
	// ≥2: Q1 AP 1, RR 1; Q2 C at 2 of 1 relevant: AP 1/2, RR 1/2.
	// ≥1: Q1 A at 1, B at 2, 2 relevant: AP 1; Q2 as ≥2.
	m := rep.Metrics
	if !near(m.AvgScore, 1.5) || !near(m.Succ2, 0.5) || !near(m.Succ3, 0.5) || !near(m.Succ4, 0.5) ||
		!near(m.MAP2, 0.75) || !near(m.MRR2, 0.75) || !near(m.MAP1, 0.75) || !near(m.MRR1, 0.75) {
		t.Errorf("metrics = %+v", m)
	}
	if m.LatencyP50 <= 0 || m.LatencyP99 < m.LatencyP50 {
		t.Errorf("latencies p50 %v, p99 %v", m.LatencyP50, m.LatencyP99)
	}
	// Judged: Q1 A and B of A B X; Q2 both.
	if !near(m.Judged10, (2.0/3+1)/2) || rep.Condensed {
		t.Errorf("judged@10 %v, condensed %v", m.Judged10, rep.Condensed)
	}
	q1 := rep.PerQuestion[0]
	if len(q1.Hits) != 3 || q1.Hits[1].DocID != "B" || !q1.Evaluated || q1.FirstGrade != 3 || q1.Query != "gout toe pain" {
		t.Errorf("Q1 = %+v", q1)
	}
	if q3 := rep.PerQuestion[2]; q3.Evaluated || q3.FirstGrade != 0 || len(q3.Hits) != 1 {
		t.Errorf("unjudged Q3 = %+v", q3)
	}

	var run bytes.Buffer
	if err := rep.WriteRun(&run, ""); err != nil {
		t.Fatal(err)
	}
	// B and X tie at 8: X is nudged below B so that trec_eval, which
	// sorts by score, keeps the order.
	want := "Q1 Q0 A 1 9 fake\n" +
		"Q1 Q0 B 2 8 fake\n" +
		"Q1 Q0 X 3 7.999999999999999 fake\n" +
		"Q2 Q0 D 1 2 fake\n" +
		"Q2 Q0 C 2 1 fake\n" +
		"Q3 Q0 A 1 1 fake\n"
	if run.String() != want {
		t.Errorf("run:\n%s\nwant:\n%s", run.String(), want)
	}
}

func TestRunTruncatesToKAfterDroppingRepeats(t *testing.T) {
	f := &fakeEngine{hits: map[string][]search.Hit{
		"gout toe": {hit("A", 5), hit("A", 4), hit("B", 3), hit("C", 2)},
	}}
	rep, err := Run(context.Background(), f, runQuestions[:1], runQrels, Summary, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.PerQuestion[0].Hits; len(got) != 2 || got[0].DocID != "A" || got[1].DocID != "B" || f.ks[0] != 2 {
		t.Errorf("hits %v (asked for %v)", got, f.ks)
	}
}

// TestRunCondensed checks that condensed lists read deeper than k, drop
// what nobody judged for the question (an entry judged for another
// question included) and score what remains, while Run scores the same
// ranking with the unjudged entries in place.
func TestRunCondensed(t *testing.T) {
	hits := map[string][]search.Hit{
		"gout toe pain": {hit("X", 9), hit("C", 8), hit("A", 7), hit("Y", 6), hit("B", 5)},
		"zinc dose":     {hit("C", 2)},
	}
	qs := runQuestions[:2]
	full, err := Run(context.Background(), &fakeEngine{hits: hits}, qs, runQrels, Original, 2)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeEngine{hits: hits}
	cond, err := RunCondensed(context.Background(), f, qs, runQrels, Original, 2)
	if err != nil {
		t.Fatal(err)
	}
	if f.ks[0] != CondensedDepth || !cond.Condensed || full.Condensed {
		t.Errorf("asked for %v hits; condensed %v, full %v", f.ks, cond.Condensed, full.Condensed)
	}
	// Full, Q1: X C, nothing judged for Q1 (C is Q2's): grade 0, AP 0;
	// judged 0 of 2. Condensed, Q1: A B: grade 3, AP≥2 1, judged 1.
	tests := []struct {
		name             string
		rep              Report
		grade            int
		ap2, judged, avg float64
		firstDoc, lists  string
	}{
		{"full", full, 0, 0, 0, 1, "X", "original"},
		{"condensed", cond, 3, 1, 1, 2.5, "A", "original/condensed"},
	}
	for _, tt := range tests {
		q1 := tt.rep.PerQuestion[0]
		if q1.FirstGrade != tt.grade || !near(q1.AP2, tt.ap2) || !near(q1.Judged10, tt.judged) || q1.Hits[0].DocID != tt.firstDoc {
			t.Errorf("%s: Q1 = %+v", tt.name, q1)
		}
		if !near(tt.rep.Metrics.AvgScore, tt.avg) {
			t.Errorf("%s: avgScore %v, want %v", tt.name, tt.rep.Metrics.AvgScore, tt.avg)
		}
		var tb bytes.Buffer
		if err := WriteTable(&tb, tt.rep); err != nil {
			t.Fatal(err)
		}
		if row := strings.Fields(strings.Split(tb.String(), "\n")[1]); row[1] != tt.lists {
			t.Errorf("%s: table text %q, want %q", tt.name, row[1], tt.lists)
		}
	}
}

func TestRunErrors(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		fail string
		mode Mode
		want string
	}{
		{"unknown mode", context.Background(), "", "paraphrase", "unknown text mode"},
		{"search fails", context.Background(), "zinc dose", Original, "fake on Q2: boom"},
		{"cancelled", ctx, "", Original, "context canceled"},
	}
	for _, tt := range tests {
		_, err := Run(tt.ctx, &fakeEngine{hits: runHits, fail: tt.fail}, runQuestions, runQrels, tt.mode, 10)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

func TestWriteRunTags(t *testing.T) {
	rep := Report{Engine: "fts5", PerQuestion: []QuestionResult{{ID: "TQ1", Hits: []search.Hit{hit("A", -1.5), hit("B", -1.5)}}}}
	tests := []struct {
		tag, want string
		ok        bool
	}{
		{"", "TQ1 Q0 A 1 -1.5 fts5\nTQ1 Q0 B 2 -1.5000000000000002 fts5\n", true},
		{"run-1", "TQ1 Q0 A 1 -1.5 run-1\nTQ1 Q0 B 2 -1.5000000000000002 run-1\n", true},
		{"two words", "", false},
		{"tab\there", "", false},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		err := rep.WriteRun(&b, tt.tag)
		if (err == nil) != tt.ok || b.String() != tt.want {
			t.Errorf("WriteRun(%q) = %q, %v; want %q", tt.tag, b.String(), err, tt.want)
		}
	}
}

func TestReportJSONAndTable(t *testing.T) {
	rep, err := Run(context.Background(), &fakeEngine{hits: runHits}, runQuestions, runQrels, Original, 10)
	if err != nil {
		t.Fatal(err)
	}
	rep.Metrics.LatencyP50, rep.Metrics.LatencyP99 = 1500*time.Microsecond, 52*time.Millisecond
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"engine":"fake"`, `"text":"original"`, `"avg_score":1.5`, `"map10_grade2":0.75`,
		`"latency_p99_ns":52000000`, `"first_grade":3`, `"ap10_grade2":1`, `"doc_id":"A"`, `"evaluated":false`} {
		if !bytes.Contains(b, []byte(key)) {
			t.Errorf("JSON lacks %s:\n%s", key, b)
		}
	}
	var back Report
	if err := json.Unmarshal(b, &back); err != nil || back.Metrics != rep.Metrics || back.PerQuestion[0].Scores != rep.PerQuestion[0].Scores {
		t.Errorf("JSON round trip: %+v, %v", back.Metrics, err)
	}

	var tb bytes.Buffer
	if err := WriteTable(&tb, rep, rep); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(tb.String(), "\n"), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], "MAP@10≥2") {
		t.Fatalf("table:\n%s", tb.String())
	}
	if f := strings.Fields(lines[1]); strings.Join(f, " ") != "fake original 2 1.500 0.500 0.500 0.500 0.750 0.750 0.750 0.750 "+f[11]+" 0.833 1.5ms 52.0ms" {
		t.Errorf("table row: %q", lines[1])
	}
}
