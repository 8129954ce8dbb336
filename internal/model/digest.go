package model

// DigestRule says which questions have a digest, in the words every
// message, label and document uses. A question that fewer than two
// sources answer may have a digest gathered from its topic's other
// answers (digest.Gather).
const DigestRule = "answered with text by two or more sources, or (causes, symptoms and treatment questions) whose topic's other answers state points of their kind from two or more sources"

// NoDigest is the one sentence that says why a question that exists has
// no digest, for the command line and the API alike.
func NoDigest(questionSlug string) string {
	return "question " + questionSlug + " exists but has no digest: digests are made for questions " + DigestRule
}

// Digest is what the sources of one question say: the points they make,
// and for each point which sources state it, each in its own sentence.
// Every point has a supporting sentence for every source listed, and no
// label uses words the sources did not write.
type Digest struct {
	QuestionSlug string        `json:"question_slug"`
	Points       []DigestPoint `json:"points"`
}

// DigestPoint is one point, with its sources in key order and one piece
// of evidence per source. Voices is the number of independent sources:
// a source that repeats another's text (DigestEvidence.Repeats) is one
// voice with it. Points come most independent sources first.
type DigestPoint struct {
	Label    string           `json:"label"`
	Sources  []string         `json:"sources"`
	Voices   int              `json:"voices,omitempty"`
	Evidence []DigestEvidence `json:"evidence"`
}

// DigestEvidence is the sentence, verbatim from the answer, in which a
// source states a point. Repeats names the point's source whose text
// this one repeats nearly word for word (GARD often repeats Genetics Home
// Reference), or is empty.
type DigestEvidence struct {
	Source    string `json:"source"`
	AnswerKey string `json:"answer_key"`
	Sentence  string `json:"sentence"`
	Repeats   string `json:"repeats,omitempty"`
	// Question and QuestionTitle name the topic's other question whose
	// answer the sentence is from, when the point was gathered for a
	// question that fewer than two sources answer (digest.Gather); empty
	// when the sentence is from this question's own answer.
	Question      string `json:"question,omitempty"`
	QuestionTitle string `json:"question_title,omitempty"`
}

// CountVoices returns a point's independent sources: Voices, or for a
// digest stored before voices were counted (Voices 0, no Repeats; the
// store keeps points as given) its evidence that repeats no other
// source, that is every source. `healthqa import` recomputes every
// digest and stores the voices.
func CountVoices(p DigestPoint) int {
	if p.Voices > 0 {
		return p.Voices
	}
	n := 0
	for _, e := range p.Evidence {
		if e.Repeats == "" {
			n++
		}
	}
	return n
}
