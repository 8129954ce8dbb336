package search

import (
	"math"
	"slices"
	"strings"
	"sync"
)

// Partial names (issue 11, class 1). People name a topic by part of its
// name ("hypercholesterolemia" for familial hypercholesterolemia), in
// another order ("leukemia, chronic lymphocytic") or without its generic
// head. findFoci finds only whole names; nameMatcher scores the names a
// message states in part, weighing each word by how few names use it
// (an IDF over the names): a message that says the words which tell a
// topic from the others names it, one that shares only "disease" or
// "chronic" with it does not.
type nameMatcher struct {
	words   [][]string         // per name: its distinct content stems
	head    [][]bool           // per name and stem: one of its words there is a head (not a modifier)
	weight  []float32          // per name: the sum of its stems' IDF
	topics  [][]int32          // per name: the topics it names
	byStem  map[string][]int32 // stem → the names using it
	idf     map[string]float32 // stem → IDF over all names
	brands  brandMap           // brand word → generic words (brands.go)
	scratch sync.Pool          // *nameScratch
}

const (
	// minCoverage is the share of a name's IDF weight a message must
	// state: more than half of what tells the name apart.
	minCoverage = 0.5
	// maxSeedNames: a word used by more names than this ("syndrome",
	// "disease") never proposes candidates itself; it still counts
	// towards a name the message's rarer words proposed.
	maxSeedNames = 400
	// maxPartialTopics bounds the topics one message adds this way.
	maxPartialTopics = 24
)

// newNameMatcher indexes the lexicon's names of two or more words by
// their stems. The names' numbering follows the map order, which no
// result depends on: match keeps each topic's best coverage and sorts.
func newNameMatcher(l *lexicon, st *stemmer) *nameMatcher {
	m := &nameMatcher{byStem: make(map[string][]int32, len(l.vocab)), idf: make(map[string]float32, len(l.vocab))}
	lead := modifierCounts(l)
	df := make(map[string]int, len(l.vocab))
	for k, topics := range l.entries {
		stems, ws := nameStems(k, st)
		for _, s := range stems {
			df[s]++
		}
		if len(strings.Fields(k)) < 2 || l.abbrev[k] || len(stems) == 0 {
			continue
		}
		head := make([]bool, len(stems))
		for _, w := range ws {
			if lead[w] <= 0 {
				head[slices.Index(stems, st.stem(w))] = true
			}
		}
		n := int32(len(m.words))
		m.words = append(m.words, stems)
		m.head = append(m.head, head)
		m.topics = append(m.topics, topics)
		for _, s := range stems {
			m.byStem[s] = append(m.byStem[s], n)
		}
	}
	total := float64(len(l.entries) + 1)
	for s, n := range df {
		m.idf[s] = float32(math.Log(total / (float64(n) + 0.5)))
	}
	m.scratch.New = func() any { return &nameScratch{sum: make([]float32, len(m.words))} }
	m.weight = make([]float32, len(m.words))
	for i, ws := range m.words {
		for _, s := range ws {
			m.weight[i] += m.idf[s]
		}
	}
	return m
}

// nameStems are a name key's distinct stems and its words, stop words
// left out. Stems meet the message's other forms of a word ("urine",
// "urination"); whether a word is a head is a property of the word, not
// the stem ("thyroiditis" is a head, "thyroid" mostly a modifier).
func nameStems(key string, st *stemmer) (stems, ws []string) {
	for _, w := range strings.Fields(key) {
		if stopWords[w] {
			continue
		}
		ws = append(ws, w)
		if s := st.stem(w); !slices.Contains(stems, s) {
			stems = append(stems, s)
		}
	}
	return stems, ws
}

// modifierCounts counts, per word, the names of two or more words that
// use it before their last word, less those that end with it: above
// zero, the word is a modifier ("familial", "acute", "hashimoto"), and
// a name stated without it is still that name; a name stated without
// its head ("leukemia", "thyroiditis") is another.
func modifierCounts(l *lexicon) map[string]int {
	lead := make(map[string]int, len(l.vocab))
	for k := range l.entries {
		ws := strings.Fields(k)
		if len(ws) < 2 {
			continue
		}
		for j, w := range ws {
			if j == len(ws)-1 {
				lead[w]--
			} else {
				lead[w]++
			}
		}
	}
	return lead
}

