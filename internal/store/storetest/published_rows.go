package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"healthqa/internal/editorial"
	"healthqa/internal/model"
	"healthqa/internal/store"
)

// Seeder puts contributor content in any state into a store through the
// real write side: accounts' CreateUser and the editorial workflow's
// saves and steps (submit, approve, request changes, reject, unpublish),
// so that the reading side is tested on exactly the rows publishing
// writes.
type Seeder struct {
	Accounts  store.Accounts
	Editorial store.Editorial
	Now       time.Time // when the first step happens; zero means t0
}

// User creates an account with roles and returns its id.
func (sd Seeder) User(t testing.TB, p model.Person, roles ...model.Role) int64 {
	t.Helper()
	if roles == nil {
		roles = []model.Role{}
	}
	u, err := sd.Accounts.CreateUser(context.Background(), store.User{Person: p, Email: p.Slug + "@people.test",
		Roles: roles, CreatedAt: sd.start()})
	if err != nil {
		t.Fatalf("seed user %q: %v", p.Slug, err)
	}
	return u.ID
}

func (sd Seeder) start() time.Time {
	if sd.Now.IsZero() {
		return t0
	}
	return sd.Now
}

// Revision is one saved revision of a submission.
type Revision struct {
	Text string // Markdown
}

// Submission is a contributor's answer to a question, taken through the
// workflow to State.
type Submission struct {
	Author       int64
	SourceKey    string // unused: an organization account's submissions are its organization's
	QuestionSlug string // "" for a proposed question
	// A proposed question: wording, topic slug, question type.
	ProposedTitle, ProposedTopic, ProposedType string
	// State is where the last revision ends: draft, submitted,
	// changes_requested, rejected or published.
	State     string
	Revisions []Revision
	// Approved lists the revision numbers the reviewer approves (so
	// publishes), at ApprovedAt[i]; every other revision but the last is
	// sent back with a request for changes.
	Approved   []int
	ApprovedAt []time.Time
	Reviewer   int64
}

// seeding is one Submit under way: its actors and clock.
type seeding struct {
	t                testing.TB
	sd               Seeder
	ctx              context.Context
	author, reviewer editorial.Actor
	now              time.Time
	sub              store.Submission
}

func (sd Seeder) actor(t testing.TB, id int64) editorial.Actor {
	t.Helper()
	if id == 0 {
		return editorial.Actor{}
	}
	u, err := sd.Accounts.User(context.Background(), id)
	if err != nil {
		t.Fatalf("seed: user %d: %v", id, err)
	}
	return editorial.Actor{UserID: u.ID, Roles: u.Roles, SourceKey: u.SourceKey}
}

// Submit takes the submission through the workflow and returns its id
// and, when it ends published, its answer key.
func (sd Seeder) Submit(t testing.TB, s Submission) (int64, string) {
	t.Helper()
	e := &seeding{t: t, sd: sd, ctx: context.Background(), author: sd.actor(t, s.Author), reviewer: sd.actor(t, s.Reviewer), now: sd.start()}
	if len(s.ApprovedAt) > 0 && s.ApprovedAt[0].Before(e.now) {
		e.now = s.ApprovedAt[0].Add(-time.Hour)
	}
	var err error
	e.sub, err = sd.Editorial.CreateSubmission(e.ctx, store.NewSubmission{Actor: e.author, QuestionSlug: s.QuestionSlug,
		ProposedTitle: s.ProposedTitle, ProposedTopic: s.ProposedTopic, ProposedType: s.ProposedType,
		Text: render(t, s.Revisions[0].Text), Now: e.tick()})
	if err != nil {
		t.Fatalf("seed submission for %q: %v", s.QuestionSlug, err)
	}
	approved := 0
	for i := range s.Revisions {
		n := i + 1
		if n > 1 {
			e.save(s.Revisions[i].Text)
		}
		last := n == len(s.Revisions)
		if last && s.State == "draft" {
			break
		}
		e.step(e.author, editorial.Submit, "", time.Time{})
		switch {
		case slices.Contains(s.Approved, n):
			e.step(e.reviewer, editorial.Approve, "", s.ApprovedAt[approved])
			approved++
		case !last:
			e.step(e.reviewer, editorial.RequestChanges, "Please revise.", time.Time{})
		case s.State == "changes_requested":
			e.step(e.reviewer, editorial.RequestChanges, "Please revise.", time.Time{})
		case s.State == "rejected":
			e.step(e.reviewer, editorial.Reject, "Not supported by evidence.", time.Time{})
		}
	}
	if string(e.sub.State) != s.State {
		t.Fatalf("seed: submission %d ended %s, want %s", e.sub.ID, e.sub.State, s.State)
	}
	if e.sub.State == editorial.Published {
		return e.sub.ID, e.sub.AnswerKey()
	}
	return e.sub.ID, ""
}

func (e *seeding) tick() time.Time {
	e.now = e.now.Add(time.Minute)
	return e.now
}

func (e *seeding) save(md string) {
	e.t.Helper()
	var err error
	e.sub, err = e.sd.Editorial.SaveRevision(e.ctx, store.SaveRevision{Actor: e.author, ID: e.sub.ID, Base: e.sub.Revision,
		Text: render(e.t, md), Now: e.tick()})
	if err != nil {
		e.t.Fatalf("seed: save submission %d: %v", e.sub.ID, err)
	}
}

// step takes an action at, or at the next tick when at is zero.
func (e *seeding) step(a editorial.Actor, act editorial.Action, comment string, at time.Time) {
	e.t.Helper()
	if at.IsZero() {
		at = e.tick()
	} else {
		e.now = at
	}
	var err error
	e.sub, err = e.sd.Editorial.Step(e.ctx, store.Step{Actor: a, ID: e.sub.ID, Action: act, Comment: comment,
		NewQuestionSlug: fmt.Sprintf("proposed-%d", e.sub.ID), Now: at})
	if err != nil {
		e.t.Fatalf("seed: %s submission %d: %v", act, e.sub.ID, err)
	}
}

// Unpublish has the reviewer take a published answer down.
func (sd Seeder) Unpublish(t testing.TB, submission int64, reviewer int64, at time.Time) {
	t.Helper()
	_, err := sd.Editorial.Step(context.Background(), store.Step{Actor: sd.actor(t, reviewer), ID: submission,
		Action: editorial.Unpublish, Comment: "Taken down in a test.", Now: at})
	if err != nil {
		t.Fatalf("seed: unpublish %d: %v", submission, err)
	}
}

// Revise saves a new revision of a submission as its author and, for
// state "submitted", submits it: for a published answer, the new
// revision waits for review while the published text stays.
func (sd Seeder) Revise(t testing.TB, submission int64, md, state string) {
	t.Helper()
	ctx := context.Background()
	sub, err := sd.Editorial.Submission(ctx, submission)
	if err != nil {
		t.Fatal(err)
	}
	e := &seeding{t: t, sd: sd, ctx: ctx, author: sd.actor(t, sub.AuthorID), now: sub.UpdatedAt, sub: sub}
	e.save(md)
	if state == "submitted" {
		e.step(e.author, editorial.Submit, "", time.Time{})
	}
}

func render(t testing.TB, md string) editorial.Rendered {
	t.Helper()
	r, err := editorial.Render(md)
	if err != nil {
		t.Fatalf("seed: render %q: %v", md, err)
	}
	return r
}
