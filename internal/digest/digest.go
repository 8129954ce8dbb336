// Package digest computes the consensus digest of one health question: the
// points that its sources' answers make, and for each point which sources
// state it, each with the verbatim sentence (or list item) that states it.
//
// Health content is sensitive, so the digest is built to be precise
// rather than complete:
//
//   - every point has a supporting sentence from each of its sources, cut
//     verbatim from the source's answer (whitespace normalized);
//   - a point's label is the sources' own words: a phrase cut from one of
//     its evidence sentences, at most with its first letter lower-cased,
//     its parentheticals left out, or a head shared by a coordination
//     distributed ("kidney problems" from "kidney or liver problems",
//     "physical therapies" from "physical, occupational, and speech
//     therapies"); never generated text;
//   - two wordings are one point only when their content words are the
//     same after Snowball stemming and the lexicon of equivalent wordings
//     that MedQuAD's own answers state ("droopy eyelids (ptosis)"),
//     generated over the whole corpus by a fixed procedure and applied
//     whole (lexicon.go, lexgen), or when one is the more general wording
//     of exactly one other point ("stimulants" and "central nervous system
//     stimulants"; "diabetes" joins neither "type 1 diabetes" nor "type 2
//     diabetes" when both are points). Negations and polarity verbs always
//     count: "avoid alcohol" is not "alcohol", "no weight loss" not
//     "weight loss".
//
// # Method
//
// Units. Each answer is split into units: answertext.Parse restores its
// paragraphs and lists; bulleted lines ("• Pregnancy. ...") and short
// lines after a list's introduction ("These may include:") are list
// items; paragraphs are split into sentences (abbreviations, initials,
// "e.g.", "U.S." and decimals do not end one). Link lists ("These
// resources address ..."), references ("For more information, visit") and
// attribution lines state nothing and are skipped.
//
// Candidates. Points are read from:
//
//   - list items' heads: "Low iron levels: Lack of iron ..." gives "low iron
//     levels", "Pregnancy. Some women ..." gives "pregnancy", "Reddened face
//     that looks like a blush" gives "reddened face", a phenotype table row
//     "Abdominal pain 90%" gives "abdominal pain"; an item that is a
//     sentence is read as prose;
//   - enumerations: "such as", "including", "include(s)", "are" after a
//     list word ("The most common symptoms are"), colon lists, "associated
//     with", "caused by", "related to" (causes), "lead to", "result in",
//     "cause" + a list (effects), "treated with", "managed with", "often
//     with", "involves" (treatments), "called" / "known as" after a class
//     word, the object of "approved". Lists are split at commas up to the
//     member "and"/"or" introduces, then at "and"/"or" ("or" binding
//     closer than "and"), appositions ("primidone, an anticonvulsant
//     drug") dropped, and shared heads distributed over single-word
//     modifiers when the head is a common umbrella ("problems",
//     "medications", "therapy", "use") or the modifiers are adjectives;
//   - classes: "certain medications such as A and B" names A and B, an
//     umbrella being no point; "alpha-adrenergic agonists such as
//     clonidine" is one point whose members group with it; "X and other Ys
//     such as" counts X as a member; a classification ("6 major forms of
//     EDS: hypermobility type, ...") is one point;
//   - treatment predicates and recommendations (treatment-like questions):
//     the subject of "may help", "is recommended", "may be required", "may
//     also be used to treat", "is effective" ("Physical and occupational
//     therapy may help"), names defined as drugs ("Penicillamine and
//     trientine are copper chelators"), and imperatives ("Avoid large
//     meals and beverages just before bedtime.");
//   - an overview answer's definition of its topic ("X is a group of
//     inherited connective tissue disorders"), one point across sources;
//   - statements sources word in many ways, each one point: the cause is
//     unknown (or idiopathic), there is no cure, treatment is symptomatic,
//     treatment is lifelong, it runs in families, the inheritance pattern,
//     a prevalence "N in M".
//
// Lists that answer another question than the one asked are skipped ("side
// effects, such as fever" in a treatment answer; symptoms in a causes
// answer), as are body parts ("vital organs such as the liver") and
// people ("the following specialists:"). The topic's name, its shorter
// forms ("Crohn's" for "Crohn disease") and acronyms ("RLS") are never a
// point and never make two wordings differ.
//
// Grouping. A candidate's key is its head word (the last content word of
// its core, before any preposition, or of its "of" phrase when the core is
// an umbrella: "a greater chance of broken bones") and the set of its other
// content words: stop words, quantifiers and the topic left out, acronyms
// the answers define expanded ("DBS" is deep brain stimulation), Snowball
// stems, the lexicon applied. Candidates group when they share a key, a
// statement, a polarity verb + object ("avoiding alcohol" in "avoiding
// alcohol and caffeine-containing beverages"), when one is a member of
// another's class, or when one is the more general wording of exactly one
// other. Each group's wordings are then looked for in the other sources'
// sentences (content words in order, not negated, not modified by a
// content word before them, not the start of a longer name), which adds
// those sources with their sentences. Finally, sentences two sources share
// nearly word for word (content-word Jaccard similarity 0.6 or more) are
// a point of both unless a point already covers them, labelled with the
// shorter sentence.
//
// Labels. The label is the wording most of the point's sources use, then
// the surest kind of candidate, then the shortest; its sentence is its
// source's evidence. A label of more than 12 words (a shared sentence, a
// long definition) is cut to a short claim: its first words up to a
// phrase boundary, marked "…", never reworded (claims.go).
//
// Voices. A source whose answer, or whose sentence for a point, nearly
// repeats another's (word-shingle overlap of one half or more) is one
// voice with it on that point: its evidence names the source it repeats,
// and a point's Voices counts its independent sources (voices.go, which
// documents the thresholds and the rule for which text is the original).
//
// Points are ordered by number of independent sources, then by number of
// sources, then by first appearance.
//
// # Where the rules come from
//
// The extractor's constructions and word classes were written while
// reading answers, the dev gold's among them. Rules that served a dev
// item rather than a construction of the corpus (the hand lexicon, two
// statement patterns, a few special words) were taken out; the inventory,
// with the decision for each rule, is docs/DIGEST-RULES.md. No unit test
// uses a dev-gold or seed-page sentence; TestDevGold only keeps a
// regression floor on the dev figure.
package digest

