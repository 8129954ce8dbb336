package digest

// Cue words that introduce the points of a sentence: relations
// ("caused by A, B and C", "associated with") and named cues.

import "strings"

// cues finds enumerations: "such as", "including", "include(s)", "are"
// after a list word, "associated with", "caused by", "related to", "lead
// to", "treated with", colon lists, "called".
func (x *extractor) cues(u *unit, from int) {
	toks := u.toks
	n := len(toks)
	for i := from; i < n; i++ {
		t := &toks[i]
		next := ""
		if i+1 < n {
			next = toks[i+1].w
		}
		switch {
		case t.w == "such" && next == "as", t.w == "including" && !insideParen(toks, i), t.w == "e.g":
			l := 1
			if t.w == "such" {
				l = 2
			}
			x.classCue(u, i, i+l)
		case t.w == "include" || t.w == "includes" || t.w == "included" && i > 0 && toks[i-1].is(cFiniteVerb):
			x.includeCue(u, i, i+1, false)
		case (t.w == "are" || t.w == "were") && listSubject(toks, from, i):
			x.includeCue(u, i, i+1, true)
		case t.p == ':' && i > from && i+1 < n:
			x.colonCue(u, i)
		case t.w == "called" || t.w == "known" && next == "as":
			l := 1
			if t.w == "known" {
				l = 2
			}
			x.namedCue(u, i, i+l)
		default:
			if l := relationCueLen(toks, i); l != 0 && relAllowed(x.qtype, t.w) && !(x.defined == u && (t.w == "involves" || t.w == "causes")) {
				x.relationObjects(u, i, i+l)
			} else if l := treatmentCueLen(toks, i); l != 0 && treatmentLike(x.qtype) {
				x.treatmentObjects(u, i, i+l) // treatments.go
			}
		}
	}
}

func insideParen(toks []tok, i int) bool {
	depth := 0
	for k := 0; k < i; k++ {
		switch toks[k].p {
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		}
	}
	return depth > 0
}

// relationCueLen returns the length of a relation cue at i whose object
// is a list of points, or 0.
func relationCueLen(toks []tok, i int) int {
	w := toks[i].w
	next := ""
	if i+1 < len(toks) {
		next = toks[i+1].w
	}
	switch w {
	case "associated", "linked", "treated", "managed", "controlled", "relieved":
		if next == "with" || w == "linked" && next == "to" {
			return 2
		}
	case "caused":
		if next == "by" {
			return 2
		}
	case "related", "due":
		if next == "to" {
			return 2
		}
	case "lead", "leads", "led", "leading":
		if next == "to" {
			return 2
		}
	case "result", "results", "resulting":
		if next == "in" {
			return 2
		}
	case "involves", "involve":
		if classCategory(toks, clauseStart(toks, i), i) == catTreatment || i > 0 && toks[i-1].w == "which" {
			return 1
		}
	case "often", "usually", "typically", "generally":
		if next == "with" && i > 0 && toks[i-1].p == ',' {
			return 2
		}
	case "treatment", "therapy":
		if next == "with" {
			return 2
		}
	case "cause", "causes":
		// "it can cause an enlarged head, hearing loss, headaches, and
		// dizziness": a list only (checked by the caller).
		if next != "" && !boundaryWords[next] && !stopWords[next] || determiners[next] {
			return -1
		}
	}
	return 0
}

// relAllowed gates relation cues by question type: the objects of
// "associated with", "caused by", "related to" are causes or associations,
// those of "lead to", "result in", "cause" are effects, those of "treated
// with", "managed with", "involves" are treatments.
func relAllowed(qtype, w string) bool {
	switch w {
	case "associated", "linked", "caused", "related", "due":
		switch qtype {
		case "causes", "information", "susceptibility", "symptoms", "complications", "risk factors", "inheritance", "genetic changes":
			return true
		}
		return false
	case "lead", "leads", "led", "leading", "result", "results", "resulting", "cause", "causes":
		switch qtype {
		case "symptoms", "information", "complications", "outlook":
			return true
		}
		return false
	}
	return treatmentLike(qtype)
}

