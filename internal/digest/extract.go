package digest

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ckind says how a candidate point was found; the label of a point comes
// preferably from the surest kind.
type ckind uint8

const (
	kStatement  ckind = iota // a statement pattern: "the cause is unknown", "there is no cure"
	kHead                    // a list item's head, or a paragraph's run-in head
	kEnum                    // a member of an enumeration: "such as X, Y, and Z"
	kNamed                   // a named thing: "a drug called modafinil", "a form of inflammatory bowel disease"
	kSubject                 // the subject of a treatment predicate: "Physical therapy may help"
	kImperative              // a recommendation: "Follow a regular sleep schedule."
	kDefinition              // what an overview answer says the topic is
)

// A raw candidate: a phrase of a unit, or a statement's matched text.
type raw struct {
	u     *unit
	ph    phrase
	kind  ckind
	stmt  string // statement id, for kStatement and kDefinition
	label string // statements and definitions: their label
	evid  string // the evidence, when not the unit's text
}

type extractor struct {
	qtype   string
	topic   *topicInfo
	out     []raw
	defined *unit // the unit holding the answer's definition of its topic
}

// add records a phrase as a candidate point, reading parentheticals as
// members ("antinausea drugs (prochlorperazine or metoclopramide)") and
// dropping phrases too long to be a point.
func (x *extractor) add(u *unit, p phrase, k ckind) {
	if len(p.spans) == 0 {
		return
	}
	lead := -1
	if k == kImperative && len(p.spans) > 0 {
		lead = p.spans[0][0]
	}
	p = finish(u.toks, p)
	if lead >= 0 && len(p.spans) > 0 {
		p.spans[0][0] = lead // "Do not drive ...": the verb stays
	}
	n := p.words(u.toks)
	if n == 0 || n > 16 {
		return
	}
	if !hasLetters(u.toks, p) || onlyBodyParts(u.toks, p) {
		return // "25", "29.9", "skin", "the eyes"
	}
	if n == 1 && len(p.spans) == 1 {
		// "learning how to protect your joints": a verb, not a point.
		s := p.spans[0]
		if strings.HasSuffix(u.toks[s[0]].w, "ing") && s[1] < len(u.toks) && (u.toks[s[1]].w == "how" || u.toks[s[1]].w == "to") {
			return
		}
	}
	x.out = append(x.out, raw{u: u, ph: p, kind: k})
}

// onlyBodyParts reports a phrase of body parts and function words.
func onlyBodyParts(toks []tok, p phrase) bool {
	for _, k := range p.tokens() {
		if t := &toks[k]; t.word() && !bodyParts[t.w] && !t.is(cStopWords) && !t.is(cDeterminers) && !isConj(t) {
			return false
		}
	}
	return true
}

func hasLetters(toks []tok, p phrase) bool {
	for _, k := range p.tokens() {
		if toks[k].word() && !isNumber(toks[k].w) {
			return true
		}
	}
	return false
}

// finish moves the parentheticals of a phrase's spans into its members:
// an acronym "(DBS)" or a definition "(a protein used to carry iron in
// the blood)" is dropped, a synonym "(tiredness)" or a list of examples
// "(including imipramine, desipramine)" becomes members.
func finish(toks []tok, p phrase) phrase {
	var spans [][2]int
	for _, s := range p.spans {
		out, in := unparen(toks, s[0], s[1])
		for _, o := range out {
			if countWords(toks, o) > 0 {
				spans = append(spans, o)
			}
		}
		for _, r := range in {
			a := r[0]
			for a < r[1] && (toks[a].w == "including" || toks[a].w == "such" || toks[a].w == "as" ||
				toks[a].w == "e.g" || toks[a].w == "eg" || toks[a].w == "for" || toks[a].w == "example" ||
				toks[a].w == "called" || toks[a].w == "or" || toks[a].w == "also" || toks[a].w == "known" ||
				!toks[a].word()) {
				a++
			}
			if n := countWords(toks, [2]int{a, r[1]}); n == 0 || n > 12 || acronym(toks, a, r[1]) {
				continue
			}
			if hasFinite(toks, a, r[1]) || toks[r[0]].w == "a" || toks[r[0]].w == "an" {
				continue // a definition: "(a protein used to carry iron in the blood)"
			}
			p.members = append(p.members, conjuncts(toks, a, r[1])...)
		}
	}
	if len(spans) == 0 {
		// Only a parenthetical: keep it as written.
		spans = append(spans, p.spans...)
	}
	if len(spans) == 0 {
		p.spans = nil
		return p
	}
	// Trim the phrase's outer ends only: function words inside it stay
	// ("tearing of blood vessels").
	if a, _ := trimEnds(toks, spans[0][0], spans[0][1]); true {
		spans[0][0] = a
	}
	n := len(spans) - 1
	if _, b := trimEnds(toks, spans[n][0], spans[n][1]); true {
		spans[n][1] = b
	}
	var kept [][2]int
	for _, s := range spans {
		if countWords(toks, s) > 0 && s[0] < s[1] {
			kept = append(kept, s)
		}
	}
	p.spans = kept
	return p
}

