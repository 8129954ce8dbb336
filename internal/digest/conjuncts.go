package digest

import "strings"

// splitTop splits [i, j) at top-level (outside parentheses) tokens for
// which at reports true, dropping those tokens.
func splitTop(toks []tok, i, j int, at func(t *tok) bool) [][2]int {
	var out [][2]int
	depth := 0
	start := i
	for k := i; k < j; k++ {
		t := &toks[k]
		switch t.p {
		case '(', '[':
			depth++
		case ')', ']':
			if depth > 0 {
				depth--
			}
		}
		if depth == 0 && at(t) {
			out = append(out, [2]int{start, k})
			start = k + 1
		}
	}
	return append(out, [2]int{start, j})
}

func isComma(t *tok) bool { return t.p == ',' || t.p == ';' }
func isConj(t *tok) bool  { return t.w == "and" || t.w == "or" || t.w == "and/or" }

func startsWithConj(toks []tok, r [2]int) bool {
	for k := r[0]; k < r[1]; k++ {
		if toks[k].word() {
			return isConj(&toks[k])
		}
		if toks[k].p != '/' {
			return false
		}
	}
	return false
}

// hasTopConj reports a top-level "and" or "or" in the range.
func hasTopConj(toks []tok, r [2]int) bool {
	return len(splitTop(toks, r[0], r[1], isConj)) > 1
}

func firstWord(toks []tok, r [2]int) int {
	for k := r[0]; k < r[1]; k++ {
		if toks[k].word() {
			return k
		}
	}
	return -1
}

func countWords(toks []tok, r [2]int) int {
	n := 0
	for k := r[0]; k < r[1]; k++ {
		if toks[k].word() {
			n++
		}
	}
	return n
}

// conjuncts splits a list region ("iron deficiency, pregnancy, nerve
// damage, and certain medications such as antihistamines") into its
// members. Commas separate members up to the one introduced by "and"/"or";
// with no such member, a lone comma before "a"/"an"/"the" is an
// apposition ("primidone, an anticonvulsant drug"), whose second half is
// dropped, and a comma between single words and a phrase is a series of
// adjectives ("soft, velvety skin"). A list led by a polarity verb
// ("avoiding mushrooms, nuts, and shellfish") is one phrase. Each member
// is then split at "and"/"or" by coordinate.
func conjuncts(toks []tok, i, j int) []phrase {
	pieces := splitTop(toks, i, j, isComma)
	var rs [][2]int
	for _, p := range pieces {
		if countWords(toks, p) > 0 {
			rs = append(rs, p)
		}
	}
	if len(rs) == 0 {
		return nil
	}
	if polarityVerbs[wordAt(toks, rs[0])] {
		v := firstWord(toks, rs[0])
		whole := span(v, rs[len(rs)-1][1])
		whole.verb = v
		for _, m := range conjuncts(toks, v+1, rs[len(rs)-1][1]) {
			whole.subs = append(whole.subs, withVerb(m, v))
		}
		return []phrase{whole}
	}
	// "pain in the back, shoulders, arms or legs": a series of body parts
	// after a preposition says where; it is one phrase.
	if len(rs) >= 2 && placeSeries(toks, rs) {
		return []phrase{span(trim(toks, rs[0][0], rs[len(rs)-1][1]))}
	}
	// The list ends with the member that "and"/"or" introduces.
	lastConj := -1
	for k := 1; k < len(rs); k++ {
		if startsWithConj(toks, rs[k]) {
			lastConj = k
		}
	}
	switch {
	case lastConj > 0:
		rs = rs[:lastConj+1]
	case len(rs) >= 2:
		// No member starts with a conjunction: "A, B and C", an
		// apposition, adjectives, or prose.
		last := rs[len(rs)-1]
		switch {
		case determiners[wordAt(toks, last)] && len(rs) == 2:
			rs = rs[:1] // apposition
		case hasTopConj(toks, last):
		case adjectiveSeries(toks, rs):
			rs = [][2]int{{rs[0][0], last[1]}}
		default:
			for _, r := range rs {
				if countWords(toks, r) > 4 {
					rs = rs[:1]
					break
				}
			}
		}
	}
	// Split each member at its conjunctions. A series of single words
	// whose last member is a phrase may share its head ("vision, physical,
	// and occupational therapies"), so a list whose members are all one
	// part is coordinated as a whole.
	var parts [][][2]int
	simple := true
	for _, r := range rs {
		var ps [][2]int
		if polarityVerbs[wordAt(toks, r)] {
			ps = [][2]int{r}
		} else {
			for _, c := range splitTop(toks, r[0], r[1], isConj) {
				if countWords(toks, c) > 0 {
					ps = append(ps, c)
				}
			}
		}
		if len(ps) != 1 {
			simple = false
		}
		parts = append(parts, ps)
	}
	if simple {
		var all [][2]int
		for _, ps := range parts {
			all = append(all, ps...)
		}
		return coordinate(toks, all)
	}
	var out []phrase
	for k, ps := range parts {
		if len(ps) > 2 && mixedConj(toks, rs[k]) {
			// "emotional support and career or vocational counseling":
			// "or" binds closer than "and".
			for _, a := range splitTop(toks, rs[k][0], rs[k][1], isAnd) {
				out = append(out, coordinate(toks, splitTop(toks, a[0], a[1], isOr))...)
			}
			continue
		}
		out = append(out, coordinate(toks, ps)...)
	}
	return out
}

