package digest

// Gathering: a question that fewer than two sources answer with text
// borrows the statements of its kind (causes, symptoms, treatments) that
// the same topic's other answers make. MedQuAD splits one source's page
// into several questions, and a source often states a condition's causes
// on its "What is" page only; the question "What causes X?" then has one
// answer while four sources say what causes X.
//
// A gathered statement is never the source's answer to the question
// asked: its evidence keeps the answer key of the answer it was cut from
// and names that answer's question (Evidence.Question, QuestionTitle), so
// that the page says "from NINDS's answer to What is X?" and links there.
// Only the sentences of a gathered answer that are about the question's
// kind are read (gatherUnit); the rest of it is skipped as boilerplate
// is, so it neither makes points nor adds sources to them.

// gatherKinds are the question types whose statements are gathered.
var gatherKinds = set("causes", "symptoms", "treatment")

// gatherFrom are, for each kind, the question types whose answers are
// read: the overview ("What is X?"), which sums up causes, symptoms and
// treatment alike, and the pages next to the kind's subject: genetic
// changes, inheritance and who is at risk for causes; complications for
// symptoms; prevention and outlook for treatment. Other pages (research
// describes studies, tests other conditions to rule out, support groups
// organizations) would be read for the wrong thing, and reading every
// page of a topic for each of its questions costs import time.
var gatherFrom = map[string]map[string]bool{
	"causes":    set("information", "genetic changes", "inheritance", "susceptibility"),
	"symptoms":  set("information", "complications"),
	"treatment": set("information", "prevention", "outlook"),
}

// Gathers reports whether a question of type qtype may gather statements
// from the topic's other answers.
func Gathers(qtype string) bool { return gatherKinds[qtype] }

// GathersFrom reports whether the answers of a question of type otype are
// read when gathering for a question of type qtype.
func GathersFrom(qtype, otype string) bool { return gatherFrom[qtype][otype] }

// Gather computes the digest of a question that fewer than two sources
// answer with text: its own answers (possibly none) and the answers of
// the topic's other questions, each with Question and QuestionTitle set.
// A source's own answer comes before its gathered ones, so its evidence
// is its own sentence whenever its own answer states the point. The
// digest is empty unless its points come from two or more sources.
func Gather(qtype, topic string, synonyms []string, own, others []Answer) Digest {
	if !Gathers(qtype) {
		return Digest{}
	}
	all := make([]Answer, 0, len(own)+len(others))
	for _, a := range own {
		a.Question, a.QuestionTitle = "", ""
		all = append(all, a)
	}
	for _, a := range others {
		if a.Question != "" {
			all = append(all, a)
		}
	}
	d := Build(qtype, topic, synonyms, all)
	from := map[string]Answer{}
	for _, a := range others {
		from[a.Key] = a
	}
	sources := map[string]bool{}
	for i := range d.Points {
		for j := range d.Points[i].Evidence {
			e := &d.Points[i].Evidence[j]
			sources[e.Source] = true
			if a, ok := from[e.AnswerKey]; ok && a.Question != "" {
				e.Question, e.QuestionTitle = a.Question, a.QuestionTitle
			}
		}
	}
	if len(sources) < 2 {
		return Digest{}
	}
	return d
}

// keepKind skips the units of gathered answers that are not about the
// question's kind. A list item counts as its introduction does ("Certain
// medicines may trigger X. These include:" → its items are causes).
func (b *builder) keepKind() {
	for i, a := range b.answers {
		if a.Question == "" {
			continue
		}
		for _, u := range b.units[i] {
			if u.skip {
				continue
			}
			keep := b.gatherUnit(u)
			if !keep && u.item && u.intro != nil && !u.intro.skip {
				keep = b.gatherUnit(u.intro)
			}
			u.skip = !keep
		}
	}
}

// gatherUnit reports a sentence of a gathered answer that states
// something of the question's kind, by the words English uses for it.
func (b *builder) gatherUnit(u *unit) bool {
	toks := u.toks
	flags := b.flagsOf(u)
	if b.qtype == "symptoms" && statesCause(toks) {
		return false // "symptoms are caused by mutations in ...": causes
	}
	for k := range toks {
		t := &toks[k]
		if !t.word() {
			continue
		}
		switch b.qtype {
		case "causes":
			if causeWord(t.w) && !effectVerb(toks, flags, k) || causalLink(toks, k) && namesTopic(toks, flags) {
				return true
			}
		case "symptoms":
			if symptomWords[t.w] || causeWord(t.w) && effectVerb(toks, flags, k) {
				return true
			}
		case "treatment":
			if treatmentWords[t.w] {
				return true
			}
		}
	}
	return false
}