// trimEnds trims punctuation and function words at both ends of a range
// that is already a phrase (no parentheses left).
func trimEnds(toks []tok, i, j int) (int, int) {
	for i < j && (!toks[i].word() || (toks[i].is(cStopWords) && !toks[i].is(cNegations) && !toks[i].is(cPolarityVerbs))) {
		i++
	}
	for j > i && (!toks[j-1].word() && toks[j-1].p != '"' && toks[j-1].p != ')' || toks[j-1].word() && toks[j-1].is(cStopWords) && !toks[j-1].is(cNegations)) {
		j--
	}
	if j > i && toks[j-1].p == '"' && !hasOpenQuote(toks, i, j-1) {
		j--
	}
	return i, j
}

// acronym reports a range that is one upper-case word ("DBS", "IBD").
func acronym(toks []tok, i, j int) bool {
	if countWords(toks, [2]int{i, j}) != 1 {
		return false
	}
	k := firstWord(toks, [2]int{i, j})
	return toks[k].up && toks[k].e-toks[k].s <= 6
}

func hasFinite(toks []tok, i, j int) bool {
	for k := i; k < j; k++ {
		if toks[k].is(cFiniteVerb) || toks[k].is(cRelPronoun) || toks[k].w == "used" {
			return true
		}
	}
	return false
}

// unit extracts the candidate points of one unit.
func (x *extractor) unit(u *unit, firstOfAnswer bool) {
	if u.skip || len(u.toks) == 0 {
		return
	}
	from := 0
	if u.item && treatmentLike(x.qtype) && x.imperative(u) {
		return
	}
	if u.item {
		from = x.itemHead(u)
		if from < 0 {
			return
		}
	} else if u.first && u.para != "" && x.runInHead(u) {
		return
	}
	x.findStatements(u)
	if x.qtype == "information" && firstOfAnswer {
		x.definition(u)
	}
	if treatmentLike(x.qtype) && x.imperative(u) {
		return // the recommendation is the point; its examples are details
	}
	x.cues(u, from)
	if treatmentLike(x.qtype) {
		x.subjects(u)
		x.names(u)
	}
	if x.qtype == "treatment" || x.qtype == "prevention" || x.qtype == "management" {
		x.approved(u)
	}
}

func treatmentLike(qtype string) bool {
	switch qtype {
	case "treatment", "prevention", "management", "information", "dietary", "considerations", "outlook":
		return true
	}
	return false
}

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