// isCode: a number or a one- or two-letter word ("13", "2", "d"), which
// tells a name from its neighbours absolutely ("trisomy 13" is not
// "trisomy 18"), so a partial match must state it.
func isCode(s string) bool {
	if len(s) <= 2 {
		return true
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// partialMatch is a topic a message names in part, and how much of the
// name it states (0.5–1).
type partialMatch struct {
	topic    int32
	coverage float64
}

// match finds the names the message's stems state in part. stems[i] is
// the stem of the message's i-th word ("" for a stop word); weight[i]
// scales what word i proposes (1 in the main sentences, less in the
// narrative around them, see message.go). A name's words must all lie
// within a window of its length plus two around the word that proposed
// it, so words from separate sentences do not make a name.
//
// It runs on every ask, so it first adds up, per name, the IDF of its
// stems the message holds anywhere (a table, not a map), and checks the
// window, heads and codes only for names that reach minCoverage so.
func (m *nameMatcher) match(stems []string, weight []float64) []partialMatch {
	at := make(map[string][]int, len(stems))
	for i, s := range stems {
		if s != "" {
			at[s] = append(at[s], i)
		}
	}
	sc := m.scratch.Get().(*nameScratch)
	defer m.release(sc)
	for s := range at {
		idf := m.idf[s]
		for _, n := range m.byStem[s] {
			if sc.sum[n] == 0 {
				sc.touched = append(sc.touched, n)
			}
			sc.sum[n] += idf
		}
	}
	// The words a name may be matched around (rarer ones), decided once
	// per message rather than once per candidate name.
	seed := make([]bool, len(stems))
	for i, s := range stems {
		seed[i] = s != "" && len(m.byStem[s]) <= maxSeedNames
	}
	best := map[int32]float64{} // topic → best coverage
	for _, n := range sc.touched {
		// The sums add in map order, so the bound leaves room for
		// rounding; coverage decides exactly.
		if sc.sum[n] < minCoverage*m.weight[n]*0.999 {
			continue
		}
		for i, s := range stems {
			if !seed[i] || !slices.Contains(m.words[n], s) {
				continue
			}
			c := m.coverage(n, i, at) * weight[i]
			if c < minCoverage*weight[i] {
				continue
			}
			for _, t := range m.topics[n] {
				best[t] = max(best[t], c)
			}
		}
	}
	out := make([]partialMatch, 0, len(best))
	for t, c := range best {
		out = append(out, partialMatch{t, c})
	}
	slices.SortFunc(out, func(a, b partialMatch) int {
		if a.coverage != b.coverage {
			if a.coverage > b.coverage {
				return -1
			}
			return 1
		}
		return int(a.topic - b.topic)
	})
	return out[:min(len(out), maxPartialTopics)]
}

// nameScratch is one match's per-name sums, reused across asks.
type nameScratch struct {
	sum     []float32
	touched []int32
}

func (m *nameMatcher) release(sc *nameScratch) {
	for _, n := range sc.touched {
		sc.sum[n] = 0
	}
	sc.touched = sc.touched[:0]
	m.scratch.Put(sc)
}

// coverage is the share of name n's IDF weight stated near word i.
func (m *nameMatcher) coverage(n int32, i int, at map[string][]int) float64 {
	ws := m.words[n]
	span := len(ws) + 2
	var got float32
	head := false
	for j, s := range ws {
		switch {
		case near(at[s], i, span):
			got += m.idf[s]
			head = head || m.head[n][j]
		case isCode(s) || m.head[n][j]:
			return 0 // a name without its head or its number is another name
		}
	}
	if !head || m.weight[n] <= 0 {
		return 0 // only modifiers stated: "causes" does not name "causes of diabetes"
	}
	return float64(got / m.weight[n])
}

func near(positions []int, i, span int) bool {
	for _, p := range positions {
		if p >= i-span && p <= i+span {
			return true
		}
	}
	return false
}
