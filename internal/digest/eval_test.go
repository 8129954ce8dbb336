package digest

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestNormalizeEval(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Beta-Blockers", "beta blocker"},
		{"antinausea drugs (dopamine-receptor antagonists)", "antinausea drug dopamin receptor antagonist"},
		{"Parkinson's disease", "parkinson s diseas"},
		{"  iron  deficiency / anemia ", "iron defici anemia"},
	}
	for _, tt := range tests {
		if got := strings.Join(normalizeEval(tt.in), " "); got != tt.want {
			t.Errorf("normalizeEval(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestContains(t *testing.T) {
	hay := normalizeEval("certain drugs such as diuretics and calcium-channel blockers")
	for _, tt := range []struct {
		needle string
		want   bool
	}{
		{"diuretics", true},
		{"calcium-channel blockers", true},
		{"drugs such as", true},
		{"diuretics calcium-channel blockers", false}, // not contiguous
		{"", false},
	} {
		if got := contains(hay, normalizeEval(tt.needle)); got != tt.want {
			t.Errorf("contains(%q) = %v", tt.needle, got)
		}
	}
}

func goldGroup() GoldGroup {
	return GoldGroup{
		Group: "g",
		Points: []GoldPoint{
			{Label: "iron deficiency", Aliases: []string{"iron deficiency", "low iron"}, Sources: []string{"S1", "S2", "S3"}},
			{Label: "pregnancy", Aliases: []string{"pregnancy", "pregnant"}, Sources: []string{"S1", "S2"}},
			{Label: "antihistamines", Aliases: []string{"antihistamines", "allergy medications", "cold and allergy medications"}, Sources: []string{"S2"}},
			{Label: "kidney failure", Aliases: []string{"kidney failure"}, Sources: []string{"S3"}},
		},
	}
}

func TestScore(t *testing.T) {
	system := Digest{Points: []Point{
		{Label: "Low iron levels", Sources: []string{"S1", "S2"}},        // 2 true
		{Label: "iron deficiency", Sources: []string{"S2", "S3"}},        // S2 repeated: false; S3 true
		{Label: "being pregnant", Sources: []string{"S1", "S2"}},         // 2 true
		{Label: "caffeine", Sources: []string{"S1"}},                     // false
		{Label: "cold and allergy medications", Sources: []string{"S3"}}, // matches antihistamines (longest alias), S3 not listed: false
	}}
	r := Score([]GoldGroup{goldGroup()}, map[string]Digest{"g": system})
	c := r.Total.Counts
	if c.SystemPairs != 8 || c.GoldPairs != 7 || c.TruePairs != 5 {
		t.Fatalf("counts %+v, want 8 system pairs, 7 gold, 5 true", c)
	}
	// Matched: iron (union S1,S2,S3 = 3 = gold 3: agreed), pregnancy (2 =
	// 2: agreed), antihistamines (union S3: 1 = 1 source, agreed by
	// count). Kidney failure unmatched.
	if c.Matched != 3 || c.Agreed != 3 {
		t.Errorf("matched %d agreed %d, want 3 and 3", c.Matched, c.Agreed)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	p, rec := 5.0/8, 5.0/7
	if !near(r.Total.Precision, p) || !near(r.Total.Recall, rec) || !near(r.Total.F1, 2*p*rec/(p+rec)) {
		t.Errorf("figures %+v", r.Total.Figures)
	}
	if len(r.Groups) != 1 || r.Groups[0].Group != "g" || r.Total.Group != "total" {
		t.Errorf("groups %+v", r.Groups)
	}
}

// A system point matches the gold point with the longest alias it holds.
func TestScoreLongestAlias(t *testing.T) {
	g := GoldGroup{Group: "g", Points: []GoldPoint{
		{Label: "heart failure", Aliases: []string{"heart failure", "heart or lung problems"}, Sources: []string{"A"}},
		{Label: "lung disease", Aliases: []string{"lung disease", "lung problems"}, Sources: []string{"A"}},
	}}
	r := Score([]GoldGroup{g}, map[string]Digest{"g": {Points: []Point{{Label: "having heart or lung problems", Sources: []string{"A"}}}}})
	if r.Total.TruePairs != 1 || r.Total.Matched != 1 {
		t.Fatalf("%+v", r.Total.Counts)
	}
	// Agreement: the union of sources must equal the gold count.
	r = Score([]GoldGroup{g}, map[string]Digest{"g": {Points: []Point{{Label: "lung problems", Sources: []string{"A", "B"}}}}})
	if r.Total.Agreed != 0 || r.Total.Matched != 1 || r.Total.TruePairs != 1 || r.Total.SystemPairs != 2 {
		t.Errorf("%+v", r.Total.Counts)
	}
}

func TestScoreMissingAndEmpty(t *testing.T) {
	r := Score([]GoldGroup{goldGroup()}, nil)
	if r.Total.GoldPairs != 7 || r.Total.SystemPairs != 0 || r.Total.F1 != 0 || r.Total.Agreement != 0 {
		t.Errorf("%+v", r.Total)
	}
	r = Score(nil, nil)
	if r.Total.F1 != 0 || len(r.Groups) != 0 {
		t.Errorf("%+v", r)
	}
}

func TestWriteOut(t *testing.T) {
	var b bytes.Buffer
	d := Digest{Points: []Point{{Label: "a & b", Sources: []string{"S1", "S2"}, Evidence: []Evidence{{}, {}}}}}
	if err := WriteOut(&b, []OutGroup{Out("g1", d), Out("g2", Digest{})}); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := `[{"group":"g1","points":[{"label":"a & b","sources":["S1","S2"]}]},{"group":"g2","points":[]}]`
	var w []map[string]any
	json.Unmarshal([]byte(want), &w)
	gj, _ := json.Marshal(got)
	wj, _ := json.Marshal(w)
	if string(gj) != string(wj) {
		t.Errorf("WriteOut wrote %s, want %s", b.String(), want)
	}
	if !strings.Contains(b.String(), "a & b") {
		t.Error("HTML escaping in the output")
	}
	b.Reset()
	if err := WriteOut(&b, nil); err != nil || strings.TrimSpace(b.String()) != "[]" {
		t.Errorf("WriteOut(nil) = %q, %v", b.String(), err)
	}
}

func TestEvalGold(t *testing.T) {
	q := composedQuestion()
	g := []GoldGroup{{
		Group: "seed", QType: q.qtype, Topic: q.topic,
		Points: []GoldPoint{
			{Label: "smoking", Aliases: []string{"smoking", "tobacco"}, Sources: []string{"A", "B", "C"}},
			{Label: "steroids", Aliases: []string{"steroids"}, Sources: []string{"B"}},
		},
	}}
	for _, a := range q.answers {
		g[0].Answers = append(g[0].Answers, GoldAnswer{Source: a.Source, ID: a.Key, Text: a.Text})
	}
	js, _ := json.Marshal(g)
	sys, naive, out, err := EvalGold(bytes.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 || out[0].Group != "seed" || len(out[0].Points) == 0 {
		t.Fatalf("out %+v", out)
	}
	if sys.Total.TruePairs != 4 || sys.Total.Agreement != 1 {
		t.Errorf("system %+v", sys.Total)
	}
	if naive.Total.SystemPairs <= sys.Total.SystemPairs {
		t.Errorf("naive states %d pairs, the digest %d", naive.Total.SystemPairs, sys.Total.SystemPairs)
	}
	var b bytes.Buffer
	if err := WriteReport(&b, sys, naive); err != nil || !strings.Contains(b.String(), "total") {
		t.Errorf("report %q, %v", b.String(), err)
	}
	if _, _, _, err := EvalGold(strings.NewReader("{")); err == nil {
		t.Error("bad JSON read")
	}
	if _, _, _, err := EvalGold(strings.NewReader(`[{"points":[]}]`)); err == nil {
		t.Error("a group with no name read")
	}
}

func TestNaive(t *testing.T) {
	d := Naive([]Answer{
		{Source: "A", Key: "a", Text: "Kidney failure and diabetes are causes."},
		{Source: "B", Key: "b", Text: "Diabetes may cause it. Kidney failures too."},
	})
	if err := checkDigest([]Answer{{Source: "A", Key: "a", Text: "Kidney failure and diabetes are causes."}, {Source: "B", Key: "b", Text: "Diabetes may cause it. Kidney failures too."}}, d); err != nil {
		t.Fatal(err)
	}
	p := pointWith(d, "diabetes")
	if p == nil || !slices.Equal(p.Sources, []string{"A", "B"}) {
		t.Errorf("diabetes: %+v", p)
	}
	if p := pointWith(d, "kidney failure"); p == nil || !slices.Equal(p.Sources, []string{"A", "B"}) {
		t.Errorf("kidney failure (stems match): %+v", p)
	}
}

func TestLeaveOneGroupOut(t *testing.T) {
	r := Result{Groups: []GroupResult{
		{Group: "a", Counts: Counts{Matched: 2}, Figures: Figures{F1: 0.5, Agreement: 1}},
		{Group: "b", Counts: Counts{Matched: 1}, Figures: Figures{F1: 1, Agreement: 0}},
		{Group: "c", Figures: Figures{F1: 0}}, // nothing matched: no agreement figure
	}}
	l := LeaveOneGroupOut(r)
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if l.F1.N != 3 || !near(l.F1.Mean, 0.5) || !near(l.F1.SD, math.Sqrt(1.0/6)) {
		t.Errorf("F1 %+v", l.F1)
	}
	if l.Agreement.N != 2 || !near(l.Agreement.Mean, 0.5) || !near(l.Agreement.SD, 0.5) {
		t.Errorf("agreement %+v", l.Agreement)
	}
	if z := LeaveOneGroupOut(Result{}); z.F1.N != 0 || z.F1.Mean != 0 {
		t.Errorf("empty %+v", z)
	}
	var b bytes.Buffer
	if err := WriteLeaveOneOut(&b, r, r); err != nil || !strings.Contains(b.String(), "F1 0.500 ± 0.408") {
		t.Errorf("%q, %v", b.String(), err)
	}
}
