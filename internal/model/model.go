// Package model holds healthqa's domain: the organizations that publish
// answers, the topics questions are about, the canonical questions a page
// answers, and each source's answer to one of them.
//
// Everything here is plain data with no storage or network concerns, so
// that every other package can depend on it.
package model

import "time"

// SourceKind tells readers what sort of organization a source is; they
// judge credibility by it.
type SourceKind string

// The kinds of organization a source can be.
const (
	KindGovernment SourceKind = "government"
	KindNonprofit  SourceKind = "nonprofit"
	KindAcademic   SourceKind = "academic"
	KindCommercial SourceKind = "commercial"
)

// Source is an organization that publishes answers.
type Source struct {
	Key         string     `json:"key"`        // stable key, e.g. "NINDS"
	Name        string     `json:"name"`       // "National Institute of Neurological Disorders and Stroke"
	ShortName   string     `json:"short_name"` // "NINDS"
	HomeURL     string     `json:"home_url"`
	Description string     `json:"description"`
	Kind        SourceKind `json:"kind"`
}

// Category is the broad class of a topic.
type Category string

// Topic categories as MedQuAD's MedlinePlus collections name them; the
// other collections are all about diseases.
const (
	CategoryDisease Category = "Disease"
	CategoryDrug    Category = "Drug"
	CategoryOther   Category = "Other"
)

// Topic is what a question is about: a disease, a drug, a test. One topic
// gathers the foci that several sources name differently.
type Topic struct {
	Slug          string   `json:"slug"`
	Name          string   `json:"name"`
	CUIs          []string `json:"cuis"`
	SemanticTypes []string `json:"semantic_types"`
	SemanticGroup string   `json:"semantic_group"`
	Category      Category `json:"category"`
	Synonyms      []string `json:"synonyms"`
	// Foci are the names the sources gave this topic, as written, so that
	// a merge can always be explained.
	Foci []string `json:"foci"`
}

// Question is one topic asked about in one way: the canonical question a
// page answers, with every source's answer to it.
type Question struct {
	Slug      string `json:"slug"`
	TopicSlug string `json:"topic_slug"`
	Type      string `json:"type"`  // a QuestionType key, e.g. "causes"
	Title     string `json:"title"` // "What causes restless legs syndrome?"
}

// Answer is one source's answer to a question.
type Answer struct {
	// Key identifies the answer uniquely. It equals DocID except where the
	// dataset reuses a question id in another file (a few CancerGov
	// entries), where the file is added so that no answer is lost.
	Key string `json:"key"`
	// DocID is the dataset's entry id, "<source>_<qid>", as evaluation
	// files name it.
	DocID          string `json:"doc_id"`
	QuestionSlug   string `json:"question_slug"`
	SourceKey      string `json:"source"`
	SourceURL      string `json:"source_url"`
	SourceQuestion string `json:"source_question"` // the source's own wording
	// Text is empty where the dataset withholds the answer for licence
	// reasons; the reader is sent to SourceURL instead.
	Text       string    `json:"text"`
	Dataset    string    `json:"dataset"` // "medquad"
	Origin     string    `json:"origin"`  // the file it came from, for provenance
	ImportedAt time.Time `json:"imported_at"`
	UpdatedAt  time.Time `json:"updated_at"`

	// Contributor answers (Dataset ContributorsDataset) only: who wrote
	// it, the reviewed text as sanitized HTML (rendered once, at save;
	// Text is its plain text), and the review that published it.
	Author *Person `json:"author,omitempty"`
	HTML   string  `json:"-"`
	Review *Review `json:"review,omitempty"`

	// Readability is nil for an answer too short to grade or without
	// text (issue 12).
	Readability *Readability `json:"readability,omitempty"`
}

// HasText reports whether the dataset licensed this answer's text.
func (a Answer) HasText() bool { return a.Text != "" }