// listSubject reports "are" after a list word ("The most common symptoms
// are", "The most common features of this condition are"), with no verb
// or relative pronoun between them ("the first sign may be eye movements
// that are rapid" is no list).
func listSubject(toks []tok, from, i int) bool {
	listy := i+1 < len(toks) && toks[i+1].p == ':'
	for k := from; k < i; k++ {
		switch toks[k].w {
		case "among":
			listy = true // "Among these therapies are physical, occupational, and speech therapies"
		case "most", "main", "common", "typical", "usual", "primary", "major", "early", "key", "classic", "frequent":
			listy = true
		case "if", "whether", "when":
			return false
		}
	}
	if !listy {
		return false
	}
	for k := from; k < i; k++ {
		c, ok := headCategory[toks[k].stem]
		if !ok || !toks[k].word() {
			continue
		}
		if c != catSymptom && c != catCause && c != catTreatment && c != catComplication {
			return false
		}
		for m := k + 1; m < i; m++ {
			if toks[m].is(cBoundaryWords) || toks[m].is(cRelPronoun) || toks[m].is(cFiniteVerb) {
				return false
			}
		}
		return true
	}
	return false
}

// region returns the end of a list that starts at i: the end of the
// sentence or clause, a verb, a relative pronoun, a nested cue, or an
// aside (", especially").
func region(toks []tok, i int) int {
	depth := 0
	for k := i; k < len(toks); k++ {
		t := &toks[k]
		switch t.p {
		case '(', '[':
			depth++
			continue
		case ')', ']':
			if depth == 0 {
				return k
			}
			depth--
			continue
		}
		if depth > 0 {
			continue
		}
		switch t.p {
		case '.', '?', '!', ':':
			return k
		case ',':
			if k+1 < len(toks) {
				nw := toks[k+1].w
				if adverbs[nw] && nw != "not" || relPronoun[nw] || nw == "but" || nw == "while" || nw == "although" ||
					nw == "however" || nw == "depending" || nw == "as" || nw == "so" || nw == "thereby" {
					return k
				}
			}
		}
		if !t.word() || k == i {
			continue
		}
		next := ""
		if k+1 < len(toks) {
			next = toks[k+1].w
		}
		switch {
		case t.is(cBoundaryWords) || t.w == "include" || t.w == "includes" || t.w == "involves" || t.w == "involve" ||
			t.w == "called":
			return k
		case strings.HasSuffix(t.w, "ed") && (next == "that" || next == "to") && len(t.w) > 4:
			return k // "coenzyme Q10 suggested that"
		case t.w == "to" && purposeVerbs[next]:
			return k
		case t.w == "in" && next == "order":
			return k
		case t.w == "such" && next == "as", t.w == "including", t.w == "e.g":
			return k
		}
	}
	return len(toks)
}

// classBefore returns the noun phrase before a cue at i ("certain
// medications such as", "centrally active dopamine-receptor antagonists,
// including"), and the polarity verb that governs it, or -1.
func classBefore(toks []tok, i int) (a, b, verb int) {
	k := i - 1
	if k >= 0 && toks[k].p == '(' {
		k-- // "nearby structures (such as the bladder)"
	}
	for k >= 0 && (toks[k].p == ',' || toks[k].p == '-' || toks[k].is(cAdverbs)) {
		k--
	}
	b = k + 1
	verb = -1
	depth := 0
	for ; k >= 0; k-- {
		t := &toks[k]
		if t.p == ')' {
			depth++
			continue
		}
		if t.p == '(' {
			if depth == 0 {
				break
			}
			depth--
			continue
		}
		if depth > 0 {
			continue
		}
		if !t.word() {
			if t.p == '"' || t.p == '-' || t.p == '\'' || t.p == '/' {
				continue
			}
			break
		}
		if t.is(cPolarityVerbs) {
			verb = k
			break
		}
		if t.is(cBoundaryWords) || isConj(t) || t.is(cLightVerbs) || t.is(cClauseVerbs) || t.w == "with" || t.w == "by" ||
			t.w == "to" || t.w == "from" || t.w == "as" || t.w == "than" || t.w == "like" || t.w == "via" ||
			t.w == "include" || t.w == "includes" || t.w == "including" {
			break
		}
	}
	return k + 1, b, verb
}

