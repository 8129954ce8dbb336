// Package store keeps healthqa's content: sources, topics, questions and
// answers. Callers see only the Store interface; the SQL behind it lives
// in one package per database (sqlite today, PostgreSQL later), so a
// backend can be added without touching its callers.
package store

import (
	"context"
	"errors"
	"time"

	"healthqa/internal/model"
)

// ErrNotFound is returned by lookups of a slug or key that is not stored.
var ErrNotFound = errors.New("not found")

// Content is one dataset's whole content, as an import produces it.
// Questions refer to topics, and answers to questions and sources, by
// slug and key.
type Content struct {
	Sources   []model.Source
	Topics    []model.Topic
	Questions []model.Question
	Answers   []model.Answer
}

// SyncOptions tune one Sync.
type SyncOptions struct {
	// Now stamps inserted and changed rows.
	Now time.Time
	// Progress, when set, is called now and then with rows written so far
	// and the total to write.
	Progress func(done, total int)
}

// Changes counts what one Sync did to one kind of row.
type Changes struct {
	Inserted  int `json:"inserted"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Deleted   int `json:"deleted"`
}

// Changed reports whether anything was written.
func (c Changes) Changed() bool { return c.Inserted+c.Updated+c.Deleted > 0 }

// SyncResult counts what one Sync did, per kind of row.
type SyncResult struct {
	Sources   Changes `json:"sources"`
	Topics    Changes `json:"topics"`
	Questions Changes `json:"questions"`
	Answers   Changes `json:"answers"`
}

// Stats are the store's headline counts.
type Stats struct {
	Sources              int `json:"sources"`
	Topics               int `json:"topics"`
	Questions            int `json:"questions"`
	MultiSourceQuestions int `json:"questions_with_2plus_sources"`
	// Entries counts distinct dataset entry ids ("<source>_<qid>"), the
	// unit evaluation files use.
	Entries int `json:"entries"`
	// Answers counts every stored answer; it exceeds Entries where the
	// dataset reuses an entry id for different content.
	Answers         int `json:"answers"`
	AnswersWithText int `json:"answers_with_text"`
	// EntriesWithText counts distinct entry ids with answer text.
	EntriesWithText int `json:"entries_with_text"`
}

// TopicSummary is a topic with the sources that answer questions about it.
type TopicSummary struct {
	model.Topic
	Sources       []string `json:"sources"` // source keys, sorted
	QuestionCount int      `json:"question_count"`
}

// QuestionSummary is a question with how many answers it has and from
// which sources.
type QuestionSummary struct {
	model.Question
	AnswerCount int      `json:"answer_count"`
	Sources     []string `json:"sources"` // source keys, sorted
}

// Store is what the rest of healthqa needs from a database.
type Store interface {
	// Sync makes the store hold exactly content for dataset, all or
	// nothing: an interrupted Sync leaves the store as it was. Rows whose
	// content is unchanged are not written, so a repeated Sync of the same
	// content changes nothing. Answers of dataset missing from content are
	// deleted, and with them questions and topics left without answers.
	Sync(ctx context.Context, dataset string, content Content, opts SyncOptions) (SyncResult, error)
	// Empty reports whether the store holds no answers at all.
	Empty(ctx context.Context) (bool, error)
	Stats(ctx context.Context) (Stats, error)
	// Sources lists every stored source, ordered by key.
	Sources(ctx context.Context) ([]model.Source, error)
	// Topics lists every topic, ordered by slug.
	Topics(ctx context.Context) ([]TopicSummary, error)
	Topic(ctx context.Context, slug string) (TopicSummary, error)
	// TopicQuestions lists a topic's questions in model.QuestionTypes order.
	TopicQuestions(ctx context.Context, topicSlug string) ([]QuestionSummary, error)
	// Question returns a question and its answers, ordered by source key
	// then answer key.
	Question(ctx context.Context, slug string) (model.Question, []model.Answer, error)
	Close() error
}