// subjects handles the subject of a treatment predicate: "Physical therapy
// may help", "A low-copper diet is also recommended", "Psychotherapy may
// be helpful", "Zinc, which ..., is often considered the treatment of
// choice".
func (x *extractor) subjects(u *unit) {
	toks := u.toks
	for i := range toks {
		if !toks[i].is(cTreatPredicates) {
			continue
		}
		// The auxiliary chain before the predicate.
		k := i - 1
		neg, be, modal := false, false, false
		for k >= 0 && toks[k].word() && (auxiliaries[toks[k].w] || toks[k].is(cAdverbs)) {
			switch w := toks[k].w; {
			case negations[w]:
				neg = true
			case w == "is" || w == "are" || w == "be" || w == "been" || w == "was" || w == "were":
				be = true
			case finiteVerb[w] || w == "appears" || w == "appear" || w == "seems" || w == "seem":
				modal = true
			}
			k--
		}
		w := toks[i].w
		switch {
		case neg:
			continue
		case bePredicates[w]:
			// "is recommended", "may be helpful"; "used" only for a
			// purpose ("may also be used to treat").
			if !be {
				continue
			}
			if w == "used" {
				if i+1 >= len(toks) || (toks[i+1].w != "to" && toks[i+1].w != "for" && toks[i+1].w != "in") {
					continue
				}
			}
		case !modal && !activePredicates[w]:
			continue // "help" needs "may", "can", ...: "Exercise can help"
		}
		if k >= 0 && toks[k].word() && toks[k].is(cRelPronoun) {
			continue // "measures that may help": the antecedent is read by the list cue
		}
		end := k + 1
		if k >= 0 && toks[k].p == ',' {
			// "Zinc, which blocks ..., is": skip the relative clause;
			// "An antiviral drug, amantadine, also appears": the apposition.
			end = k
			for m := k - 1; m >= 0; m-- {
				if toks[m].p == ',' {
					if m+1 < len(toks) && toks[m+1].is(cRelPronoun) {
						end = m
					}
					break
				}
			}
		}
		start := end - 1
		depth := 0
		for start >= 0 {
			t := &toks[start]
			if t.p == ')' {
				depth++
			} else if t.p == '(' {
				if depth == 0 {
					break
				}
				depth--
			} else if depth > 0 {
				start--
				continue
			} else if !t.word() && t.p != '-' && t.p != '\'' && t.p != '"' {
				break
			} else if t.word() && (t.is(cBoundaryWords) || t.is(cClauseVerbs) && t.w != "help") {
				break
			}
			start--
		}
		start++
		// "Vision, physical, and occupational therapies may be required":
		// a subject that is a list reads back over its commas.
		if start < end && isConj(&toks[start]) {
			for start >= 2 && toks[start-1].p == ',' {
				m := start - 2
				for m >= 0 && toks[m].word() && !toks[m].is(cStopWords) && !toks[m].is(cBoundaryWords) {
					m--
				}
				// The piece before the comma: one to three words, after a
				// comma or at the sentence's start.
				if n := countWords(toks, [2]int{m + 1, start - 1}); n == 0 || n > 3 || m >= 0 && toks[m].p != ',' {
					break
				}
				start = m + 1
			}
		}
		if start >= end {
			continue
		}
		if start > 0 && (toks[start-1].w == "if" || toks[start-1].w == "whether") {
			continue // "studies ... to find out if caffeine may help": not a claim
		}
		start = afterHeading(toks, start, end)
		// "Chemotherapy agents given by injection or by mouth are used":
		// the subject ends at its participle.
		for m := start + 1; m < end; m++ {
			if participle(toks[m].w) && toks[m-1].word() && !toks[m-1].is(cStopWords) {
				end = m
				break
			}
		}
		out, _ := unparen(toks, start, end)
		n := 0
		for _, o := range out {
			n += countWords(toks, o)
		}
		if n > 8 {
			continue
		}
		if containsCue(toks, start, end) {
			continue
		}
		for _, p := range conjuncts(toks, start, end) {
			if len(p.spans) > 0 && polarityVerbs[wordAt(toks, p.spans[0])] {
				p.verb = p.spans[0][0]
			}
			x.add(u, p, kSubject)
		}
	}
}

// participle reports common irregular and regular past participles that
// open a reduced relative clause ("agents given by mouth").
func participle(w string) bool {
	switch w {
	case "given", "taken", "made", "used", "known", "found", "seen", "shown", "caused", "called", "done", "applied",
		"placed", "injected", "prescribed", "approved", "combined", "recommended", "needed", "required":
		return true
	}
	return false
}

