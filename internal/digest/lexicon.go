package digest

import (
	_ "embed"
	"sort"
	"strings"
	"unicode"
)

// The lexicon: wordings the digest treats as one because MedQuAD's own
// answers say they are, in the form "enlarged spleen (splenomegaly)". It
// is generated over every answer of the release by lexgen with filters
// fixed in advance (docs/DIGEST-RULES.md) and applied whole; no entry is
// chosen by hand. Anything not in it must be written with the same words
// (after stemming) to be grouped.
//
//go:generate go run ./lexgen -zip ../../../shared/data/MedQuAD-master.zip -out lexicon_pairs.tsv

//go:embed lexicon_pairs.tsv
var lexiconPairs string

// wordLexicon rewrites relational adjectives to the noun they pertain
// to, before stemming ("renal" is "kidney", "abdominal" "abdomen"): WordNet
// 3.0's pertainyms, generated whole by wngen (docs/DIGEST-RULES.md).
//
//go:generate go run ./wngen -wordnet /usr/share/wordnet -out pertainyms.tsv
var wordLexicon = pertainymMap(pertainymsTSV)

//go:embed pertainyms.tsv
var pertainymsTSV string

func pertainymMap(tsv string) map[string]string {
	m := map[string]string{}
	for _, line := range strings.Split(tsv, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		if a, n, ok := strings.Cut(line, "\t"); ok {
			m[a] = n
		}
	}
	return m
}

// phraseLexicon is the generated pairs joined into classes: each entry
// is the canonical wording (the one of fewest words, then the shortest,
// then the first in byte order), then the wordings that mean it.
var phraseLexicon = lexiconClasses(lexiconPairs)

func lexiconClasses(tsv string) [][]string {
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		p, ok := parent[x]
		if !ok || p == x {
			parent[x] = x
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	var order []string
	for _, line := range strings.Split(tsv, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 {
			continue
		}
		for _, w := range f[:2] {
			if _, ok := parent[w]; !ok {
				order = append(order, w)
			}
		}
		if a, b := find(f[0]), find(f[1]); a != b {
			parent[a] = b
		}
	}
	members := map[string][]string{}
	var roots []string
	for _, w := range order {
		r := find(w)
		if members[r] == nil {
			roots = append(roots, r)
		}
		members[r] = append(members[r], w)
	}
	var out [][]string
	for _, r := range roots {
		ms := members[r]
		sort.Slice(ms, func(i, j int) bool {
			a, b := ms[i], ms[j]
			if na, nb := len(strings.Fields(a)), len(strings.Fields(b)); na != nb {
				return na < nb
			}
			if len(a) != len(b) {
				return len(a) < len(b)
			}
			return a < b
		})
		out = append(out, ms)
	}
	return out
}

// lexEntry is one compiled phraseLexicon rewrite.
type lexEntry struct {
	from, to []string // stems
}

// lexByFirst indexes the phrase lexicon by the first stem of each phrase,
// longest phrases first; lexFirst is its set of keys, fixed at start so
// that words can carry it.
var (
	lexByFirst = compileLexicon()
	lexFirst   = lexKeys()
)

func lexKeys() map[string]bool {
	m := map[string]bool{}
	for k := range lexByFirst {
		m[k] = true
	}
	return m
}

func compileLexicon() map[string][]lexEntry {
	m := map[string][]lexEntry{}
	for _, e := range phraseLexicon {
		to := phraseStems(e[0])
		for _, f := range e[1:] {
			from := phraseStems(f)
			m[from[0]] = append(m[from[0]], lexEntry{from: from, to: to})
		}
	}
	for k, es := range m {
		for i := 1; i < len(es); i++ {
			for j := i; j > 0 && len(es[j].from) > len(es[j-1].from); j-- {
				es[j], es[j-1] = es[j-1], es[j]
			}
		}
		m[k] = es
	}
	return m
}

// phraseStems returns the key stems of a phrase's words, split as
// tokenize splits them (it runs before the word cache can be used).
func phraseStems(p string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(p), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	}) {
		out = append(out, computeKeyStem(w))
	}
	return out
}

// hpoNonPhenotype are rows of GARD's Human Phenotype Ontology tables that
// describe how a condition is inherited or arises, not a sign or symptom.
var hpoNonPhenotype = []string{"inheritance", "sporadic", "somatic mutation", "heterogeneity", "heterogeneous", "mosaicism"}

func isHPONonPhenotype(label string) bool {
	l := strings.ToLower(label)
	for _, m := range hpoNonPhenotype {
		if strings.Contains(l, m) {
			return true
		}
	}
	return false
}