func isAnd(t *tok) bool { return t.w == "and" }
func isOr(t *tok) bool  { return t.w == "or" }

// mixedConj reports a range with both "and" and "or" at top level.
func mixedConj(toks []tok, r [2]int) bool {
	return len(splitTop(toks, r[0], r[1], isAnd)) > 1 && len(splitTop(toks, r[0], r[1], isOr)) > 1
}

// placeSeries reports a series whose first piece ends with a preposition
// (or "affecting") and a body part and whose other pieces are body parts.
func placeSeries(toks []tok, rs [][2]int) bool {
	first := rs[0]
	last := lastWordIdx(toks, first)
	if last < 0 || !bodyParts[toks[last].w] {
		return false
	}
	prep := false
	for k := last - 1; k >= first[0] && k >= last-3; k-- {
		if toks[k].is(cPreps) || toks[k].w == "affecting" || toks[k].w == "affects" {
			prep = true
			break
		}
	}
	if !prep {
		return false
	}
	for _, r := range rs[1:] {
		for k := r[0]; k < r[1]; k++ {
			if t := &toks[k]; t.word() && !isConj(t) && !t.is(cDeterminers) && !bodyParts[t.w] {
				return false
			}
		}
	}
	return true
}

// adjectiveSeries reports "soft, velvety skin": comma pieces that are
// single words (or end with "and"/"or" + a single word) before a last
// piece of two or more words.
func adjectiveSeries(toks []tok, rs [][2]int) bool {
	last := rs[len(rs)-1]
	if countUnits(toks, last) < 2 || determiners[wordAt(toks, last)] {
		return false
	}
	for _, r := range rs[:len(rs)-1] {
		cs := splitTop(toks, r[0], r[1], isConj)
		if countUnits(toks, cs[len(cs)-1]) != 1 {
			return false
		}
	}
	return true
}

func wordAt(toks []tok, r [2]int) string {
	if k := firstWord(toks, r); k >= 0 {
		return toks[k].w
	}
	return ""
}

// countUnits counts words, a hyphenated compound as one ("beta-blockers").
func countUnits(toks []tok, r [2]int) int {
	n := 0
	for k := r[0]; k < r[1]; k++ {
		if toks[k].word() && !(k > r[0] && toks[k-1].p == '-' && k >= 2 && toks[k-2].word() && toks[k-1].e == toks[k].s) {
			n++
		}
	}
	return n
}