// clauseVerbs are common verbs that end a noun phrase read backwards.
var clauseVerbs = set("cause", "causes", "caused", "lead", "leads", "affect", "affects", "develop", "develops",
	"controls", "regulates", "regulate", "produces", "produce", "makes", "make", "carries", "carry", "allows",
	"experience", "experiences", "need", "needs", "require", "requires", "help", "helps", "improve",
	"improves", "treat", "treats", "recommend", "recommended", "provide", "provides", "involve", "involves",
	"contain", "contains", "show", "shows", "see", "seen", "find", "found", "occur", "occurs", "trigger",
	"triggers", "worsen", "worsens", "aggravate", "are", "is", "get", "gets", "given", "prescribe",
	"prescribed", "suggest", "suggested", "advise", "advised", "consider", "considered", "include")

// generic reports a phrase made only of function words, umbrella words,
// vague adjectives and the topic's name.
func (x *extractor) generic(u *unit, idx []int) bool {
	for _, k := range idx {
		t := &u.toks[k]
		if t.word() && !t.is(cStopWords) && !t.is(cGenericMods) && !t.is(cGenericNouns) && !t.is(cClassAdjectives) &&
			!t.is(cDeterminers) && !t.is(cAdverbs) && !t.is(cPolarityVerbs) && !x.topic.word(t) && t.w != "behaviors" &&
			t.w != "behavior" {
			return false
		}
	}
	return true
}

// relationObjects handles "associated with A, B, and C", "caused by A", "lead to
// A", "treated with A", "involves A": its object list. "cause(s)" takes
// only a list of three or more.
func (x *extractor) relationObjects(u *unit, i, j int) {
	toks := u.toks
	if j < i { // "cause(s)"
		j = i + 1
		end := region(toks, j)
		if len(splitTop(toks, j, end, isComma)) < 3 {
			return
		}
		for _, m := range conjuncts(toks, j, end) {
			x.add(u, m, kEnum)
		}
		return
	}
	if excluded(x.qtype, classCategory(toks, clauseStart(toks, i), i)) && toks[i].w != "treated" {
		return
	}
	end := region(toks, j)
	for _, m := range conjuncts(toks, j, end) {
		if polarityVerbs[wordAt(toks, m.spans[0])] {
			m.verb = m.spans[0][0]
			m.subs = verbSubs(toks, m)
		}
		x.add(u, m, kEnum)
	}
}

// namedClasses are the class words before "called" that name a point of
// each kind of question: "a drug called modafinil", "a rare type of bone
// cancer called osteosarcoma", "a group of diseases called inflammatory
// bowel disease".
var (
	treatmentClasses = set("drug", "drugs", "medication", "medications", "medicine", "medicines", "therapy",
		"therapies", "treatment", "treatments", "supplement", "supplements", "procedure", "procedures", "surgery",
		"operation", "technique", "program", "implant", "vaccine", "hormone", "inhibitors", "inhibitor",
		"class", "classes", "agent", "agents")
	diseaseClasses = set("disease", "diseases", "disorder", "disorders", "condition", "conditions", "cancer",
		"cancers", "tumor", "tumors", "infection", "infections", "syndrome", "syndromes", "type", "form", "group",
		"problem", "problems", "complication", "complications", "deficiency", "inflammation", "damage")
)

// namedCue handles "called X" and "known as X".
func (x *extractor) namedCue(u *unit, i, j int) {
	toks := u.toks
	// The class word right before the cue.
	c := i - 1
	for c >= 0 && !toks[c].word() {
		c--
	}
	if c < 0 {
		return
	}
	cw := toks[c].w
	// "a rare type of bone cancer called": the class may sit before "of".
	ok := false
	if treatmentLike(x.qtype) && x.qtype != "information" {
		ok = treatmentClasses[cw]
	} else {
		ok = diseaseClasses[cw]
	}
	if !ok {
		return
	}
	end := region(toks, j)
	ms := conjuncts(toks, j, end)
	if len(ms) == 0 {
		return
	}
	x.add(u, ms[0], kNamed)
}
