package digest

// Treatment sentences: their subjects, approved drugs, imperatives,
// drug names, and the definition that opens an overview.

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
	"inhibitor", "inhibitors", "blocker", "blockers", "agonist", "agonists",
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
	if k > 0 && toks[k-1].p == ',' {
		k-- // the loop above passed the apposition's comma
	}
	if k = skipApposition(toks, k); k >= len(toks) {
		return
	}
	v := toks[k].w
	start := k + 1
	if refersTo(toks, k) {
		v, start = "is", k+2 // "refers to a group of disorders"
		if start >= len(toks) || !(toks[start].is(cDeterminers) || toks[start].w == "one") {
			return
		}
	}
	switch v {
	case "is", "are":
		// A noun phrase: "is a group of ...", "is one common form of".
		if start == k+2 {
			break // "refers to"
		}
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
