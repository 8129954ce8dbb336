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

// ErrVersionChanged is returned by a Sync made conditional on a version
// (SyncOptions.IfVersion) that is no longer the store's: it wrote
// nothing.
var ErrVersionChanged = errors.New("the content changed since it was read")

// Content is one dataset's whole content, as an import produces it.
// Questions refer to topics, and answers to questions and sources, by
// slug and key.
type Content struct {
	Sources   []model.Source
	Topics    []model.Topic
	Questions []model.Question
	Answers   []model.Answer
	// Digests are computed from the answers at import, one per question
	// answered with text by two or more sources (model.DigestRule); a
	// question's digest goes with the question.
	Digests []model.Digest
	// Abbreviations are the abbreviation definitions the answers' text
	// states, learned at import (internal/abbrev), each naming its
	// answer. A Sync keeps exactly these for the dataset's answers; Load
	// returns them ordered by answer key, short form, long form.
	Abbreviations []model.Abbreviation
}

// TopicsBySlug indexes the content's topics.
func (c Content) TopicsBySlug() map[string]model.Topic {
	m := make(map[string]model.Topic, len(c.Topics))
	for _, t := range c.Topics {
		m[t.Slug] = t
	}
	return m
}

// QuestionsBySlug indexes the content's questions.
func (c Content) QuestionsBySlug() map[string]model.Question {
	m := make(map[string]model.Question, len(c.Questions))
	for _, q := range c.Questions {
		m[q.Slug] = q
	}
	return m
}

// SyncOptions tune one Sync.
type SyncOptions struct {
	// Now stamps inserted and changed rows.
	Now time.Time
	// Progress, when set, is called now and then with rows written so far
	// and the total to write.
	Progress func(done, total int)
	// Snapshot, when set, is called by a Sync that changes the content,
	// in its transaction after its writes, with the whole content as
	// Load would read it then; the bytes it returns are saved as the
	// search snapshot of the new version in the same transaction. The
	// version and its snapshot then commit together, and a node told of
	// the change loads the snapshot instead of building its index.
	Snapshot func(ctx context.Context, c Content) []byte
	// IfVersion, when set, makes the Sync conditional: once it holds the
	// store's write lock it checks that Version is still *IfVersion, and
	// otherwise writes nothing and fails with ErrVersionChanged. An
	// import computes the digests of questions with contributor answers
	// from the answers it read at a version (Published.ContributorContent);
	// a publish since then would have its question's digest replaced by
	// one made without it.
	IfVersion *int64
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
	Digests   Changes `json:"digests"`
	// Abbreviations counts abbreviation pairs; those of an answer that
	// is deleted are counted as deleted.
	Abbreviations Changes `json:"abbreviations"`
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
	// Digests counts questions with a stored digest: those answered
	// with text by two or more sources (model.DigestRule).
	Digests int `json:"digests"`
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
	// Lead is the start (at most LeadLength bytes, cut before a UTF-8
	// sequence rather than through it) of the first answer with text, in
	// answer order (source key, then answer key); empty when no answer
	// has text. Pages make their snippets from it.
	Lead string `json:"-"`
	// LeadSource is the key of the source whose answer Lead comes from;
	// empty when Lead is.
	LeadSource string `json:"-"`
}

// LeadLength bounds QuestionSummary.Lead.
const LeadLength = 600

// TopicPage is one page of an alphabetical topic listing.
type TopicPage struct {
	Topics []TopicSummary `json:"topics"`
	Total  int            `json:"total"` // topics under this letter, all pages
}

// LetterCount says how many topics start with a letter.
type LetterCount struct {
	Letter string `json:"letter"` // "A"…"Z", or "#" for names not starting with a letter
	Topics int    `json:"topics"`
}

// SourceSummary is a source with what it contributes.
type SourceSummary struct {
	model.Source
	Topics          int `json:"topics"`
	Answers         int `json:"answers"`
	AnswersWithText int `json:"answers_with_text"`
}

// SourceTopic is one topic a source answers questions about.
type SourceTopic struct {
	Slug    string `json:"slug"`
	Name    string `json:"name"`
	Answers int    `json:"answers"` // this source's answers on the topic
}

