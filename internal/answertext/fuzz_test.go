package answertext

import (
	"path/filepath"
	"testing"
)

// FuzzParse checks, on any text, that Parse and Snippet do not panic and
// keep their promises: the blocks hold the text's words in order, minus
// only consumed "-" and ":" tokens, and snippets are prefixes of Plain cut
// between runes. The seeds are the unit tests' real excerpts, the golden
// answers and shapes that stress the heuristics.
func FuzzParse(f *testing.F) {
	for _, tt := range parseTests {
		f.Add(tt.in)
	}
	inputs, _ := filepath.Glob(filepath.Join("testdata", "golden", "*.txt"))
	for _, in := range inputs {
		f.Add(readFile(f, in))
	}
	for _, s := range []string{
		"-", "- ", " - ", "--", "- -", "-  -  -", "a  - ", "a  -\n-\n- b", "\n-\n", "a - b  - c",
		"Summary : ", "Summary :  - a  - b", "What? ", "What is it?", "What is it? a", "Is it?  - a  - b",
		"a. b  - c. b", "x  - a. a  - b. a b", "- a. a", ". a", "a.  b", "a:\nB\nC",
		"Signs and Symptoms Approximate number of patients (when available) - - 5% The Human Phenotype Ontology (HPO) has collected",
		"Signs and Symptoms Approximate number of patients (when available) A 1/2 B -",
		"\xff - \xfe  - \xc3", "é  - è\u00a0- ê\u2028- ë", "\t\v\f\r\n", "a\u0085b  \u00a0 - c",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		blocks := Parse(text)
		if err := checkWords(text, blocks); err != nil {
			t.Fatalf("Parse(%q): %v\n%s", text, err, render(blocks))
		}
		for _, max := range []int{1, 2, 7, 100} {
			if err := checkSnippet(text, max, Snippet(text, max)); err != nil {
				t.Fatalf("Snippet(%q, %d): %v", text, max, err)
			}
		}
	})
}
