package main

import (
	"bufio"
	"fmt"
	"os"
	"slices"
)

// derivedNouns are the pairs "adjective\tnoun" that WordNet 3.0 links by
// a derivation pointer ("+") from a word of an adjective synset to a word
// of a noun synset in a health file (healthFiles): "obese" and "obesity",
// "diabetic" and "diabetes". The noun is a one-word topic name of the
// release (names), the adjective a single word of letters. The search
// takes such a pair as one word where the two share a stem (a message's
// "obese" names Obesity), beside Hunspell's forms of one entry
// (wordforms.go); it never expands a query with them.
func derivedNouns(wn *wordNet, names map[string]bool) []string {
	seen := map[string]bool{}
	for _, s := range wn.data['a'] {
		for _, p := range s.Pointers {
			if p.Symbol != "+" || p.POS != 'n' || p.Source < 1 || p.Source > len(s.Words) || p.Target < 1 {
				continue
			}
			n := wn.data['n'][p.Offset]
			if n == nil || p.Target > len(n.Words) || !healthFiles['n'][n.LexFile] {
				continue
			}
			adj, noun := lemma(s.Words[p.Source-1]), lemma(n.Words[p.Target-1])
			if names[noun] && usable(adj) && usable(noun) && !hasSpace(adj) && !hasSpace(noun) {
				seen[adj+"\t"+noun] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func hasSpace(s string) bool { return slices.Contains([]byte(s), ' ') }

// writeLines writes the lines under a header of comment lines.
func writeLines(header, lines []string, out string) error {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	for _, h := range header {
		fmt.Fprintln(bw, "# "+h)
	}
	for _, l := range lines {
		fmt.Fprintln(bw, l)
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
