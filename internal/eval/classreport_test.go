package eval

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// classRuns: three questions written for the test, two engines' runs
// over them with hand-set scores.
func classRuns() ([]Question, []Report) {
	qs := []Question{
		{ID: "A", Message: "What causes periodic paralysis?"},      // partial name
		{ID: "B", Message: "restless legs at night"},               // partial name, lay wording
		{ID: "C", Subject: "paralysis", Message: "Does PPX help?"}, // abbreviation
		{ID: "D", Message: "Is restless legs syndrome inherited?"}, // no class, not judged
	}
	result := func(id string, evaluated bool, first int, ap, rr float64) QuestionResult {
		return QuestionResult{ID: id, Evaluated: evaluated, Scores: Scores{FirstGrade: first, AP2: ap, RR2: rr}}
	}
	ours := Report{Engine: "ours", Mode: Original, PerQuestion: []QuestionResult{
		result("A", true, 3, 0.5, 1), result("B", true, 0, 0, 0), result("C", true, 1, 0.25, 0.5), result("D", false, 0, 0, 0)}}
	peer := Report{Engine: "peer", Mode: Original, PerQuestion: []QuestionResult{
		result("A", true, 0, 0, 0), result("B", true, 0, 0, 0), result("C", true, 2, 1, 1), result("D", false, 0, 0, 0)}}
	return qs, []Report{ours, peer}
}

func TestClassifyRuns(t *testing.T) {
	qs, runs := classRuns()
	rep, err := ClassifyRuns(NewClassifier(classDocs(), testDictionary(t)), qs, runs)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]ClassRow{}
	for _, r := range rep.Rows {
		rows[r.Class] = r
	}
	tests := []struct {
		row       string
		questions int
		engine    int
		want      ClassScore
	}{
		{"1 partial topic name", 2, 0, ClassScore{Engine: "ours", Mode: Original, Evaluated: 2, Fail: 1, AvgScore: 1.5, MAP2: 0.25}},
		{"1 partial topic name", 2, 1, ClassScore{Engine: "peer", Mode: Original, Evaluated: 2, Fail: 2}},
		{"3 abbreviation", 1, 1, ClassScore{Engine: "peer", Mode: Original, Evaluated: 1, Fail: 0, AvgScore: 2, MAP2: 1}},
		{"5 lay wording", 1, 0, ClassScore{Engine: "ours", Mode: Original, Evaluated: 1, Fail: 1}},
		{"2 misspelling", 0, 0, ClassScore{Engine: "ours", Mode: Original}},
		{"in any class", 3, 0, ClassScore{Engine: "ours", Mode: Original, Evaluated: 3, Fail: 1, AvgScore: 4.0 / 3, MAP2: 0.75 / 3}},
		{"in no class", 1, 0, ClassScore{Engine: "ours", Mode: Original}},
		{"all questions", 4, 1, ClassScore{Engine: "peer", Mode: Original, Evaluated: 3, Fail: 2, AvgScore: 2.0 / 3, MAP2: 1.0 / 3}},
	}
	for _, tt := range tests {
		r, ok := rows[tt.row]
		if !ok {
			t.Fatalf("no row %q in %v", tt.row, rep.Rows)
		}
		if r.Questions != tt.questions {
			t.Errorf("%s: %d questions, want %d", tt.row, r.Questions, tt.questions)
		}
		if got := r.Engines[tt.engine]; got != tt.want {
			t.Errorf("%s, %s: %+v, want %+v", tt.row, tt.want.Engine, got, tt.want)
		}
	}
	if len(rep.PerQuestion) != 4 || !rep.PerQuestion[1].Has(LayWording) {
		t.Errorf("per question: %+v", rep.PerQuestion)
	}

	if _, err := ClassifyRuns(NewClassifier(classDocs(), nil), append(qs, Question{ID: "E"}), runs); err == nil {
		t.Error("a question missing from the runs: no error")
	}
}

func TestWriteClassTableGolden(t *testing.T) {
	qs, runs := classRuns()
	rep, err := ClassifyRuns(NewClassifier(classDocs(), testDictionary(t)), qs, runs)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteClassTable(&buf, rep); err != nil {
		t.Fatal(err)
	}
	golden(t, "testdata/classes.golden", buf.Bytes())
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (go test -update to rewrite):\n%s", path, got)
	}
}

func TestMeasureLatency(t *testing.T) {
	var order []string
	calls := []Timed{
		{Name: "slow", Call: func(_ context.Context, text string) error {
			order = append(order, "slow "+text)
			time.Sleep(2 * time.Millisecond)
			return nil
		}},
		{Name: "fast", Call: func(_ context.Context, text string) error {
			order = append(order, "fast "+text)
			return nil
		}},
	}
	rows, err := MeasureLatency(context.Background(), calls, []string{"a", "b"}, 2)
	if err != nil {
		t.Fatal(err)
	}
	// interleaved text by text, the first call rotating
	if got := strings.Join(order, ","); got != "slow a,fast a,fast b,slow b,slow a,fast a,fast b,slow b" {
		t.Errorf("call order %s", got)
	}
	if rows[0].Calls != 4 || rows[0].P50 < 2*time.Millisecond || rows[1].P99 >= rows[0].P50 || rows[0].Max < rows[0].P99 {
		t.Errorf("rows %+v", rows)
	}
	var buf bytes.Buffer
	if err := WriteLatencyTable(&buf, rows, "fast"); err != nil || !strings.Contains(buf.String(), "p99/fast") {
		t.Errorf("table %q, %v", buf.String(), err)
	}

	// CPU time counts work, not waiting: a call that sleeps 2 ms uses
	// little, one that computes for 2 ms of CPU at least that.
	if _, ok := processCPU(); ok {
		spin := Timed{Name: "spin", Call: func(context.Context, string) error {
			start, _ := processCPU()
			for now := start; now-start < 2*time.Millisecond; now, _ = processCPU() {
			}
			return nil
		}}
		rows, err := MeasureLatency(context.Background(), []Timed{calls[0], spin}, []string{"a", "b", "c"}, 1)
		if err != nil {
			t.Fatal(err)
		}
		if sleep, work := rows[0], rows[1]; sleep.CPUP50 >= time.Millisecond || work.CPUP50 < 2*time.Millisecond {
			t.Errorf("cpu p50: sleeping %v, computing %v", sleep.CPUP50, work.CPUP50)
		}
		buf.Reset()
		if err := WriteLatencyTable(&buf, rows, "spin"); err != nil || !strings.Contains(buf.String(), "cpu p99/") {
			t.Errorf("table %q, %v", buf.String(), err)
		}
	}

	boom := errors.New("boom")
	_, err = MeasureLatency(context.Background(), []Timed{{Name: "x", Call: func(context.Context, string) error { return boom }}}, []string{"a"}, 1)
	if !errors.Is(err, boom) {
		t.Errorf("a failing call: err = %v", err)
	}
	if _, err := MeasureLatency(context.Background(), calls, nil, 1); err == nil {
		t.Error("no texts: no error")
	}
}
