package digest

// Classes and inclusions: "types of X include A and B", "such as",
// lists after a colon.

import "strings"

// classCue handles "X such as A, B, and C" and "X, including A": when X is
// an umbrella ("certain medications", "chronic diseases") its members are
// the points; otherwise X is the point ("alpha-adrenergic agonists such
// as clonidine and guanfacine") and its members group with it.
func (x *extractor) classCue(u *unit, i, j int) {
	toks := u.toks
	end := region(toks, j)
	members := conjuncts(toks, j, end)
	a, b, verb := classBefore(toks, i)
	classIdx := make([]int, 0, b-a)
	for k := a; k < b; k++ {
		classIdx = append(classIdx, k)
	}
	if excluded(x.qtype, classCategory(toks, a, b)) {
		return
	}
	// "Kidney failure and other chronic diseases such as": Kidney failure
	// is one of them.
	if a >= 2 && toks[a].w == "other" && isConj(&toks[a-1]) {
		pa, pb, _ := classBefore(toks, a-1)
		if pb > pa {
			x.add(u, firstConjunct(toks, pa, pb), kEnum)
		}
	}
	if b > a && classification(toks, a, b) {
		x.classPoint(u, a, b, end, members)
		return
	}
	if b <= a || x.generic(u, classIdx) {
		for _, m := range members {
			if verb >= 0 {
				m = withVerb(m, verb)
			}
			x.add(u, m, kEnum)
		}
		return
	}
	ca, cb := trim(toks, a, b)
	if verb >= 0 {
		ca = verb
	}
	p := span(ca, cb)
	p.members = members
	if verb >= 0 {
		p.verb = verb
	}
	x.add(u, p, kEnum)
}

// firstConjunct returns the last noun phrase of [a, b) as a phrase.
func firstConjunct(toks []tok, a, b int) phrase {
	ps := conjuncts(toks, a, b)
	if len(ps) == 0 {
		return phrase{verb: -1}
	}
	return ps[len(ps)-1]
}

// withVerb prefixes a phrase with its polarity verb ("avoiding" + "alcohol
// use"), so that the label keeps what the source says to do with it.
func withVerb(p phrase, verb int) phrase {
	if len(p.spans) > 0 && p.spans[0][0] == verb {
		return p
	}
	q := phrase{spans: append([][2]int{{verb, verb + 1}}, p.spans...), verb: verb, members: p.members}
	return q
}

// includeCue handles "X include A, B, and C" (and "The most common
// symptoms are A and B" when are is true): the list is the points unless X
// belongs to another question ("side effects include ...").
func (x *extractor) includeCue(u *unit, i, j int, are bool) {
	toks := u.toks
	start := clauseStart(toks, i)
	if excluded(x.qtype, classCategory(toks, start, i)) {
		return
	}
	if j < len(toks) && toks[j].p == ':' {
		j++ // "include: A, B"
	}
	end := region(toks, j)
	// A specific subject is itself the point, its list examples of it
	// ("Other complementary therapies include massage therapy, yoga, ...").
	if !are && i > 0 && toks[i-1].is(cRelPronoun) {
		// "fat-like substances that include oils": a class and its members.
		x.classCue(u, i-1, i+1)
		return
	}
	if !are {
		a, b := firstChunk(toks, start, i)
		idx := make([]int, 0, b-a)
		plain := true
		for k := a; k < b; k++ {
			idx = append(idx, k)
			if toks[k].is(cAdverbs) || toks[k].is(cGenericMods) && k > a {
				plain = false
			}
		}
		if b > a && plain && classCategory(toks, a, b) == catTreatment && !x.generic(u, idx) {
			ca, cb := trim(toks, a, b)
			if cb > ca {
				x.add(u, span(ca, cb), kEnum)
				return
			}
		}
	}
	members := conjuncts(toks, j, end)
	if are && len(members) < 2 {
		return
	}
	for _, m := range members {
		if polarityVerbs[wordAt(toks, [2]int{m.spans[0][0], m.spans[0][1]})] {
			m.verb = m.spans[0][0]
			m.subs = verbSubs(toks, m)
		}
		x.add(u, m, kEnum)
	}
}