// approved reads the object of "approved" ("the FDA approved rasagiline
// to be used along with levodopa").
func (x *extractor) approved(u *unit) {
	toks := u.toks
	for i := range toks {
		if toks[i].w != "approved" || i+1 >= len(toks) || !toks[i+1].word() || toks[i+1].w == "by" || toks[i+1].w == "for" {
			continue
		}
		if i > 0 && (toks[i-1].w == "been" || toks[i-1].w == "is" || toks[i-1].w == "was" || toks[i-1].w == "are") {
			continue
		}
		end := region(toks, i+1)
		if ms := conjuncts(toks, i+1, end); len(ms) > 0 {
			for _, m := range ms {
				x.add(u, m, kEnum)
			}
		}
	}
}

// treatPredicates say that their subject treats or helps.
var treatPredicates = set("help", "helps", "helpful", "recommended", "required", "necessary", "needed", "used",
	"effective", "approved", "improve", "improves", "relieve", "relieves", "available", "considered", "control",
	"controls", "ease", "eases", "beneficial", "prescribed", "useful")

// bePredicates follow a form of "be": "is recommended", "may be helpful".
var bePredicates = set("helpful", "recommended", "required", "necessary", "needed", "used", "effective", "approved",
	"available", "considered", "beneficial", "prescribed", "useful")

// activePredicates may follow their subject directly ("Exercise improves").
var activePredicates = set("helps", "improves", "relieves", "controls", "eases")

var auxiliaries = set("may", "might", "can", "could", "will", "would", "should", "must", "is", "are", "be",
	"been", "has", "have", "was", "were", "appears", "appear", "seems", "seem", "to", "not", "often", "also")

func containsCue(toks []tok, i, j int) bool {
	for k := i; k < j; k++ {
		w := toks[k].w
		if w == "such" || w == "including" || w == "include" || w == "includes" || w == "e.g" {
			return true
		}
	}
	return false
}

// imperative handles a recommendation: "Follow a regular sleep schedule.",
// "Avoid large meals and beverages just before bedtime.", "Exercise
// regularly, but not within 3 hours of bedtime."
func (x *extractor) imperative(u *unit) bool {
	toks := u.toks
	if len(toks) < 2 || !toks[0].cap || !toks[0].is(cImperatives) {
		return false
	}
	// The imperative must be followed by its object, not be a noun subject
	// ("Exercise can help", "Exercise Exercise can help" after a glued
	// heading).
	for k := 1; k < len(toks) && k <= 3; k++ {
		if toks[k].word() && (toks[k].is(cFiniteVerb) || toks[k].is(cBoundaryWords) || toks[k].cap) {
			return false
		}
	}
	end := len(toks)
	for k := 1; k < len(toks); k++ {
		t := &toks[k]
		if t.p == '.' || t.p == ';' || t.p == ':' || t.p == '!' ||
			t.p == ',' && k+1 < len(toks) && (toks[k+1].w == "but" || toks[k+1].w == "such" || toks[k+1].is(cAdverbs)) ||
			t.w == "such" && k+1 < len(toks) && toks[k+1].w == "as" {
			end = k
			break
		}
	}
	p := span(0, end)
	if toks[0].is(cPolarityVerbs) {
		p.verb = 0
		p.subs = verbSubs(toks, p)
	}
	x.add(u, p, kImperative)
	return true
}

// names handles "X is an investigational copper chelating drug", "Penicillamine and
// trientine are copper chelators", "Neuroleptics are the most consistently
// useful medications": X names a treatment.
func (x *extractor) names(u *unit) {
	toks := u.toks
	cop := -1
	for k, t := range toks {
		if t.w == "is" || t.w == "are" {
			cop = k
			break
		}
		if !t.word() && t.p != '-' {
			return
		}
	}
	if cop <= 0 || countWords(toks, [2]int{0, cop}) > 4 {
		return
	}
	// The predicate's head: the last word of the noun phrase after the copula.
	end := region(toks, cop+1)
	h := lastWordIdx(toks, [2]int{cop + 1, end})
	if h < 0 {
		return
	}
	hw := toks[h].w
	for k := cop + 1; k <= h; k++ {
		if toks[k].w == "of" || toks[k].w == "for" || toks[k].w == "with" {
			hw = toks[k-1].w
			break
		}
	}
	if !drugHeads[hw] {
		return
	}
	for _, p := range conjuncts(toks, 0, cop) {
		x.add(u, p, kSubject)
	}
}

