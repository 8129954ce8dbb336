package eval

import (
	"maps"
	"strings"
	"testing"
)

func TestReadQrels(t *testing.T) {
	in := "TQ1 0 NINDS_0000246-1 2\n\n" +
		"TQ1 0 GARD_0004375-1 1\n" +
		"TQ1 0 NINDS_0000246-1 0\n" + // judged twice: the higher grade stays
		"TQ1\t0\tGHR_0000804-2\t1\n" +
		"TQ1 0 GHR_0000804-2 3\n" +
		"  TQ2 Q0 ADAM_0003147-1 0  \n" // any iteration, ragged spacing
	q, err := ReadQrels(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := Qrels{
		"TQ1": {"NINDS_0000246-1": 2, "GARD_0004375-1": 1, "GHR_0000804-2": 3},
		"TQ2": {"ADAM_0003147-1": 0},
	}
	if !maps.EqualFunc(q, want, maps.Equal) {
		t.Errorf("ReadQrels = %v, want %v", q, want)
	}
	if g := q.Grade("TQ1", "GHR_0000804-2"); g != 3 {
		t.Errorf("Grade = %d, want 3", g)
	}
	if g := q.Grade("TQ1", "unjudged"); g != 0 {
		t.Errorf("Grade of an unjudged entry = %d, want 0", g)
	}
	if g := q.Grade("TQ9", "NINDS_0000246-1"); g != 0 {
		t.Errorf("Grade for an unknown question = %d, want 0", g)
	}
}

func TestReadQrelsErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"three fields", "TQ1 0 A 1\nTQ1 0 B\n", "line 2: want 4 fields"},
		{"five fields", "TQ1 0 A 1 x\n", "line 1: want 4 fields"},
		{"word grade", "\n\nTQ1 0 A good\n", `line 3: grade "good"`},
		{"grade too high", "TQ1 0 A 4\n", `line 1: grade "4"`},
		{"negative grade", "TQ1 0 A -1\n", `line 1: grade "-1"`},
		{"fractional grade", "TQ1 0 A 1.5\n", `line 1: grade "1.5"`},
	}
	for _, tt := range tests {
		_, err := ReadQrels(strings.NewReader(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

// TestDevQrels checks the shared file against its README: 51 questions
// and the grade counts of its 1,196 lines, with no pair judged twice.
func TestDevQrels(t *testing.T) {
	q := readDevQrels(t)
	counts := map[int]int{}
	for _, judged := range q {
		for _, g := range judged {
			counts[g]++
		}
	}
	if want := map[int]int{0: 751, 1: 276, 2: 90, 3: 79}; len(q) != 51 || !maps.Equal(counts, want) {
		t.Errorf("%d questions, grade counts %v; want 51 and %v", len(q), counts, want)
	}
}
