package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Feedback keeps readers' answers to "Was this answer helpful?" under
// each answer. It is separate from Store because it changes nothing a
// reader sees: no method changes Version, so a vote never invalidates a
// cached page or the search index, and nothing ranks by it. A backend
// implements both (sqlite.DB does).
type Feedback interface {
	// RecordFeedback stores v as its voter's vote on its answer,
	// replacing the vote that voter gave that answer before, if any: at
	// most one vote per voter per answer. It returns the slug of the
	// answer's question. ErrNotFound when no answer has v.AnswerKey, so
	// nobody can vote on an unpublished or unknown answer. A reason
	// longer than MaxFeedbackReason runes, a voter hash of another
	// length than 32 bytes or invalid UTF-8 is an error.
	RecordFeedback(ctx context.Context, v FeedbackVote) (questionSlug string, err error)
	// FeedbackSummaries pages through the answers that have votes, the
	// most recently voted on first (then by answer key), each with its
	// counts and up to reasons of its newest non-empty reasons, newest
	// first. total counts every answer with votes. Negative arguments
	// are an error; limit is capped at MaxFeedbackPage and reasons at
	// MaxFeedbackReasons.
	FeedbackSummaries(ctx context.Context, offset, limit, reasons int) (list []FeedbackSummary, total int, err error)
	// TakeVoteToken takes a token from client's bucket under rule, the
	// one bucket every node on the database shares: ok, or how long
	// until the bucket holds a token. Each call, refused ones too,
	// forgets the buckets that are full again by now (the same as
	// none), so the buckets kept are the clients of the last
	// rule.Burst × rule.Every. A client key longer than MaxClientKey
	// bytes, or a rule of no burst or no refill, is an error.
	TakeVoteToken(ctx context.Context, client string, now time.Time, rule TokenBucket) (ok bool, retryAfter time.Duration, err error)
}

// MaxClientKey bounds a rate-limited client's key (an IPv4 address or
// an IPv6 /64 prefix is under 50 bytes).
const MaxClientKey = 100

// TokenBucket is a rate limit: Burst requests at once, then one every
// Every.
type TokenBucket struct {
	Burst int
	Every time.Duration
}

// Check refuses a client key or rule no backend may store.
func (b TokenBucket) Check(client string) error {
	switch {
	case b.Burst < 1 || b.Every <= 0:
		return fmt.Errorf("store: token bucket of burst %d every %v: want at least 1 and more than 0", b.Burst, b.Every)
	case client == "" || len(client) > MaxClientKey:
		return fmt.Errorf("store: client key of %d bytes: want 1 to %d", len(client), MaxClientKey)
	}
	return nil
}

// Take brings a bucket that held tokens at time at up to now and takes
// a token from it: the tokens left and the time to store with them, and
// whether a token was taken or how long until one can be. A clock
// behind at (another node's) adds nothing and does not move at back.
// It is the one rule of both backends, which store what it returns.
func (b TokenBucket) Take(tokens float64, at, now time.Time) (left float64, leftAt time.Time, ok bool, retryAfter time.Duration) {
	if now.After(at) {
		tokens += float64(now.Sub(at)) / float64(b.Every)
		at = now
	}
	tokens = min(float64(b.Burst), tokens)
	if tokens >= 1 {
		return tokens - 1, at, true, 0
	}
	return tokens, at, false, time.Duration((1 - tokens) * float64(b.Every))
}

// FullBefore is the time before which a bucket last brought up to date
// is full by now: such a bucket is the same as none, and is forgotten.
func (b TokenBucket) FullBefore(now time.Time) time.Time {
	return now.Add(-time.Duration(b.Burst) * b.Every)
}

// FeedbackVote is one browser's vote on one answer.
type FeedbackVote struct {
	AnswerKey string
	// VoterHash identifies the browser without being its cookie: a
	// SHA-256 digest, 32 bytes.
	VoterHash []byte
	Helpful   bool
	Reason    string // optional; at most MaxFeedbackReason runes
	At        time.Time
}

// FeedbackSummary is what readers said about one answer.
type FeedbackSummary struct {
	AnswerKey string `json:"answer_key"`
	// QuestionSlug, QuestionTitle and SourceKey describe the answer;
	// empty when it is no longer stored (unpublished, or dropped by an
	// import): its votes are kept.
	QuestionSlug  string           `json:"question_slug"`
	QuestionTitle string           `json:"question_title"`
	SourceKey     string           `json:"source"`
	Yes           int              `json:"yes"`
	No            int              `json:"no"`
	Last          time.Time        `json:"last_vote_at"`
	Reasons       []FeedbackReason `json:"reasons"` // newest first
}

// FeedbackReason is one vote's optional reason.
type FeedbackReason struct {
	Helpful bool      `json:"helpful"`
	Reason  string    `json:"reason"`
	At      time.Time `json:"at"`
}

// Bounds of feedback: a reason is short, and the reviewers' page reads a
// bounded amount per request.
const (
	MaxFeedbackReason  = 280
	MaxFeedbackPage    = 100
	MaxFeedbackReasons = 50
)

// CheckVote refuses a vote no backend may store, before any statement
// runs, so that every backend refuses the same votes with the same
// message. NUL is refused because PostgreSQL's text cannot hold it: a
// reason SQLite would keep must not fail there with an encoding error.
func CheckVote(v FeedbackVote) error {
	switch {
	case len(v.VoterHash) != 32:
		return fmt.Errorf("voter hash of %d bytes, want 32", len(v.VoterHash))
	case !utf8.ValidString(v.Reason) || !utf8.ValidString(v.AnswerKey):
		return errors.New("text is not valid UTF-8")
	case strings.ContainsRune(v.Reason, 0):
		return errors.New("reason contains a NUL character")
	case utf8.RuneCountInString(v.Reason) > MaxFeedbackReason:
		return fmt.Errorf("reason longer than %d characters", MaxFeedbackReason)
	case v.At.IsZero():
		return errors.New("vote without a time")
	}
	return nil
}
