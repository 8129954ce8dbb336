// Package digest computes the consensus digest of one health question: the
// points that its sources' answers make, and for each point which sources
// state it, each with the verbatim sentence (or list item) that states it.
//
// Health content is sensitive, so the digest is built to be precise
// rather than complete:
//
//   - every point has a supporting sentence from each of its sources;
//   - a point's label is the sources' own words (a phrase cut from one of
//     its sentences, at most with its first letter lower-cased, or
//     modifiers distributed over a shared head: "kidney problems" from
//     "kidney or liver problems"), never generated text;
//   - two wordings are one point only when their content words are the
//     same after stemming and a small lexicon of general medical
//     equivalences (lexicon.go), or one is a more general wording of
//     exactly one other point; "type 1 diabetes" and "type 2 diabetes",
//     "kidney failure" and "liver problems" are never merged.
//
// Method. Answers are split into units (sentences and list items; lists
// restored by answertext.Parse, bulleted lines, and unmarked items after a
// list's introduction). Candidate points come from list items' heads
// ("Low iron levels: ...", "Pregnancy. ..."), from enumerations ("such as",
// "including", "include", "associated with", "caused by", "related to",
// "lead to", "treated with", colon lists), from treatment predicates
// ("Physical therapy may help", "A low-copper diet is recommended"),
// recommendations ("Avoid large meals before bedtime."), named things ("a
// drug called modafinil"), an overview answer's definition of its topic,
// and statements sources phrase in many ways ("the cause is unknown",
// "there is no cure", "treatment is symptomatic", "runs in families").
// Lists that answer another question are skipped ("side effects such as
// fever" in a treatment answer), as are link lists and attribution lines.
// Candidates are keyed by their head word and the set of their other
// content words (stop words, quantifiers and the topic's name left out;
// Snowball stems; the lexicon), grouped, and each group's other sources
// are searched for the same words, which then state the point too.
package digest

// Answer is one source's answer to the question.
type Answer struct {
	Source string // the source's key, e.g. "NINDS"
	Key    string // the answer's id, for linking
	Text   string
}

// Evidence is the sentence of one source that states a point.
type Evidence struct {
	Source    string `json:"source"`
	AnswerKey string `json:"answer_key"`
	// Sentence is verbatim from the answer (whitespace normalized): a
	// sentence, a list item, or a list item's head and first sentence.
	Sentence string `json:"sentence"`
}

// Point is one thing the sources say.
type Point struct {
	Label    string     `json:"label"`    // the sources' own words
	Sources  []string   `json:"sources"`  // sorted
	Evidence []Evidence `json:"evidence"` // one per source, in Sources order
}

// Digest is the points of one question, by number of sources (most
// first), then by first appearance.
type Digest struct {
	Points []Point `json:"points"`
}

// Build computes the digest of one question of type qtype (MedQuAD's
// question types: "causes", "treatment", "symptoms", "information", ...)
// about topic (with its synonyms) from its answers, one per source.
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
		b.units[i] = units(i, a.Text)
		for _, u := range b.units[i] {
			u.order = n
			n++
		}
	}
	for _, us := range b.units {
		b.topic.learnAcronyms(us)
	}
	b.learnAcronyms()
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
