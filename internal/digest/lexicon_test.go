package digest

import (
	"slices"
	"strings"
	"testing"
)

func TestLexiconClasses(t *testing.T) {
	tsv := "# comment\n" +
		"droopy eyelids\tptosis\t27\tX_1\n" +
		"drooping eyelids\tptosis\t4\tX_2\n" +
		"fainting\tsyncope\t7\tX_3\n" +
		"malformed line\n\n"
	got := lexiconClasses(tsv)
	want := [][]string{{"ptosis", "droopy eyelids", "drooping eyelids"}, {"syncope", "fainting"}}
	if len(got) != len(want) {
		t.Fatalf("classes %q, want %q", got, want)
	}
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("class %d = %q, want %q (canonical first: fewest words, then shortest)", i, got[i], want[i])
		}
	}
}

// The embedded data is what lexgen writes: four fields a line, and no
// class longer than lexgen's bound.
func TestLexiconData(t *testing.T) {
	n := 0
	for _, line := range strings.Split(lexiconPairs, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		if f := strings.Split(line, "\t"); len(f) != 4 || f[0] == "" || f[1] == "" {
			t.Errorf("bad line %q", line)
		}
		n++
	}
	if n < 50 {
		t.Errorf("%d pairs in lexicon_pairs.tsv", n)
	}
	for _, c := range phraseLexicon {
		if len(c) < 2 || len(c) > 3 {
			t.Errorf("class %q", c)
		}
	}
}
