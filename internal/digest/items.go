package digest

// List items: where an item's head ends, run-in headings, and the
// category an item or a list names.

import (
	"strings"
	"unicode"
)

// itemHead extracts a list item's head: the words before its colon
// ("Low iron levels: Lack of iron causes ..."), its first sentence when
// that is a short phrase ("Pregnancy. Some women ..."), or its first
// sentence cut at the first clause ("Reddened face that looks like a
// blush"). It returns where the rest of the item starts, to be read as
// prose, or -1 when the item is done.
func (x *extractor) itemHead(u *unit) int {
	toks := u.toks
	if u.intro != nil && excluded(x.qtype, x.category(u.intro)) {
		return -1
	}
	end := len(toks)
	rest := -1
	for k := range toks {
		if toks[k].p == ':' && k > 0 && countWords(toks, [2]int{0, k}) <= 6 {
			end, rest = k, k+1
			break
		}
		if (toks[k].p == '.' || toks[k].p == '?' || toks[k].p == '!') && k+1 < len(toks) {
			end, rest = k, k+1
			break
		}
	}
	// A frequency ("90%", "7/10") ends a phenotype table's row.
	for end > 0 && (toks[end-1].p == '%' || toks[end-1].p == '/' || isNumber(toks[end-1].w)) {
		end--
	}
	head := [2]int{0, end}
	if isHPONonPhenotype(u.text[:toks[max(end-1, 0)].e]) {
		return -1
	}
	// An item that is a sentence ("When treatment stops, new lesions may
	// appear.") names nothing: it is read as prose.
	if (rest < 0 || toks[end].p != ':') && finiteClause(toks, 0, end) {
		return 0
	}
	// Long heads are cut at their first clause when what is left still
	// names something ("Reddened face that looks like ..."), not when
	// only a generic word would be left ("A medicine that helps ...").
	if c := clauseCut(toks, 0, end); c < end {
		if x.nonGeneric(u, 0, c) || countWords(toks, [2]int{0, end}) > 16 {
			head[1] = c
		}
	}
	// A parenthetical after a short name ends a long head: "trientine
	// (Syprine) the risk for side effects ...".
	for k := 1; k < head[1]; k++ {
		if toks[k].p == '(' {
			if c := closeParen(toks, k, head[1]); c > 0 && countWords(toks, [2]int{0, k}) <= 4 &&
				countWords(toks, [2]int{c, head[1]}) >= 4 {
				head[1] = c + 1
			}
			break
		}
	}
	words := countWords(toks, head)
	if words == 0 {
		return rest
	}
	// The evidence of a head alone ("Pregnancy.") reads on into its
	// first sentence.
	ev := ""
	if rest >= 0 && words <= 5 && toks[end].p != ':' {
		ss := sentences(u.text)
		if len(ss) >= 2 {
			ev = ss[0] + " " + ss[1]
			if !strings.Contains(u.text, ev) {
				ev = ""
			}
		}
	} else if rest >= 0 {
		if ss := sentences(u.text); len(ss) > 0 {
			ev = ss[0]
		}
	}
	var phs []phrase
	if series(toks, head) || hasTopConj(toks, head) && !prepBeforeConj(toks, head) {
		phs = conjuncts(toks, head[0], head[1])
	} else {
		a, b := trim(toks, head[0], head[1])
		phs = []phrase{span(a, b)}
	}
	for _, p := range phs {
		n := len(x.out)
		x.add(u, p, kHead)
		for k := n; k < len(x.out); k++ {
			x.out[k].evid = ev
		}
	}
	return rest
}

// prepBeforeConj reports a preposition before the first top-level
// conjunction: the conjunction is inside a phrase ("Feelings of pressure or
// fullness", "Bleeding from your gums and heavy bleeding").
func prepBeforeConj(toks []tok, r [2]int) bool {
	for k := r[0]; k < r[1]; k++ {
		if isConj(&toks[k]) {
			return false
		}
		if toks[k].word() && toks[k].is(cPreps) {
			return true
		}
	}
	return false
}

// finiteClause reports a finite verb (an auxiliary or modal, or a common
// verb after a plural noun: "cancer treatments cause") outside relative
// clauses in [i, j), or a clause opened by a subordinating word.
func finiteClause(toks []tok, i, j int) bool {
	if k := firstWord(toks, [2]int{i, j}); k >= 0 && (toks[k].w == "when" || toks[k].w == "if" || toks[k].w == "although" ||
		toks[k].w == "because" || toks[k].w == "while" || toks[k].is(cPronoun)) {
		return true
	}
	for k := i; k < j; k++ {
		t := &toks[k]
		if t.is(cRelPronoun) {
			return false
		}
		if t.is(cFiniteVerb) {
			return true
		}
		if k > i && t.is(cClauseVerbs) && toks[k-1].word() && strings.HasSuffix(toks[k-1].w, "s") && !toks[k-1].is(cStopWords) {
			return true
		}
	}
	return false
}

