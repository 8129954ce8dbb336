package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"healthqa/internal/editorial"
)

// Submission is one contributor's answer to a question (or to a question
// they propose) through its revisions, as the dashboard, the review
// queue and the review page show it.
type Submission struct {
	ID         int64
	AuthorID   int64
	AuthorName string
	// SourceKey is the organization it is written for; "" for a person.
	SourceKey string
	// QuestionSlug is the question answered; "" while a proposed question
	// awaits a reviewer. QuestionTitle is that question's title, or the
	// proposed wording.
	QuestionSlug  string
	QuestionTitle string
	TopicSlug     string // the question's topic, or the proposed one
	TopicName     string
	// The proposal, kept after mapping so the reviewer's choice can be
	// explained.
	ProposedTitle, ProposedTopic, ProposedType string

	State             editorial.State
	Revision          int // newest saved revision
	PublishedRevision int // last published revision; 0: never
	// Live: an answers row shows it to the public now.
	Live      bool
	CreatedAt time.Time
	UpdatedAt time.Time // last save or step; the queue's order
}

// Item is what the workflow rules need of s.
func (s Submission) Item() editorial.Item {
	return editorial.Item{State: s.State, AuthorID: s.AuthorID, SourceKey: s.SourceKey,
		Revision: s.Revision, PublishedRevision: s.PublishedRevision, Live: s.Live}
}

// AnswerKey is the key of the answers row a published submission has.
func (s Submission) AnswerKey() string { return fmt.Sprintf("contrib-%d", s.ID) }

// Revision is one saved text of a submission, rendered at save.
type Revision struct {
	Number int
	editorial.Rendered
	AuthorID   int64
	AuthorName string
	CreatedAt  time.Time
}

// EditorialReview is one reviewer's decision on a revision.
type EditorialReview struct {
	Revision     int
	ReviewerID   int64
	ReviewerName string
	Decision     string // approved, changes_requested, rejected, unpublished
	Comment      string
	At           time.Time
}

// NewSubmission starts a submission with its first revision: an answer
// to QuestionSlug, or, with QuestionSlug empty, to a proposed question
// (its wording, an existing topic's slug and a model.QuestionTypes key).
type NewSubmission struct {
	Actor                                      editorial.Actor
	QuestionSlug                               string
	ProposedTitle, ProposedTopic, ProposedType string
	Text                                       editorial.Rendered
	Now                                        time.Time
}

// SaveRevision stores Text as the revision after Base. Base must be the
// newest revision: otherwise the save is refused with a *ConflictError
// and nothing is stored.
type SaveRevision struct {
	Actor editorial.Actor
	ID    int64
	Base  int
	Text  editorial.Rendered
	Now   time.Time
}

// Step is one workflow action other than a save: submit, approve,
// request changes, reject, unpublish.
type Step struct {
	Actor  editorial.Actor
	ID     int64
	Action editorial.Action
	// SeenRevision and SeenState are what the actor looked at when they
	// decided; if the submission has moved on since, the step is refused
	// with a *ConflictError. Zero values skip the check (the API's
	// submit, where the client's last save is the base).
	SeenRevision int
	SeenState    editorial.State
	Comment      string // the comment or reason; required for changes, reject, unpublish
	// MapTo, on approving a proposed question, names the existing
	// question the answer goes to; empty creates the question as
	// proposed (or takes the existing question of that topic and type),
	// with NewQuestionSlug as the slug (made unique with -2, -3…).
	MapTo           string
	NewQuestionSlug string
	Now             time.Time
}

// Check refuses what no backend may do with a step, before any of them
// reads the submission: a save is SaveRevision's, and every decision but
// approval needs a comment saying why.
func (s Step) Check() error {
	if s.Action == editorial.Save {
		return errors.New("a save is SaveRevision, not a step")
	}
	if s.Action.Decision() && s.Action != editorial.Approve && strings.TrimSpace(s.Comment) == "" {
		return fmt.Errorf("%w: say why (a comment or reason is required)", ErrInvalid)
	}
	return nil
}

// decisions names the reviews.decision each reviewer's action records,
// as both backends' schemas spell it.
var decisions = map[editorial.Action]string{
	editorial.Approve:        "approved",
	editorial.RequestChanges: "changes_requested",
	editorial.Reject:         "rejected",
	editorial.Unpublish:      "unpublished",
}

// ReviewDecision is the reviews.decision that action records, and
// whether it records one (submit and withdraw do not).
func ReviewDecision(a editorial.Action) (string, bool) {
	d, ok := decisions[a]
	return d, ok
}

// QueueFilter narrows the review queue: a topic slug, and a source key
// (model.ContributorsSource for people).
type QueueFilter struct {
	Topic, Source string
	Limit         int // capped at MaxQueuePage; 0 means MaxQueuePage
}

// MaxDrafts bounds the drafts one account keeps at once: beyond it a new
// submission is refused (ErrInvalid) until some are submitted.
const MaxDrafts = 50

// MaxQueuePage caps one page of the review queue.
const MaxQueuePage = 200

// Queue is the review queue: submissions waiting, oldest first, with
// counts for the filters (over the whole queue, unfiltered).
type Queue struct {
	Items    []Submission
	Total    int // waiting, filtered
	All      int // waiting, unfiltered
	ByTopic  []Count
	BySource []Count
}

// Count is a filter value with how many submissions wait under it.
type Count struct {
	Key, Name string
	N         int
}

// ConflictError refuses a save or step whose base is not the newest:
// Current is the submission as it now is, for the message.
type ConflictError struct {
	Current Submission
	What    string // "saved", "submitted"…: what happened meanwhile, in words
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("this submission changed meanwhile: revision %d, %s, at %s",
		e.Current.Revision, e.Current.State.Label(), e.Current.UpdatedAt.UTC().Format("2 January 2006 15:04:05 UTC"))
}

// Is makes a ConflictError an editorial.ErrConflict.
func (e *ConflictError) Is(target error) bool { return target == editorial.ErrConflict }

// ErrInvalid is wrapped by errors about the input: an unknown question,
// topic or question type, a missing comment.
var ErrInvalid = errors.New("invalid")

// Editorial keeps submissions, their revisions and reviews, and
// publishes: approving writes the answers row, recomputes the question's
// digest and moves Store.Version in one transaction; unpublishing
// deletes the row the same way. Every save and step is checked by
// editorial.Next inside its transaction and appended to the audit log
// in the same transaction. Nothing else it writes is read by a public
// path.
type Editorial interface {
	CreateSubmission(ctx context.Context, n NewSubmission) (Submission, error)
	SaveRevision(ctx context.Context, s SaveRevision) (Submission, error)
	Step(ctx context.Context, s Step) (Submission, error)

	// Submission returns one submission; ErrNotFound when unknown.
	Submission(ctx context.Context, id int64) (Submission, error)
	// Revisions lists a submission's revisions, oldest first.
	Revisions(ctx context.Context, id int64) ([]Revision, error)
	// Reviews lists a submission's reviews, oldest first.
	Reviews(ctx context.Context, id int64) ([]EditorialReview, error)
	// Submissions lists what the actor may work on: their own
	// submissions, and those of their organization; newest change first,
	// at most MaxQueuePage.
	Submissions(ctx context.Context, a editorial.Actor) ([]Submission, error)
	// ReviewQueue lists submitted work, oldest submission first.
	ReviewQueue(ctx context.Context, f QueueFilter) (Queue, error)
}