// Answer is one source's answer to the question.
type Answer struct {
	Source string // the source's key, e.g. "NINDS"
	Key    string // the answer's id, for linking
	Text   string
	// Question and QuestionTitle name the topic's other question this
	// answer answers, for an answer Gather reads; empty for an answer
	// to the question itself.
	Question, QuestionTitle string
}

// Evidence is the sentence of one source that states a point.
type Evidence struct {
	Source    string `json:"source"`
	AnswerKey string `json:"answer_key"`
	// Sentence is verbatim from the answer (whitespace normalized): a
	// sentence, a list item, or a list item's head and first sentence.
	Sentence string `json:"sentence"`
	// Repeats is the source whose text this source repeats on this point
	// (voices.go): the two are one voice. Empty for an independent one.
	Repeats string `json:"repeats,omitempty"`
	// Question and QuestionTitle name the other question of the topic
	// whose answer the sentence is from, for a gathered statement
	// (gather.go); empty when it is from this question's answer.
	Question      string `json:"question,omitempty"`
	QuestionTitle string `json:"question_title,omitempty"`
}

// Point is one thing the sources say.
type Point struct {
	Label    string     `json:"label"`    // the sources' own words, at most about 12 of them (claims.go)
	Sources  []string   `json:"sources"`  // sorted
	Voices   int        `json:"voices"`   // independent sources: Sources less those that repeat another's text
	Evidence []Evidence `json:"evidence"` // one per source, in Sources order
}

// Digest is the points of one question, by number of independent
// sources (most first), then by number of sources, then by first
// appearance.
type Digest struct {
	Points []Point `json:"points"`
}

// Build computes the digest of one question of type qtype (MedQuAD's
// question types: "causes", "treatment", "symptoms", "information", ...)
// about topic (with its synonyms) from its answers, one per source (a
// source's later answers are read, but its evidence is its first
// sentence that states a point). It is safe for concurrent use.
func Build(qtype, topic string, synonyms []string, answers []Answer) Digest {
	b := &builder{
		qtype:    qtype,
		answers:  answers,
		topic:    newTopic(topic, synonyms),
		acronyms: map[string][]string{},
	}
	b.units = make([][]*unit, len(answers))
	n := 0
	for i, a := range answers {
		b.units[i] = cachedUnits(i, a.Text) // unitcache.go
		for _, u := range b.units[i] {
			u.order = n
			n++
		}
	}
	for _, us := range b.units {
		b.topic.learnAcronyms(us)
	}
	b.learnAcronyms()
	b.keepKind()
	x := &extractor{qtype: qtype, topic: b.topic}
	for _, us := range b.units {
		first := true
		for _, u := range us {
			x.unit(u, first && !u.skip && !u.item)
			if !u.skip && !u.item {
				first = false
			}
		}
	}
	b.makeCands(x.out)
	return Digest{Points: b.points(b.group())}
}
