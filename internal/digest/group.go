package digest

import (
	"slices"
	"sort"
	"strings"
)

// uf is a union-find over candidates.
type uf []int

func (f uf) find(i int) int {
	for f[i] != i {
		f[i] = f[f[i]]
		i = f[i]
	}
	return i
}

func (f uf) union(i, j int) {
	a, b := f.find(i), f.find(j)
	if a != b {
		if a < b {
			f[b] = a
		} else {
			f[a] = b
		}
	}
}

// group unions candidates that name the same thing: the same statement,
// the same key, a verb + object part in common, a member named by another
// source, or a more general wording of exactly one more specific point
// ("stimulants" and "central nervous system stimulants", but not "pain"
// when both "bone pain" and "abdominal pain" are points).
func (b *builder) group() uf {
	f := make(uf, len(b.cands))
	for i := range f {
		f[i] = i
	}
	byKey := map[string]int{}
	for i, c := range b.cands {
		for _, k := range c.strong {
			if j, ok := byKey[k]; ok {
				f.union(i, j)
			} else {
				byKey[k] = i
			}
		}
	}
	primary := map[string]int{}
	for i, c := range b.cands {
		if _, ok := primary[c.key]; !ok {
			primary[c.key] = i
		}
	}
	for i, c := range b.cands {
		for _, k := range c.weak {
			if j, ok := primary[k]; ok {
				f.union(i, j)
			}
		}
	}
	// More general wordings.
	byHead := map[string][]int{}
	for i, c := range b.cands {
		if c.head != "" {
			byHead[c.head] = append(byHead[c.head], i)
		}
	}
	for _, is := range byHead {
		if len(is) < 2 {
			continue
		}
		for _, i := range is {
			ci := b.cands[i]
			var supers []int
			for _, j := range is {
				cj := b.cands[j]
				if f.find(i) != f.find(j) && len(cj.mods) > len(ci.mods) && subset(ci.mods, cj.mods) && !addsPolarity(ci.mods, cj.mods) &&
					!(b.namesCondition(cj) && !b.namesCondition(ci)) {
					supers = append(supers, j)
				}
			}
			if len(supers) == 0 || !chain(b.cands, supers) {
				continue
			}
			for _, j := range supers {
				f.union(i, j)
			}
		}
	}
	// A generic head is the general wording of the one specific point
	// with the same modifiers: "kidney problems" and "kidney failure",
	// unless "kidney stones" is a point too.
	for i, ci := range b.cands {
		if ci.head == "" || !ci.ghead {
			continue
		}
		words := withHead(ci)
		roots := map[int]bool{}
		for j, cj := range b.cands {
			if cj.head == "" || cj.ghead || f.find(i) == f.find(j) {
				continue
			}
			if all := withHead(cj); len(all) > len(words) && subset(words, all) && !addsPolarity(words, all) {
				roots[f.find(j)] = true
			}
		}
		if len(roots) == 1 {
			for r := range roots {
				f.union(i, r)
			}
		}
	}
	return f
}

// namesCondition reports a candidate whose words, as written, name a
// condition ("periodic limb movement disorder"): such a name is no more
// specific wording of a plain word it contains ("movement") but another
// thing.
func (b *builder) namesCondition(c *cand) bool {
	text := c.raw.ph.text(c.raw.u)
	if i := strings.IndexByte(text, '('); i > 0 {
		text = text[:i] // an acronym after the name: "(PLMD)"
	}
	ws := strings.Fields(lower(text))
	return len(ws) > 1 && conditionHeads[stem(strings.Trim(ws[len(ws)-1], ".,;:"))]
}

// withHead returns a candidate's modifiers and head, sorted.
func withHead(c *cand) []string {
	out := append(append([]string(nil), c.mods...), c.head)
	sort.Strings(out)
	return out
}

// polarStems are stems that reverse or redirect what a phrase says: a
// negation or a polarity verb ("no weight loss", "avoiding alcohol").
var polarStems = func() map[string]bool {
	m := map[string]bool{"not": true}
	for w := range polarityVerbs {
		m[stem(w)] = true
	}
	return m
}()

// addsPolarity reports whether b has a negation or polarity verb that a
// lacks: "weight loss" is no general wording of "no weight loss".
func addsPolarity(a, b []string) bool {
	for _, x := range b {
		if polarStems[x] && !slices.Contains(a, x) {
			return true
		}
	}
	return false
}

// subset reports whether sorted a is a subset of sorted b.
func subset(a, b []string) bool {
	j := 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j == len(b) || b[j] != x {
			return false
		}
		j++
	}
	return true
}

// chain reports whether the candidates' modifier sets are pairwise
// comparable: they all say the same thing more or less specifically.
func chain(cs []*cand, is []int) bool {
	for a := 0; a < len(is); a++ {
		for b := a + 1; b < len(is); b++ {
			x, y := cs[is[a]].mods, cs[is[b]].mods
			if !subset(x, y) && !subset(y, x) {
				return false
			}
		}
	}
	return true
}
