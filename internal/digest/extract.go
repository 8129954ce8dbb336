package digest

import (
	"strings"
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
	x.sectionHeading(u)
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
