package search

import (
	"slices"
	"strings"
	"sync"
)

// Word forms. The lexicon meets a message's word and a name's word that
// share a Snowball stem, which joins the forms of one word ("snores",
// "snoring") but also different words: "test" and "testes", "system"
// and "systemic". Whether two words sharing a stem are one word is
// decided from general resources, not a hand list: Hunspell's lists,
// where both are forms of one listed word through its suffix rules, and
// WordNet, where one is a synonym or pertainym of the other in
// synonyms.tsv ("diabetic" pertains to "diabetes").

// sameWord reports whether the message's word w (lower case, as
// written) and a name's word keyed key (singular() of it) are forms of
// one word, by the Hunspell lists l. Without lists it cannot tell, and
// says yes, as the stem match alone did.
func sameWord(l *wordList, w, key string) bool {
	if l == nil {
		return true
	}
	// key is the name's word, or that word less a final s.
	names := []string{key, key + "s"}
	pairs := wordNetPairs()
	for _, n := range names {
		if pairs[w+" "+n] || pairs[n+" "+w] {
			return true
		}
	}
	a := l.lemmas(nil, w)
	var b []string
	for _, n := range names {
		b = l.lemmas(b, n)
	}
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// wordNetPairs are synonyms.tsv's pairs of single words, "source target",
// either way round as the file has them.
var wordNetPairs = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for line := range strings.Lines(synonymsTSV) {
		src, targets, ok := strings.Cut(strings.TrimRight(line, "\n"), "\t")
		if !ok || src == "" || src[0] == '#' || strings.ContainsRune(src, ' ') {
			continue
		}
		for _, t := range strings.Split(targets, "|") {
			if !strings.ContainsRune(t, ' ') {
				m[src+" "+t] = true
			}
		}
	}
	return m
})