var drugHeads = set("drug", "drugs", "medication", "medications", "medicine", "medicines", "agent", "agents",
	"chelator", "chelators", "inhibitor", "inhibitors", "blocker", "blockers", "agonist", "agonists",
	"antagonist", "antagonists", "supplement", "supplements", "hormone", "hormones", "steroid", "steroids",
	"antibiotic", "antibiotics", "therapy", "treatment", "vaccine", "antidepressant", "antidepressants")

// definition reads what an overview answer says its topic is: "X is a
// group of inherited connective tissue disorders that ...", "X causes
// inflammation of the digestive system".
func (x *extractor) definition(u *unit) {
	toks := u.toks
	flags := x.topic.mark(u)
	// The subject: the topic's name (possibly after "The"), or "It".
	k := 0
	for k < len(toks) && (flags[k] || toks[k].w == "the" || !toks[k].word() && k > 0 && flags[k-1]) {
		k++
	}
	if k == 0 || k >= len(toks) {
		return
	}
	v := toks[k].w
	start := k + 1
	switch v {
	case "is", "are":
		// A noun phrase: "is a group of ...", "is one common form of".
		if k+1 >= len(toks) || !(toks[k+1].is(cDeterminers) || toks[k+1].w == "one") || toks[k+1].w == "no" {
			return
		}
	case "causes", "involves", "affects":
		start = k
	default:
		return
	}
	// The predicate up to its end, cut before an aside or a second
	// relative clause.
	end := len(toks)
	depth := 0
	for m := start; m < len(toks); m++ {
		t := &toks[m]
		switch t.p {
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		}
		if depth > 0 {
			continue
		}
		if t.p == ';' || t.p == '.' || t.p == ',' && m+1 < len(toks) && (toks[m+1].is(cRelPronoun) || toks[m+1].w == "but" ||
			toks[m+1].w == "however") {
			end = m
			break
		}
	}
	// A relative clause stays when what precedes it names nothing ("a
	// disorder that involves abnormal bone destruction").
	if c := relativeAt(toks, start, end); c > 0 && x.nonGeneric(u, start, c) && countWords(toks, [2]int{start, c}) >= 3 {
		end = c
	}
	a, b := trimEnds(toks, start, end)
	for a < b && (toks[a].is(cDeterminers) || toks[a].w == "one" || toks[a].w == "of") {
		a++
	}
	if a >= b || countWords(toks, [2]int{a, b}) > 20 {
		return
	}
	out, _ := unparen(toks, a, b)
	p := phrase{spans: out, verb: -1}
	// A definition is keyed by what it says, like any phrase: two
	// sources' definitions are one point only when they say the same
	// thing ("a neurological condition" twice), never merely because
	// both define the topic.
	x.out = append(x.out, raw{u: u, ph: p, kind: kDefinition, label: p.text(u)})
	x.defined = u
}

// relativeAt returns the first relative pronoun in [i, j) outside
// parentheses, or -1.
func relativeAt(toks []tok, i, j int) int {
	depth := 0
	for k := i; k < j; k++ {
		switch toks[k].p {
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		}
		if depth == 0 && (toks[k].w == "that" || toks[k].w == "which" || toks[k].w == "who") {
			return k
		}
	}
	return -1
}

// Statements: things sources say in many ways that are one point each.
// Each pattern's match, as written, is the label.
type statement struct {
	id     string
	qtypes map[string]bool
	need   []string // lower-case strings one of which the text must hold before the pattern is tried
	re     *regexp.Regexp
	words  []string // words one of which the unit must hold (its triggers)
}

var (
	causeTypes = set("causes", "information", "susceptibility", "inheritance", "genetic changes", "frequency", "risk factors")
	treatTypes = set("treatment", "information", "outlook", "management", "prevention")
	infoTypes  = set("information", "inheritance", "genetic changes", "frequency")
)

