package storetest

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"healthqa/internal/editorial"
	"healthqa/internal/model"
	"healthqa/internal/store"
)

// EditorialBackend is what the editorial suite needs: content to answer,
// accounts to act, and the workflow itself.
type EditorialBackend interface {
	store.Store
	store.Accounts
	store.Editorial
}

// RunEditorial runs the conformance suite of store.Editorial. open must
// return a new, empty store for each subtest and close it in a cleanup.
func RunEditorial(t *testing.T, open func(t *testing.T) EditorialBackend) {
	tests := []struct {
		name string
		test func(t *testing.T, e *editorialEnv)
	}{
		{"Lifecycle", testEditorialLifecycle},
		{"SaveConflict", testSaveConflict},
		{"ConcurrentSaves", testConcurrentSaves},
		{"ConcurrentApprovals", testConcurrentApprovals},
		{"OwnWorkRefused", testOwnWorkRefused},
		{"Unpublish", testUnpublish},
		{"RevisePublished", testRevisePublished},
		{"ProposedQuestion", testProposedQuestion},
		{"ProposalMapsOntoExisting", testProposalMapsOntoExisting},
		{"Queue", testQueue},
		{"NothingOfADraftIsPublic", testNothingOfADraftIsPublic},
		{"Organization", testEditorialOrganization},
		{"BadInput", testEditorialBadInput},
		{"ContributorState", testContributorState},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := open(t)
			if _, err := b.Sync(context.Background(), dataset, fixture(), store.SyncOptions{Now: t0}); err != nil {
				t.Fatal(err)
			}
			e := &editorialEnv{t: t, b: b, ctx: context.Background(), now: at0}
			e.writer = e.actor("writer", model.RoleContributor)
			e.reviewer = e.actor("reviewer", model.RoleReviewer)
			e.reviewer2 = e.actor("reviewer2", model.RoleReviewer)
			tc.test(t, e)
		})
	}
}

type editorialEnv struct {
	t                           *testing.T
	b                           EditorialBackend
	ctx                         context.Context
	writer, reviewer, reviewer2 editorial.Actor

	mu  sync.Mutex // tick is called by the racing tests' goroutines
	now time.Time
}

// actor creates an account and returns it as an editorial actor.
func (e *editorialEnv) actor(name string, roles ...model.Role) editorial.Actor {
	u := newUser(e.t, e.b, name, roles...)
	return editorial.Actor{UserID: u.ID, Roles: u.Roles, SourceKey: u.SourceKey}
}

func (e *editorialEnv) tick() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = e.now.Add(time.Minute)
	return e.now
}

