// Package search finds the answered questions that fit a consumer's
// health question: it understands the question (topic and question
// type) and ranks MedQuAD's entries and question pages with an engine of
// our own.
package search

import (
	"context"

	"healthqa/internal/abbrev"
	"healthqa/internal/model"
	"healthqa/internal/store"
)

// Document is one MedQuAD entry as every engine indexes it: the fields
// are the same for our engine and for the peers it is measured against.
type Document struct {
	DocID          string // "<source>_<qid>", what judgments name
	AnswerKey      string // unique answer key (DocID may repeat)
	QuestionSlug   string
	QuestionType   string
	SourceQuestion string // the source's own wording of the question
	Title          string // the canonical question title
	Topic          string // topic name
	TopicSlug      string
	SourceKey      string
	Synonyms       []string
	Answer         string // empty where the dataset withholds the text
	// Dataset is the answer's dataset: an index takes changes of
	// model.ContributorsDataset's answers without a full build
	// (Index.WithContributors).
	Dataset string
	// Abbreviations are the pairs the answer defines (issue 11); only
	// our engine reads them.
	Abbreviations []model.Abbreviation
}

// Hit is one ranked entry.
type Hit struct {
	DocID     string  `json:"doc_id"`
	AnswerKey string  `json:"answer_key"`
	Score     float64 `json:"score"`
}

// Engine ranks entries for a query. Implementations are built once from
// the documents and then safe for concurrent Search calls.
type Engine interface {
	Name() string
	// Search returns at most k hits, best first.
	Search(ctx context.Context, query string, k int) ([]Hit, error)
	Close() error
}

// LoadDocuments reads a store's whole content as engine documents.
func LoadDocuments(ctx context.Context, st store.Store) ([]Document, error) {
	c, err := st.Load(ctx)
	if err != nil {
		return nil, err
	}
	return ContentDocuments(c), nil
}

// ContentDocuments turns content as Load reads it into engine documents,
// each with the abbreviations its answer defines: an imported answer
// those the import found, a contributor answer those its text defines,
// found here, since a publish stores none (the next import would).
func ContentDocuments(c store.Content) []Document {
	docs := Documents(c.TopicsBySlug(), c.QuestionsBySlug(), c.Answers)
	attachAbbreviations(docs, c.Abbreviations)
	for i, d := range docs {
		if d.Dataset == model.ContributorsDataset {
			docs[i].Abbreviations = abbrev.Of(d.AnswerKey, d.Answer)
		}
	}
	return docs
}

// Documents turns stored questions and answers into engine documents.
func Documents(topics map[string]model.Topic, questions map[string]model.Question, answers []model.Answer) []Document {
	docs := make([]Document, 0, len(answers))
	for _, a := range answers {
		q := questions[a.QuestionSlug]
		t := topics[q.TopicSlug]
		docs = append(docs, Document{
			DocID: a.DocID, AnswerKey: a.Key, QuestionSlug: q.Slug, QuestionType: q.Type,
			SourceQuestion: a.SourceQuestion, Title: q.Title, Topic: t.Name, TopicSlug: t.Slug, SourceKey: a.SourceKey,
			Synonyms: t.Synonyms, Answer: a.Text, Dataset: a.Dataset,
		})
	}
	return docs
}