// PageRef names a page and when its content last changed, for sitemaps
// and caching.
type PageRef struct {
	Slug      string    `json:"slug"`
	UpdatedAt time.Time `json:"updated_at"`
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

	// TopicLetters counts topics by the first letter of their name
	// (folded to upper-case ASCII A–Z; anything else, a digit, punctuation
	// or an accented letter, is "#"), in order A…Z then "#", letters
	// without topics left out.
	TopicLetters(ctx context.Context) ([]LetterCount, error)
	// TopicsByLetter pages through the topics under one letter as
	// TopicLetters folds them ("A"…"Z", lower case accepted, or "#"; ""
	// means all topics), ordered by name case-insensitively (ASCII case
	// folding, then byte order) then slug. offset and limit are in topics;
	// an offset past the end gives no topics but the right Total. A
	// negative offset or limit is an error; any other letter is
	// ErrNotFound.
	TopicsByLetter(ctx context.Context, letter string, offset, limit int) (TopicPage, error)
	// RelatedTopics lists up to limit other topics that share a UMLS
	// concept with this one, leaving out concepts so broad that more
	// than MaxConceptTopics topics carry them; most shared concepts
	// first, then by name as TopicsByLetter orders them. ErrNotFound for
	// an unknown topic; a negative limit is an error.
	RelatedTopics(ctx context.Context, slug string, limit int) ([]TopicSummary, error)
	// SourceSummaries lists every source with its counts, ordered by key;
	// sources without answers are listed with zero counts.
	SourceSummaries(ctx context.Context) ([]SourceSummary, error)
	// SourceTopics lists the topics a source answers about, ordered by
	// name as TopicsByLetter orders them; ErrNotFound for an unknown
	// source.
	SourceTopics(ctx context.Context, key string) (SourceSummary, []SourceTopic, error)
	// SearchQuestions finds questions whose title or topic name (or a
	// topic synonym) contains every word of query, case-insensitively;
	// the best-answered first (more distinct sources, then title in byte
	// order, then slug). It is the home page's interim search until the
	// ranking engine arrives.
	//
	// Words are the runs of letters and digits in query, lower-cased;
	// everything else, "%" and "_" included, only separates words, so a
	// query without letters or digits finds nothing. Only the first
	// MaxSearchWords distinct words count. Matching is by substring, and
	// folds case in ASCII only: "SJÖGREN" finds "Sjögren" but a stored
	// "SJÖGREN" is not found by "sjögren". limit is capped at
	// MaxSearchResults; a negative limit is an error. Lead is filled as
	// in TopicQuestions.
	SearchQuestions(ctx context.Context, query string, limit int) ([]QuestionSummary, error)
	// QuestionRefs and TopicRefs list every page with the time its
	// content last changed (the newest answer updated_at; zero for a page
	// without answers), ordered by slug: for sitemaps. Edits to topics
	// and questions alone, and deleted answers, do not move it.
	QuestionRefs(ctx context.Context) ([]PageRef, error)
	TopicRefs(ctx context.Context) ([]PageRef, error)
	// Digest returns a question's digest; ErrNotFound when the question
	// is unknown or has none (it is not answered with text by two or more
	// sources).
	Digest(ctx context.Context, questionSlug string) (model.Digest, error)
	// Load returns the whole content: every source, topic, question and
	// answer, ordered by key or slug. Search indexes are built from it.
	Load(ctx context.Context) (Content, error)
	// Version grows whenever a Sync changes anything, and only then;
	// caches of rendered pages key on it. It sees Syncs by other
	// processes sharing the database, and is cheap enough to call on
	// every request.
	Version(ctx context.Context) (int64, error)

	// SearchSnapshot returns the search-index snapshot built from content
	// version, as SaveSearchSnapshot stored it; ErrNotFound when there is
	// none for that version (none at all, or one of other content). The
	// bytes are the search package's; the store only keeps them.
	SearchSnapshot(ctx context.Context, version int64) ([]byte, error)
	// SaveSearchSnapshot stores data as the snapshot of content version,
	// replacing any other, if version is still the store's Version, and
	// reports whether it did; when a Sync has changed the content since,
	// it stores nothing and reports false. A Sync that changes anything
	// drops the snapshot in its own transaction, so a stored snapshot
	// never describes other content than the store's. Empty data is an
	// error.
	SaveSearchSnapshot(ctx context.Context, version int64, data []byte) (bool, error)
	Close() error
}

// MaxConceptTopics is the RelatedTopics cut-off for broad concepts.
const MaxConceptTopics = 10

// MaxSearchResults caps SearchQuestions' limit, and MaxSearchWords the
// words of its query that count.
const (
	MaxSearchResults = 100
	MaxSearchWords   = 8
)
