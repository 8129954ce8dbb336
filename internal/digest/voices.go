package digest

import (
	"cmp"
	"slices"
	"sort"
)

// Independent voices. Some sources reproduce another's text nearly
// word for word (GARD often repeats Genetics Home Reference, MedlinePlus
// NHLBI): a point two such sources state is stated once, by the source
// whose text it is. Each point's evidence from a source that repeats
// another of the point's sources names that source (Evidence.Repeats),
// and Point.Voices counts the rest: the independent sources. Points are
// ordered by voices.
//
// Two sources are one voice on a point when
//
//   - their answers are near-duplicates: at least half of the word
//     5-shingles of one answer occur in the other's (answerRepeat), or
//   - their evidence sentences for the point are: the Jaccard similarity
//     of the two sentences' sets of word 3-shingles is at least one half
//     (sentenceRepeat).
//
// The thresholds are set on general grounds, not fitted: one half is
// "most of the text is the other's"; 5-word shingles are the usual unit
// for whole documents (two independent texts seldom share a five-word
// run, the topic's name and "is inherited in an autosomal" aside), and a
// sentence, being short, is compared on 3-word shingles, so that one
// word changed in a sentence of eleven words or more keeps it a copy.
// Measured over MedQuAD (every question that two sources answer, each
// source's first answer; docs/BENCHMARKS.md, "Consensus digest"), the
// pairs of sources that never copy one another (GHR and NINDS, GHR and
// NIDDK) fall below both thresholds in all but a handful of sentence
// pairs, while GARD–GHR, GARD–NINDS, MedlinePlus–NHLBI and
// NHLBI–NIHSeniorHealth pass them often.
//
// Which source is the original is decided by one rule for every pair:
// the one whose answer contains the other's text. Of two answers, the one
// with the larger share of its 5-shingles found in the other is the
// repeater (an excerpt of a longer text is all in it; the longer text is
// not all in the excerpt); on equal shares, the answer with more
// shingles is the original, and on equal sizes the source first in key
// order. The rule is the same for a copied sentence: the answers decide.

// Shingle sizes and the one-half thresholds, see above.
const (
	answerShingle   = 5
	sentenceShingle = 3
	repeatShare     = 0.5
)

// answerShingles holds each answer's word 5-shingles, hashed, sorted
// and distinct; nil until needed.
type answerShingles [][]uint64

// shinglesOf returns the hashed k-shingles of the words of text, sorted
// and distinct; a text of fewer than k words is one shingle.
func shinglesOf(text string, k int) []uint64 {
	return shingleWords(appendWords(nil, tokenize(text)), k)
}

// appendWords appends the words among toks to words.
func appendWords(words []string, toks []tok) []string {
	for i := range toks {
		if toks[i].word() {
			words = append(words, toks[i].w)
		}
	}
	return words
}

