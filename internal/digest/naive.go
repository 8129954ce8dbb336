package digest

import (
	"sort"
	"strings"
)

// Naive is the peer the digest is measured against: every distinct noun
// phrase of the answers (a run of words between function words and
// punctuation) is a point, and noun phrases are grouped when their stems
// are exactly the same.
func Naive(answers []Answer) Digest {
	type group struct {
		p     Point
		ev    map[string]Evidence
		first int
	}
	groups := map[string]*group{}
	var order []string
	n := 0
	for i, a := range answers {
		for _, u := range units(i, a.Text) {
			toks := u.toks
			for k := 0; k < len(toks); {
				if !toks[k].word() || naiveStop(toks[k].w) {
					k++
					continue
				}
				j := k
				var stems []string
				for j < len(toks) && (toks[j].word() && !naiveStop(toks[j].w) || toks[j].p == '-' && j+1 < len(toks) && toks[j+1].word()) {
					if toks[j].word() {
						stems = append(stems, toks[j].stem)
					}
					j++
				}
				key := strings.Join(stems, " ")
				g, ok := groups[key]
				if !ok {
					g = &group{p: Point{Label: u.text[toks[k].s:toks[j-1].e]}, ev: map[string]Evidence{}, first: n}
					groups[key] = g
					order = append(order, key)
				}
				n++
				if _, ok := g.ev[a.Source]; !ok {
					g.ev[a.Source] = Evidence{Source: a.Source, AnswerKey: a.Key, Sentence: u.text}
				}
				k = j
			}
		}
	}
	var d Digest
	for _, k := range order {
		g := groups[k]
		for s := range g.ev {
			g.p.Sources = append(g.p.Sources, s)
		}
		sort.Strings(g.p.Sources)
		for _, s := range g.p.Sources {
			g.p.Evidence = append(g.p.Evidence, g.ev[s])
		}
		g.p.Voices = len(g.p.Sources) // the peer takes every source as independent
		d.Points = append(d.Points, g.p)
	}
	sort.SliceStable(d.Points, func(i, j int) bool { return len(d.Points[i].Sources) > len(d.Points[j].Sources) })
	return d
}

func naiveStop(w string) bool {
	return stopWords[w] || determiners[w] || adverbs[w] || negations[w] || genericMods[w] || finiteVerb[w]
}
