package store

import (
	"context"
	"time"

	"healthqa/internal/model"
)

// Published is the public reading side of contributor content (issue
// 9): profiles, answer histories and the stale-review queue. It is
// separate from Store so that backends without accounts still satisfy
// Store; *sqlite.DB implements both. Everything here reads published
// content only: an answer is published while its answers row exists
// (dataset model.ContributorsDataset), and nothing here ever returns a
// draft, a submitted or rejected revision, or an unpublished answer.
type Published interface {
	// Person returns the public profile of the account with this slug:
	// the answers it wrote and the answers it reviewed that are
	// published now, newest review first. ErrNotFound when there is no
	// such account or when it has neither written nor reviewed a
	// published answer: an account's existence, name and unpublished
	// work are nobody's business until it has published something.
	Person(ctx context.Context, slug string) (PersonPage, error)
	// PeopleRefs lists the profiles Person shows (authors and reviewers
	// of published answers), with their newest answer's updated_at, ordered by slug: for
	// the sitemap.
	PeopleRefs(ctx context.Context) ([]PageRef, error)
	// AnswerHistory returns the published revisions of a contributor
	// answer, oldest first: only revisions a reviewer approved, never
	// drafts, pending or rejected ones. ErrNotFound when the answer is
	// not currently published (unknown, imported, or unpublished).
	AnswerHistory(ctx context.Context, key string) (AnswerHistory, error)
	// StaleAnswers lists published contributor answers last reviewed
	// before reviewedBefore, oldest review first, at most limit, with
	// the total count of such answers and the count of imported answers
	// (which are never reviewed here).
	StaleAnswers(ctx context.Context, reviewedBefore time.Time, limit int) (StaleQueue, error)
	// PublishedKeys reports which of keys name answers stored now, of
	// any dataset: a search index built before an unpublish asks it to
	// drop what was taken down since. At most MaxKeys keys.
	PublishedKeys(ctx context.Context, keys []string) (map[string]bool, error)
	// ContributorContent returns every published contributor answer with
	// its question and topic, for an import to keep digests of questions
	// with contributor answers computed from all of them, with the
	// versions it is of: ContributorState, read from the primary database
	// (never a replica), so that the import can make its Sync conditional
	// on that version (SyncOptions.IfVersion).
	ContributorContent(ctx context.Context) (ContributorState, error)
	// ContributorState returns ContributorContent with the versions it
	// is of, read in one transaction, so that a node can take a publish
	// or unpublish into its search index without building it again
	// (search.Index.WithContributors). It reads the backend content
	// reads use (a replica, with replicas): its versions are never newer
	// than its content.
	ContributorState(ctx context.Context) (ContributorState, error)
}

// ContributorState is the published contributor content at a version.
type ContributorState struct {
	// Version is the content version the state is of.
	Version int64
	// Imported is the version the last Sync that changed the content
	// set (0 before any): content at a version at or past Imported
	// differs from content at Version only in contributor answers.
	Imported int64
	Content  Content
}

// MaxKeys bounds PublishedKeys' argument.
const MaxKeys = 1000

// PersonPage is a profile with the answers it has published.
type PersonPage struct {
	Person model.Person `json:"person"`
	// Organization is the source the account speaks for, when it does.
	Organization *model.Source     `json:"organization,omitempty"`
	Answers      []PublishedAnswer `json:"answers"`
	Reviewed     []PublishedAnswer `json:"reviewed"`
}

// PublishedAnswer is one published contributor answer as a profile or
// the stale queue lists it.
type PublishedAnswer struct {
	Key           string       `json:"key"`
	QuestionSlug  string       `json:"question_slug"`
	QuestionTitle string       `json:"question_title"`
	SourceKey     string       `json:"source"`
	Author        model.Person `json:"author"`
	Review        model.Review `json:"review"`
	UpdatedAt     time.Time    `json:"updated_at"`
}

// AnswerHistory is a published answer's trail of published revisions.
type AnswerHistory struct {
	Key           string              `json:"key"`
	QuestionSlug  string              `json:"question_slug"`
	QuestionTitle string              `json:"question_title"`
	Revisions     []PublishedRevision `json:"revisions"`
}

// PublishedRevision is one revision a reviewer approved: its text as
// published, who wrote it and who reviewed it, and when.
type PublishedRevision struct {
	Number  int          `json:"number"`
	Author  model.Person `json:"author"`
	Written time.Time    `json:"written_at"`
	Review  model.Review `json:"review"`
	HTML    string       `json:"-"`
	Text    string       `json:"text"`
}

// StaleQueue is the reviewers' list of contributor answers due for
// review.
type StaleQueue struct {
	Answers []PublishedAnswer `json:"answers"`
	Total   int               `json:"total"`
	// Imported counts the imported answers: they were never reviewed
	// here, so they have no review to age, and are counted, not listed.
	Imported int `json:"imported"`
}