// shingleWords returns the hashed k-shingles of words.
func shingleWords(words []string, k int) []uint64 {
	if len(words) == 0 {
		return []uint64{}
	}
	if len(words) < k {
		k = len(words)
	}
	out := make([]uint64, 0, len(words)-k+1)
	for i := 0; i+k <= len(words); i++ {
		h := uint64(14695981039346656037) // FNV-1a, words separated
		for _, w := range words[i : i+k] {
			for j := 0; j < len(w); j++ {
				h ^= uint64(w[j])
				h *= 1099511628211
			}
			h ^= ' '
			h *= 1099511628211
		}
		out = append(out, h)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// common counts the values two sorted, distinct slices share.
func common[T cmp.Ordered](a, b []T) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return n
}

// shares returns the share of a's shingles found in b, and of b's in a.
func shares(a, b []uint64) (float64, float64) {
	if len(a) == 0 || len(b) == 0 {
		return 0, 0
	}
	c := float64(common(a, b))
	return c / float64(len(a)), c / float64(len(b))
}

// repeats reports whether answer i's text repeats answer j's by the rule
// above: i's share in j is larger (or equal, and i is the smaller text,
// or of equal size and later in source key order).
func (b *builder) repeats(sh answerShingles, i, j int) bool {
	si, sj := shares(sh[i], sh[j])
	switch {
	case si != sj:
		return si > sj
	case len(sh[i]) != len(sh[j]):
		return len(sh[i]) < len(sh[j])
	}
	return b.answers[i].Source > b.answers[j].Source
}

// answerRepeat reports whether answers i and j are near-duplicates.
func answerRepeat(sh answerShingles, i, j int) bool {
	si, sj := shares(sh[i], sh[j])
	return max(si, sj) >= repeatShare
}

// sentenceRepeat reports whether two sentences are near-duplicates.
func sentenceRepeat(a, b string) bool {
	return sentenceRepeatIn(nil, a, b)
}

// sentenceShingles caches sentences' shingles within one digest: a
// sentence is the evidence of several points.
type sentenceShingles map[string][]uint64

func (c sentenceShingles) of(s string) []uint64 {
	if c == nil {
		return shinglesOf(s, sentenceShingle)
	}
	sh, ok := c[s]
	if !ok {
		sh = shinglesOf(s, sentenceShingle)
		c[s] = sh
	}
	return sh
}

func sentenceRepeatIn(cache sentenceShingles, a, b string) bool {
	if a == b {
		return true
	}
	sa, sb := cache.of(a), cache.of(b)
	c := common(sa, sb)
	union := len(sa) + len(sb) - c
	return union > 0 && float64(c)/float64(union) >= repeatShare
}

// markVoices sets, in each point, Repeats on the evidence of a source
// that repeats another of the point's sources, and Voices.
func (b *builder) markVoices(ps []Point) {
	sh := make(answerShingles, len(b.answers)) // filled as points with two sources need them
	byKey := make(map[string]int, len(b.answers))
	for i, a := range b.answers {
		if _, ok := byKey[a.Key]; !ok {
			byKey[a.Key] = i
		}
	}
	cache := sentenceShingles{}
	for pi := range ps {
		b.markPoint(&ps[pi], sh, byKey, cache)
	}
}

// shingle computes answer i's shingles the first time they are needed.
func (b *builder) shingle(sh answerShingles, i int) {
	if sh[i] != nil {
		return
	}
	// The answer's units hold its words already tokenized.
	var words []string
	for _, u := range b.units[i] {
		words = appendWords(words, u.toks)
	}
	sh[i] = shingleWords(words, answerShingle)
}

func (b *builder) markPoint(p *Point, sh answerShingles, byKey map[string]int, cache sentenceShingles) {
	ev := p.Evidence
	ans := make([]int, len(ev))
	for i, e := range ev {
		a, ok := byKey[e.AnswerKey]
		if !ok {
			a = -1
		}
		ans[i] = a
	}
	f := make(uf, len(ev))
	for i := range f {
		f[i] = i
	}
	for i := range ev {
		for j := i + 1; j < len(ev); j++ {
			if ans[i] < 0 || ans[j] < 0 || ans[i] == ans[j] {
				continue
			}
			b.shingle(sh, ans[i])
			b.shingle(sh, ans[j])
			if answerRepeat(sh, ans[i], ans[j]) || sentenceRepeatIn(cache, ev[i].Sentence, ev[j].Sentence) {
				f.union(i, j)
			}
		}
	}
	clusters := map[int][]int{}
	for i := range ev {
		r := f.find(i)
		clusters[r] = append(clusters[r], i)
	}
	p.Voices = len(clusters)
	for _, is := range clusters {
		if len(is) < 2 {
			continue
		}
		orig := b.original(is, ans, sh)
		for _, i := range is {
			if i != orig {
				ev[i].Repeats = ev[orig].Source
			}
		}
	}
}

// original returns the member of a cluster of evidence that the most
// others repeat; on a tie, the first in the point's source order.
func (b *builder) original(is, ans []int, sh answerShingles) int {
	sort.Ints(is)
	best, bestN := is[0], -1
	for _, i := range is {
		n := 0
		for _, j := range is {
			if i != j && b.repeats(sh, ans[j], ans[i]) {
				n++
			}
		}
		if n > bestN {
			best, bestN = i, n
		}
	}
	return best
}