// afterHeading skips a title glued before a phrase ("Other Therapies Other
// complementary therapies include ..."): the phrase starts at the last
// capitalized word that a lower-case word follows.
func afterHeading(toks []tok, i, j int) int {
	if i >= j || !toks[i].cap {
		return i
	}
	start := i
	for k := i + 1; k+1 < j; k++ {
		t := &toks[k]
		if t.word() && t.cap && !t.up && toks[k+1].word() && !toks[k+1].cap {
			// Only when a capitalized word precedes it directly: a title.
			if p := prevWord(toks, k); p >= 0 && toks[p].cap {
				start = k
			}
		}
	}
	return start
}

// firstChunk returns the first noun phrase of [i, j): its words up to a
// preposition, a relative pronoun, a verb or a participle.
func firstChunk(toks []tok, i, j int) (int, int) {
	i = afterHeading(toks, i, j)
	k := i
	for k < j {
		t := &toks[k]
		if !t.word() {
			if t.p == '-' {
				k++
				continue
			}
			break
		}
		if t.is(cPreps) || t.is(cBoundaryWords) || t.is(cRelPronoun) || t.is(cLightVerbs) || t.w == "include" ||
			t.w == "includes" {
			break
		}
		// A participle after a noun opens a clause: "Features shared by".
		if k > i && (strings.HasSuffix(t.w, "ed") || strings.HasSuffix(t.w, "ing")) && toks[k-1].word() &&
			(toks[k-1].is(cGenericNouns) || strings.HasSuffix(toks[k-1].w, "s")) {
			break
		}
		k++
	}
	return i, k
}

// verbSubs splits a polarity verb's object list ("avoiding alcohol and
// caffeine-containing beverages") into verb + object phrases, the keys by
// which the phrase groups with others.
func verbSubs(toks []tok, p phrase) []phrase {
	if len(p.spans) != 1 {
		return nil
	}
	s := p.spans[0]
	v := s[0]
	var out []phrase
	for _, m := range conjuncts(toks, v+1, s[1]) {
		out = append(out, withVerb(m, v))
	}
	return out
}

// clauseStart returns where the clause holding i starts.
func clauseStart(toks []tok, i int) int {
	for k := i - 1; k >= 0; k-- {
		if toks[k].p == ';' || toks[k].p == ':' || toks[k].p == '.' {
			return k + 1
		}
	}
	return 0
}

// colonCue handles "There are 6 major forms of EDS: hypermobility type,
// classic type, ...": a list after a colon, when it is a list.
func (x *extractor) colonCue(u *unit, i int) {
	toks := u.toks
	if excluded(x.qtype, classCategory(toks, clauseStart(toks, i), i)) {
		return
	}
	end := region(toks, i+1)
	members := conjuncts(toks, i+1, end)
	if len(members) < 2 {
		return
	}
	if a, b, _ := classBefore(toks, i); b > a && classification(toks, a, b) {
		x.classPoint(u, a, b, end, members)
		return
	}
	for _, m := range members {
		x.add(u, m, kEnum)
	}
}

// typeWords make a list a classification: "There are 6 major forms of EDS:
// hypermobility type, classic type, ..." states one point, its types.
var typeWords = set("type", "types", "form", "forms", "kind", "kinds", "subtype", "subtypes", "variety", "varieties",
	"category", "categories", "stage", "stages", "classes")

func classification(toks []tok, a, b int) bool {
	found := false
	for k := a; k < b; k++ {
		if toks[k].is(cTypeWords) {
			found = true
		}
		if c := headCategory[toks[k].stem]; c != catNone && c != catAnatomy {
			return false // "seven types of standard treatment": the types are the points
		}
	}
	return found
}

// classPoint records a class as one point whose members group with it.
// A class that names nothing of its own ("several forms of the disease")
// is labelled with its list: "several forms of the disease: classic type,
// vascular type, and hypermobility type".
func (x *extractor) classPoint(u *unit, a, b, end int, members []phrase) {
	ca, cb := trimEnds(u.toks, a, b)
	for ca < cb && (u.toks[ca].is(cDeterminers) || u.toks[ca].w == "there" || u.toks[ca].is(cFiniteVerb)) {
		ca++
	}
	if cb <= ca {
		return
	}
	idx := make([]int, 0, cb-ca)
	for k := ca; k < cb; k++ {
		idx = append(idx, k)
	}
	if x.generic(u, idx) {
		_, cb = trimEnds(u.toks, ca, end)
	}
	p := span(ca, cb)
	p.members = members
	x.add(u, p, kEnum)
}