// series reports a list written as "A, B, and C" (or "A, B, C"), not a
// comma inside a phrase ("changes in eating, diet, and nutrition").
func series(toks []tok, r [2]int) bool {
	pieces := splitTop(toks, r[0], r[1], isComma)
	if len(pieces) < 2 {
		return false
	}
	for k := pieces[0][0]; k < pieces[0][1]; k++ {
		switch toks[k].w {
		case "in", "of", "for", "with", "from", "on", "to", "by":
			return false
		}
	}
	last := pieces[len(pieces)-1]
	return startsWithConj(toks, last) || hasTopConj(toks, last) || len(pieces) >= 3
}

func isNumber(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !unicode.IsDigit(r) && r != '.' && r != ',' {
			return false
		}
	}
	return true
}

// clauseCut returns where the first clause boundary in [i, j) is: a
// relative pronoun, ", especially", "due to", "to" + verb, or a finite verb.
func clauseCut(toks []tok, i, j int) int {
	for k := i + 1; k < j; k++ {
		t := &toks[k]
		if t.p == ',' && k+1 < j && (toks[k+1].is(cAdverbs) || toks[k+1].is(cRelPronoun) || toks[k+1].w == "but") {
			return k
		}
		if t.p == ';' || t.p == '(' && k+1 < j && toks[k+1].w == "especially" {
			return k
		}
		if !t.word() {
			continue
		}
		switch {
		case t.is(cRelPronoun) || t.is(cBoundaryWords) && t.w != "when":
			return k
		case t.w == "due" && k+1 < j && toks[k+1].w == "to":
			return k
		case t.w == "to" && k+1 < j && toks[k+1].is(cPurposeVerbs):
			return k
		case t.w == "such" && k+1 < j && toks[k+1].w == "as", t.w == "including":
			return k
		}
	}
	return j
}

// runInHead reads a paragraph that opens with a short phrase of its own
// ("Chelating agents. Chelating agents are medications that ...") as a
// list item would be read.
func (x *extractor) runInHead(u *unit) bool {
	toks := u.toks
	n := len(toks)
	if n < 2 || toks[n-1].p != '.' || !toks[0].cap {
		return false
	}
	words := countWords(toks, [2]int{0, n})
	if words > 4 {
		return false
	}
	for k := 0; k < n-1; k++ {
		if !toks[k].word() && toks[k].p != '-' || toks[k].word() && (toks[k].is(cStopWords) || toks[k].is(cBoundaryWords)) {
			return false
		}
	}
	a, b := trim(toks, 0, n-1)
	if a >= b {
		return false
	}
	x.add(u, span(a, b), kHead)
	if len(x.out) > 0 && x.out[len(x.out)-1].u == u {
		ss := sentences(u.text + u.para)
		if len(ss) >= 2 {
			x.out[len(x.out)-1].evid = ss[0] + " " + ss[1]
		}
	}
	return true
}

// nonGeneric reports a range with a word that is neither a function word
// nor an umbrella word, nor the topic.
func (x *extractor) nonGeneric(u *unit, i, j int) bool {
	for k := i; k < j; k++ {
		t := &u.toks[k]
		if t.word() && !t.is(cStopWords) && !t.is(cGenericMods) && !t.is(cGenericNouns) && !t.is(cClassAdjectives) &&
			!t.is(cDeterminers) && !t.is(cAdverbs) && !x.topic.word(t) {
			return true
		}
	}
	return false
}

// category returns the category of the head of what introduces a list:
// the first noun phrase of its clause ("Other factors that ... include",
// "The signs and symptoms of PV include:", "side effects, such as").
func (x *extractor) category(u *unit) int {
	toks := u.toks
	// The clause that ends the introduction.
	start := 0
	for k := range toks {
		if toks[k].p == ';' || toks[k].p == ':' && k < len(toks)-1 || toks[k].p == '.' && k < len(toks)-1 {
			start = k + 1
		}
	}
	// The words right before the list ("the following specialists:",
	// "sites of reactivation include") may name body parts or people.
	end := len(toks)
	for end > start && !toks[end-1].word() {
		end--
	}
	if end > start {
		switch c := headCategory[toks[end-1].stem]; c {
		case catAnatomy, catPerson:
			return c
		}
	}
	c := classCategory(toks, start, len(toks))
	if c == catAnatomy || c == catPerson {
		return catNone // "Check with your doctor if you have any of the following:"
	}
	return c
}

// classCategory returns the category of the first noun phrase of [i, j)
// whose head has one, or of any "side effects" in it.
func classCategory(toks []tok, i, j int) int {
	for k := i; k < j; k++ {
		if toks[k].w == "side" && k+1 < j && strings.HasPrefix(toks[k+1].w, "effect") || toks[k].w == "adverse" {
			return catSideEffect
		}
	}
	// The first word with a category: "the symptoms of", "many of the
	// symptoms", "Other factors that ...".
	for k := i; k < j; k++ {
		t := &toks[k]
		if !t.word() {
			continue
		}
		if c, ok := headCategory[t.stem]; ok {
			return c
		}
		if t.is(cRelPronoun) && k > i {
			break
		}
	}
	return catNone
}
