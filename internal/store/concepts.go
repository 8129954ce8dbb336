package store

import "context"

// Concepts is the lookup of topics by UMLS concept and the reading
// levels of answers (issue 12). It is separate from Store so that other
// backends keep satisfying Store; *sqlite.DB implements both.
type Concepts interface {
	// Concept returns the topics carrying the UMLS concept cui, ordered
	// by name as TopicsByLetter orders them, at most MaxConceptPageTopics
	// of them (Topics counts them all), each with its questions in
	// model.QuestionTypes order. Topics sharing a concept are listed
	// side by side, never merged. ErrNotFound when no topic carries it.
	// The caller checks cui's syntax.
	Concept(ctx context.Context, cui string) (ConceptPage, error)
	// HardAnswers lists answers whose Flesch–Kincaid grade is above
	// minGrade, hardest first (then by key), at most limit, with the
	// total count. A negative limit is an error.
	HardAnswers(ctx context.Context, minGrade float64, limit int) (HardQueue, error)
	// ReadingLevels lists the grades of every graded answer, ordered by
	// source then key: for the per-source distribution.
	ReadingLevels(ctx context.Context) ([]ReadingLevel, error)
	// AnswerGrades returns the Flesch–Kincaid grade of each of keys that
	// names a graded answer; at most MaxKeys keys.
	AnswerGrades(ctx context.Context, keys []string) (map[string]float64, error)
}

// MaxConceptPageTopics bounds the topics Concept returns.
const MaxConceptPageTopics = 50

// ConceptPage is one UMLS concept's topics.
type ConceptPage struct {
	CUI string `json:"cui"`
	// Generic says the concept is a broad class rather than an identity:
	// it sits on topics with corpus.GenericCUIThreshold or more distinct
	// names (corpus.GenericConcept, the rule merging uses), so it alone
	// says little about a topic.
	Generic bool `json:"generic"`
	// TopicCount counts every topic carrying the concept; Topics holds
	// the first MaxConceptPageTopics.
	TopicCount int            `json:"topic_count"`
	Topics     []ConceptTopic `json:"topics"`
}

// ConceptTopic is a topic with its questions and their sources.
type ConceptTopic struct {
	TopicSummary
	Questions []QuestionSummary `json:"questions"`
}

// HardQueue is the reviewers' list of answers that read above a grade.
type HardQueue struct {
	Total   int          `json:"total"`
	Answers []HardAnswer `json:"answers"`
}

// HardAnswer is one answer of HardQueue.
type HardAnswer struct {
	Key           string  `json:"key"`
	QuestionSlug  string  `json:"question_slug"`
	QuestionTitle string  `json:"question_title"`
	SourceKey     string  `json:"source"`
	Dataset       string  `json:"dataset"`
	Grade         float64 `json:"grade"`
	SMOG          float64 `json:"smog"`
}

// ReadingLevel is one graded answer's source and grades.
type ReadingLevel struct {
	SourceKey string  `json:"source"`
	Dataset   string  `json:"dataset"`
	Grade     float64 `json:"grade"`
	SMOG      float64 `json:"smog"`
}