// prevalenceIndex is the index of the prevalence pattern, which numbers
// trigger.
var prevalenceIndex = statementIndex("prevalence")

func statementIndex(id string) int {
	for i, s := range statementPatterns {
		if s.id == id {
			return i
		}
	}
	panic("digest: no statement " + id)
}

var statementPatterns = []statement{
	{"cause-unknown", causeTypes, []string{"unknown", "known", "understood", "unclear"}, regexp.MustCompile(`\b(?:the )?(?:exact |underlying |specific |precise |actual )?causes? (?:of (?:[^.;,]{1,60}? ))?(?:is|are|remains?) (?:still |currently |largely |not yet |often |usually )?(?:unknown|not (?:yet |fully |completely |well |clearly )?(?:known|understood)|unclear)`), []string{"unknown", "known", "understood", "unclear"}},
	{"cause-unknown", causeTypes, []string{"knows"}, regexp.MustCompile(`\bno one knows (?:exactly )?(?:what causes(?: it| this)?|the (?:exact |specific |underlying |precise )?causes?)`), []string{"knows"}},
	{"cause-unknown", causeTypes, []string{"not sure"}, regexp.MustCompile(`\b(?:is|are) not sure what causes(?: it| this)?`), []string{"sure"}},
	{"cause-unknown", causeTypes, []string{"cause"}, regexp.MustCompile(`\bno (?:known |specific |exact |identifiable |clear |single )+cause\b`), []string{"cause"}},
	{"cause-unknown", causeTypes, []string{"underlying"}, regexp.MustCompile(`\bunderlying (?:causes? )?(?:is|are) not known`), []string{"underlying"}},
	{"cause-unknown", causeTypes, []string{"idiopathic"}, regexp.MustCompile(`\bidiopathic\b`), []string{"idiopathic"}},
	{"no-cure", treatTypes, []string{"cure", "incurable"}, regexp.MustCompile(`\bno (?:known |definitive |specific |effective |permanent )?cure\b|\bcannot be cured\b|\bincurable\b`), []string{"cure", "cured", "incurable"}},
	{"symptomatic", treatTypes, []string{"symptomatic", "supportive"}, regexp.MustCompile(`\btreatment (?:for [^.;,]{1,40}? |of [^.;,]{1,40}? )?is (?:primarily |mainly |generally |usually |largely |typically |only )?(?:symptomatic|supportive)(?: and (?:symptomatic|supportive))?`), []string{"symptomatic", "supportive"}},
	{"symptomatic", treatTypes, []string{"symptomatic", "supportive"}, regexp.MustCompile(`\bsymptomatic (?:and supportive )?(?:drug )?(?:treatment|therapy|care)`), []string{"symptomatic", "supportive"}},
	{"lifelong", treatTypes, []string{"lifelong", "rest of"}, regexp.MustCompile(`\blifelong (?:treatment|therapy|medication|management)|\bfor the rest of (?:their|his|her|your|a person's) li(?:fe|ves)`), []string{"lifelong", "rest"}},
	{"heredity", causeTypes, []string{"famil", "hered"}, regexp.MustCompile(`\bfamily histor(?:y|ies)\b|\bruns? in (?:some )?families\b|\bfamilial\b|\bheredity\b|\bhereditary\b`), []string{"family", "families", "familial", "heredity", "hereditary"}},
	{"inheritance", infoTypes, []string{"autosomal", "x-linked"}, regexp.MustCompile(`\b(?:autosomal|x-linked) (?:dominant|recessive)(?: (?:or|and) (?:an? )?(?:autosomal |x-linked )?(?:dominant|recessive))?`), []string{"autosomal", "linked"}},
	{"prevalence", infoTypes, []string{" in ", "out of"}, regexp.MustCompile(`\b(?:about |approximately |an estimated |around |nearly |roughly |fewer than |less than |more than )?\d[\d,.]* (?:in|out of) (?:every )?\d[\d,.]* (?:people|persons|individuals|births|newborns|infants|children|adults|men|women|americans)\b`), []string{}},
}

// statementTriggers maps the words statement patterns need to the
// patterns (bits, by index in statements) that need them.
var statementTriggers = compileTriggers()