// conditionNoun reports words that name a condition on their own and so
// never modify a shared head ("arthritis and hearing loss").
func conditionNoun(w string) bool {
	for _, suf := range []string{"itis", "osis", "emia", "aemia", "ia", "pathy", "oma", "algia", "ness", "ism",
		"sis", "ache", "aches", "itus", "ea"} {
		if len(w) > len(suf)+2 && strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

const (
	coSplit = iota
	coDistribute
	coWhole
)

// decide settles a coordination of single words before a phrase: the
// single words share the phrase's head ("kidney or liver problems",
// "physical and occupational therapy", "low or high blood pressure"), or
// they are members of their own ("medications and dietary
// modifications", "arthritis and hearing loss", "headaches and a feeling
// of fullness"), or it cannot be told ("pain and joint stiffness") and the
// coordination stays one phrase.
func decide(toks []tok, singles [][2]int, last [2]int, lastRaw [2]int) int {
	if hasParen(toks, last) || determiners[wordAt(toks, lastRaw)] {
		return coSplit
	}
	allAdj := true
	for _, p := range singles {
		t := &toks[firstWord(toks, p)]
		w := t.w
		if genericNouns[w] || conditionNoun(w) && !adjectiveLike(w) || t.up {
			return coSplit // "medications and dietary changes", "arthritis and hearing loss", "CD and weight loss"
		}
		if !adjectiveLike(w) && w != "low" && w != "high" {
			allAdj = false
		}
	}
	head := toks[lastWordIdx(toks, last)].w
	lastFirst := toks[firstWord(toks, last)].w
	switch {
	case allAdj:
		return coDistribute
	case distributiveHeads[head]:
		return coDistribute
	case adjectiveLike(lastFirst) || genericMods[lastFirst]:
		return coSplit
	}
	return coWhole
}

// coordinate turns the parts of a coordination into phrases, settling
// each run of single words before a phrase with decide. "X or other Ys"
// is one phrase: X is one of the Ys.
func coordinate(toks []tok, parts [][2]int) []phrase {
	raws := make([][2]int, 0, len(parts))
	var kept [][2]int
	for _, p := range parts {
		a, b := trim(toks, p[0], p[1])
		if countWords(toks, [2]int{a, b}) > 0 {
			kept = append(kept, [2]int{a, b})
			raws = append(raws, p)
		}
	}
	parts = kept
	var out []phrase
	for k := 0; k < len(parts); {
		m := k
		for m < len(parts) && countUnits(toks, parts[m]) == 1 {
			m++
		}
		// Only a coordination whose members before the last are all
		// single words can share the last one's head.
		if k == 0 && m == len(parts)-1 && m > k && countUnits(toks, parts[m]) >= 2 && !startsWithOther(toks, raws[m]) {
			last := parts[m]
			switch decide(toks, parts[k:m], last, raws[m]) {
			case coDistribute:
				shared := [2]int{firstWord(toks, last) + 1, last[1]}
				for _, p := range parts[k:m] {
					out = append(out, phrase{spans: [][2]int{p, shared}, verb: -1})
				}
				out = append(out, span(last[0], last[1]))
				k = m + 1
				continue
			case coWhole:
				out = append(out, span(parts[k][0], last[1]))
				k = m + 1
				continue
			}
		}
		p := parts[k]
		// "propranolol or other beta blockers".
		if k+1 < len(parts) && startsWithOther(toks, raws[k+1]) && !genericOnly(toks, parts[k+1]) {
			whole := span(p[0], parts[k+1][1])
			whole.members = []phrase{span(p[0], p[1]), span(parts[k+1][0], parts[k+1][1])}
			out = append(out, whole)
			k += 2
			continue
		}
		out = append(out, span(p[0], p[1]))
		k++
	}
	return out
}

// genericOnly reports a range of umbrella words only ("other conditions").
func genericOnly(toks []tok, r [2]int) bool {
	for k := r[0]; k < r[1]; k++ {
		t := &toks[k]
		if t.word() && !t.is(cStopWords) && !t.is(cGenericMods) && !t.is(cGenericNouns) && !t.is(cClassAdjectives) {
			return false
		}
	}
	return true
}

// startsWithOther reports a part that begins with "other" ("or other
// beta blockers").
func startsWithOther(toks []tok, r [2]int) bool {
	return wordAt(toks, r) == "other"
}

func hasParen(toks []tok, r [2]int) bool {
	for k := r[0]; k < r[1]; k++ {
		if toks[k].p == '(' {
			return true
		}
	}
	return false
}

func lastWordIdx(toks []tok, r [2]int) int {
	for k := r[1] - 1; k >= r[0]; k-- {
		if toks[k].word() {
			return k
		}
	}
	return -1
}