// namesTopic reports a sentence that names the topic, or a noun standing
// for it ("the disorder"): "dopamine triggers signals" is no cause of X.
func namesTopic(toks []tok, flags []bool) bool {
	for k := range toks {
		if flags[k] || anaphors[toks[k].w] {
			return true
		}
	}
	return false
}

// statesCause reports a sentence about what causes symptoms: "caused
// by", or gene mutations.
func statesCause(toks []tok) bool {
	for k := range toks {
		if w := toks[k].w; w == "mutation" || w == "mutations" || w == "caused" && k+1 < len(toks) && toks[k+1].w == "by" {
			return true
		}
	}
	return false
}

// causeWord reports "cause" and its forms.
func causeWord(w string) bool {
	switch w {
	case "cause", "causes", "caused", "causing", "causal", "causative":
		return true
	}
	return false
}

// causalLink reports the other words English states a cause with: "X
// results from", "triggered by", "due to", "linked to", "risk factors",
// "X is inherited", "idiopathic", "contributes to", "underlies".
func causalLink(toks []tok, k int) bool {
	next := ""
	if k+1 < len(toks) {
		next = toks[k+1].w
	}
	switch toks[k].w {
	case "result", "results", "resulting", "resulted", "stem", "stems", "arise", "arises":
		return next == "from"
	case "trigger", "triggers", "triggered", "triggering", "risk", "risks", "factor", "factors",
		"contribute", "contributes", "contributing", "underlie", "underlies", "underlying", "idiopathic",
		"inherited", "mutation", "mutations":
		return true
	case "due", "linked", "attributed", "related":
		return next == "to"
	case "associated":
		return next == "with"
	}
	return false
}

// effectVerb reports "cause(s)" used as a verb that does not name the
// topic after it: "X is a condition that causes an urge to move" and
// "leg cramps cause pain" state effects, not causes of X. The noun ("the
// cause of X", "no known cause") and "caused by" are causes, and so is
// a verb with the topic, or a noun standing for it, after it ("medicines
// can cause RLS", "enough to cause the disorder").
func effectVerb(toks []tok, flags []bool, k int) bool {
	w := toks[k].w
	if w == "caused" || w == "causal" || w == "causative" {
		return false
	}
	next := ""
	if k+1 < len(toks) {
		next = toks[k+1].w
	}
	if next == "of" || next == "for" || next == "is" || next == "are" || next == "remains" || next == "remain" || next == "" {
		return false // a noun
	}
	if k > 0 && causeNounBefore[toks[k-1].w] {
		return false // a noun: "the cause", "no known cause"
	}
	for m := k + 1; m < len(toks); m++ {
		if toks[m].p == '.' || toks[m].p == ';' {
			break
		}
		if flags[m] || anaphors[toks[m].w] && m > 0 && (toks[m-1].w == "the" || toks[m-1].w == "this") {
			return false // "certain medicines can cause RLS", "... cause the disorder"
		}
	}
	return true
}

// causeNounBefore are the words before "cause(s)" that make it a noun.
var causeNounBefore = set("the", "a", "an", "no", "known", "main", "common", "underlying", "exact", "its", "their",
	"specific", "other", "possible", "primary", "leading", "only", "single", "one", "likely", "most")

// anaphors are the nouns a page uses for its topic after naming it once:
// "the disorder", "this condition".
var anaphors = set("disorder", "condition", "disease", "syndrome")

// symptomWords and treatmentWords are the nouns and verbs English states
// symptoms and treatments with.
var (
	symptomWords = set("symptom", "symptoms", "sign", "signs", "feature", "features", "characterized",
		"characterised", "characteristic", "experience", "experiences", "feel", "feels", "feeling", "feelings",
		"sensation", "sensations", "complain", "complaints")
	treatmentWords = set("treat", "treats", "treated", "treating", "treatment", "treatments", "therapy",
		"therapies", "medication", "medications", "medicine", "medicines", "drug", "drugs", "surgery",
		"surgeries", "surgical", "manage", "managed", "management", "managing", "relieve", "relieves",
		"relieved", "relief", "transplant", "transplantation", "prescribed", "prescribe", "cure", "cured")
)