func text(t testing.TB, md string) editorial.Rendered {
	t.Helper()
	r, err := editorial.Render(md)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// draft starts a submission answering question.
func (e *editorialEnv) draft(a editorial.Actor, question, md string) store.Submission {
	e.t.Helper()
	s, err := e.b.CreateSubmission(e.ctx, store.NewSubmission{Actor: a, QuestionSlug: question, Text: text(e.t, md), Now: e.tick()})
	if err != nil {
		e.t.Fatalf("CreateSubmission: %v", err)
	}
	return s
}

func (e *editorialEnv) save(a editorial.Actor, s store.Submission, md string) (store.Submission, error) {
	return e.b.SaveRevision(e.ctx, store.SaveRevision{Actor: a, ID: s.ID, Base: s.Revision, Text: text(e.t, md), Now: e.tick()})
}

// step takes an action on s as seen by the actor.
func (e *editorialEnv) step(a editorial.Actor, s store.Submission, act editorial.Action, comment string) (store.Submission, error) {
	return e.b.Step(e.ctx, store.Step{Actor: a, ID: s.ID, Action: act, SeenRevision: s.Revision, SeenState: s.State,
		Comment: comment, NewQuestionSlug: "new-question", Now: e.tick()})
}

func (e *editorialEnv) must(s store.Submission, err error) store.Submission {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

// published submits s and has the reviewer approve it.
func (e *editorialEnv) published(s store.Submission) store.Submission {
	e.t.Helper()
	s = e.must(e.step(e.writer, s, editorial.Submit, ""))
	return e.must(e.step(e.reviewer, s, editorial.Approve, ""))
}

// contributorAnswers lists the question's answers of the contributors
// dataset.
func (e *editorialEnv) contributorAnswers(question string) []model.Answer {
	e.t.Helper()
	_, answers, err := e.b.Question(e.ctx, question)
	if err != nil {
		e.t.Fatalf("Question(%s): %v", question, err)
	}
	var out []model.Answer
	for _, a := range answers {
		if a.Dataset == model.ContributorsDataset {
			out = append(out, a)
		}
	}
	return out
}

func (e *editorialEnv) version() int64 {
	e.t.Helper()
	v, err := e.b.Version(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	return v
}

func testEditorialLifecycle(t *testing.T, e *editorialEnv) {
	s := e.draft(e.writer, "rls-causes", "Low **iron** in the brain.")
	if s.State != editorial.Draft || s.Revision != 1 || s.Live || s.QuestionTitle != "What causes RLS?" || s.AuthorName != "writer" {
		t.Fatalf("new submission = %+v", s)
	}
	v0 := e.version()
	s = e.must(e.save(e.writer, s, "Low iron in the brain, and genes."))
	s = e.must(e.step(e.writer, s, editorial.Submit, ""))
	if s.State != editorial.Submitted {
		t.Fatalf("after submit: %s", s.State)
	}
	if _, err := e.step(e.reviewer, s, editorial.RequestChanges, ""); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("request changes without a comment: %v, want ErrInvalid", err)
	}
	s = e.must(e.step(e.reviewer, s, editorial.RequestChanges, "Cite a source."))
	s = e.must(e.save(e.writer, s, "Low iron in the brain, and genes ([NIH](https://www.ninds.nih.gov/))."))
	s = e.must(e.step(e.writer, s, editorial.Submit, ""))
	if e.version() != v0 {
		t.Error("saves and steps before approval moved the store version")
	}
	if got := e.contributorAnswers("rls-causes"); len(got) != 0 {
		t.Fatalf("before approval the question has contributor answers %v", got)
	}
	s = e.must(e.step(e.reviewer, s, editorial.Approve, ""))
	if s.State != editorial.Published || !s.Live || s.PublishedRevision != 3 {
		t.Fatalf("after approve: %+v", s)
	}
	if e.version() == v0 {
		t.Error("publishing did not move the store version")
	}
	got := e.contributorAnswers("rls-causes")
	if len(got) != 1 || got[0].Key != s.AnswerKey() || got[0].SourceKey != model.ContributorsSource ||
		!strings.Contains(got[0].Text, "genes (NIH)") {
		t.Fatalf("published answers = %+v", got)
	}
	// Two sources now answer rls-causes (NINDS and contributors): the
	// question has a digest computed with the contributor's answer.
	if _, err := e.b.Digest(e.ctx, "rls-causes"); err != nil {
		t.Errorf("digest after publish: %v", err)
	}
	revs, err := e.b.Revisions(e.ctx, s.ID)
	if err != nil || len(revs) != 3 || revs[2].HTML == "" || revs[0].Markdown != "Low **iron** in the brain." {
		t.Fatalf("revisions = %+v, %v", revs, err)
	}
	reviews, err := e.b.Reviews(e.ctx, s.ID)
	if err != nil || len(reviews) != 2 || reviews[0].Decision != "changes_requested" || reviews[0].Comment != "Cite a source." ||
		reviews[1].Decision != "approved" || reviews[1].Revision != 3 || reviews[1].ReviewerName != "reviewer" {
		t.Fatalf("reviews = %+v, %v", reviews, err)
	}
	checkAudit(t, e, "submission.create", "submission.save", "submission.submit", "submission.request_changes",
		"submission.save", "submission.submit", "submission.approve")
}

// checkAudit checks the audit log holds exactly these submission
// actions, oldest first.
func checkAudit(t *testing.T, e *editorialEnv, want ...string) {
	t.Helper()
	log, err := e.b.AuditLog(e.ctx, 0, store.MaxAuditPage)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := len(log) - 1; i >= 0; i-- {
		if log[i].Entity == "submission" {
			got = append(got, log[i].Action)
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("audit log\n got %v\nwant %v", got, want)
	}
}

func testSaveConflict(t *testing.T, e *editorialEnv) {
	s := e.draft(e.writer, "rls-causes", "First.")
	if _, err := e.save(e.writer, s, "From tab one."); err != nil {
		t.Fatal(err)
	}
	_, err := e.save(e.writer, s, "From tab two.") // base 1 again
	var ce *store.ConflictError
	if !errors.As(err, &ce) || !errors.Is(err, editorial.ErrConflict) || ce.Current.Revision != 2 {
		t.Fatalf("second save on an old base: %v, want a ConflictError at revision 2", err)
	}
	revs, _ := e.b.Revisions(e.ctx, s.ID)
	if len(revs) != 2 || revs[1].Text != "From tab one." {
		t.Fatalf("revisions after a refused save = %+v", revs)
	}
}

func testOwnWorkRefused(t *testing.T, e *editorialEnv) {
	both := e.actor("both", model.RoleContributor, model.RoleReviewer)
	s := e.draft(both, "rls-causes", "Mine.")
	s = e.must(e.step(both, s, editorial.Submit, ""))
	for _, act := range []editorial.Action{editorial.Approve, editorial.RequestChanges, editorial.Reject} {
		if _, err := e.step(both, s, act, "because"); !errors.Is(err, editorial.ErrOwnWork) {
			t.Errorf("%s of one's own work: %v, want ErrOwnWork", act, err)
		}
	}
	if _, err := e.step(e.writer, s, editorial.Approve, ""); !errors.Is(err, editorial.ErrForbidden) {
		t.Errorf("approve by a contributor: %v, want ErrForbidden", err)
	}
	if _, err := e.save(e.writer, s, "Not mine."); !errors.Is(err, editorial.ErrForbidden) {
		t.Errorf("save of another's work: %v, want ErrForbidden", err)
	}
	cur, _ := e.b.Submission(e.ctx, s.ID)
	if cur.State != editorial.Submitted || len(e.contributorAnswers("rls-causes")) != 0 {
		t.Errorf("refused steps changed something: %+v", cur)
	}
}

func testUnpublish(t *testing.T, e *editorialEnv) {
	s := e.published(e.draft(e.writer, "asthma-treatment", "Inhaled steroids control asthma."))
	if _, err := e.b.Digest(e.ctx, "asthma-treatment"); err != nil {
		t.Fatalf("digest with two sources: %v", err)
	}
	v := e.version()
	if _, err := e.step(e.reviewer, s, editorial.Unpublish, ""); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("unpublish without a reason: %v, want ErrInvalid", err)
	}
	s = e.must(e.step(e.reviewer, s, editorial.Unpublish, "Outdated advice."))
	if s.State != editorial.Unpublished || s.Live || e.version() == v {
		t.Fatalf("after unpublish: %+v (version moved: %v)", s, e.version() != v)
	}
	if got := e.contributorAnswers("asthma-treatment"); len(got) != 0 {
		t.Fatalf("unpublished answer still on the question: %v", got)
	}
	if _, err := e.b.Digest(e.ctx, "asthma-treatment"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("digest of a one-source question after unpublish: %v, want ErrNotFound", err)
	}
	revs, _ := e.b.Revisions(e.ctx, s.ID)
	reviews, _ := e.b.Reviews(e.ctx, s.ID)
	if len(revs) != 1 || len(reviews) != 2 || reviews[1].Decision != "unpublished" || reviews[1].Comment != "Outdated advice." {
		t.Fatalf("trail after unpublish: %d revisions, reviews %+v", len(revs), reviews)
	}
	if _, err := e.step(e.reviewer, s, editorial.Unpublish, "again"); !errors.Is(err, editorial.ErrState) {
		t.Errorf("second unpublish: %v, want ErrState", err)
	}
	// The author may revise and submit again; approval publishes again.
	s = e.must(e.save(e.writer, s, "Inhaled steroids, as of 2026."))
	s = e.published(s)
	if got := e.contributorAnswers("asthma-treatment"); len(got) != 1 || got[0].Text != "Inhaled steroids, as of 2026." {
		t.Fatalf("republished answers = %v", got)
	}
}

func testRevisePublished(t *testing.T, e *editorialEnv) {
	s := e.published(e.draft(e.writer, "rls-causes", "Version one."))
	s = e.must(e.save(e.writer, s, "Version two."))
	if s.State != editorial.Published || s.Revision != 2 || s.PublishedRevision != 1 {
		t.Fatalf("after saving a revision of a published answer: %+v", s)
	}
	v := e.version()
	s = e.must(e.step(e.writer, s, editorial.Submit, ""))
	if got := e.contributorAnswers("rls-causes"); len(got) != 1 || got[0].Text != "Version one." || e.version() != v {
		t.Fatalf("a revision waiting for review changed the public answer: %v", got)
	}
	// Rejecting the revision keeps the published answer.
	s = e.must(e.step(e.reviewer, s, editorial.Reject, "No."))
	if s.State != editorial.Published || !s.Live {
		t.Fatalf("after rejecting a revision: %+v", s)
	}
	s = e.must(e.save(e.writer, s, "Version three."))
	s = e.published(s)
	got := e.contributorAnswers("rls-causes")
	if len(got) != 1 || got[0].Text != "Version three." || s.PublishedRevision != 3 {
		t.Fatalf("after approving a revision: %v, %+v", got, s)
	}
	if !got[0].UpdatedAt.Equal(s.UpdatedAt) {
		t.Errorf("answer updated_at %v, want the approval time %v", got[0].UpdatedAt, s.UpdatedAt)
	}
}