func compileTriggers() map[string]uint32 {
	m := map[string]uint32{}
	for i, s := range statementPatterns {
		for _, w := range s.words {
			m[w] |= 1 << i
		}
	}
	return m
}

// triggered returns the statement patterns a unit's words may match.
func triggered(u *unit) uint32 {
	var bits uint32
	for k := range u.toks {
		t := &u.toks[k]
		if t.trig&fStatement == 0 {
			continue
		}
		bits |= statementTriggers[t.w]
		if isNumber(t.w) {
			bits |= 1 << prevalenceIndex
		}
	}
	return bits
}

// applies reports whether lower-case text holds one of the pattern's
// words (and, for numbers, "N in M"): a cheap test before the pattern.
func (s *statement) applies(l string) bool {
	if s.id == "prevalence" {
		return ratioAt(l)
	}
	for _, w := range s.need {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// ratioAt reports "N in M" or "N out of M" in lower-case text.
func ratioAt(l string) bool {
	for i := 0; i < len(l); i++ {
		if l[i] < '0' || l[i] > '9' {
			continue
		}
		j := i
		for j < len(l) && (l[j] >= '0' && l[j] <= '9' || l[j] == ',' || l[j] == '.') {
			j++
		}
		rest := l[j:]
		if strings.HasPrefix(rest, " in ") {
			rest = rest[4:]
		} else if strings.HasPrefix(rest, " out of ") {
			rest = rest[8:]
		} else {
			i = j
			continue
		}
		rest = strings.TrimPrefix(rest, "every ")
		if rest != "" && rest[0] >= '0' && rest[0] <= '9' {
			return true
		}
		i = j
	}
	return false
}

// findStatements finds the statement patterns in a unit.
func (x *extractor) findStatements(u *unit) {
	bits := triggered(u)
	if bits == 0 {
		return
	}
	l := lower(u.text)
	var flags []bool
	var seen map[string]bool
	for i, s := range statementPatterns {
		if bits&(1<<i) == 0 || !s.qtypes[x.qtype] || seen[s.id] || !s.applies(l) {
			continue
		}
		// The patterns are written in lower case; lower-casing keeps byte
		// offsets but for a few non-ASCII letters, where the match is
		// skipped.
		if len(l) != len(u.text) {
			continue
		}
		loc := s.re.FindStringIndex(l)
		for loc != nil && (titleCase(u.text[loc[0]:loc[1]]) || !wholeWords(l, loc[0], loc[1])) {
			next := s.re.FindStringIndex(l[loc[1]:])
			if next == nil {
				loc = nil
				break
			}
			loc = []int{loc[1] + next[0], loc[1] + next[1]}
		}
		if loc == nil {
			continue
		}
		if flags == nil {
			flags = x.topic.mark(u)
		}
		if x.topic.inside(u, flags, loc[0], loc[1]) {
			continue // "familial" in "familial Mediterranean fever"
		}
		if titleCase(u.text[loc[0]:loc[1]]) {
			continue // a heading glued to its text: "Cause is Unknown Paget's disease is ..."
		}
		if seen == nil {
			seen = map[string]bool{}
		}
		seen[s.id] = true
		label := u.text[loc[0]:loc[1]]
		id := s.id
		if id == "prevalence" {
			id += ":" + digits(label)
		}
		x.out = append(x.out, raw{u: u, kind: kStatement, stmt: id, label: label})
	}
}

// wholeWords reports whether s[i:j] starts and ends at word boundaries.
// The patterns' \b is ASCII-only and most do not end with one, so a
// match could stop inside "known2020" or "curé", and the label would cut
// the sources' word.
func wholeWords(s string, i, j int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[j:])
	return !wordRune(before) && !wordRune(after)
}

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// titleCase reports a match of two or more words all capitalized.
func titleCase(s string) bool {
	words := strings.Fields(s)
	if len(words) < 2 {
		return false
	}
	caps := 0
	for _, w := range words {
		r := []rune(w)[0]
		if unicode.IsUpper(r) {
			caps++
		} else if len(w) > 3 {
			return false
		}
	}
	return caps >= 2
}

func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
