package storetest

import (
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"

	"healthqa/internal/editorial"
	"healthqa/internal/model"
	"healthqa/internal/store"
)

// race runs fn n times at once and returns the errors.
func race(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = fn(i)
		})
	}
	close(start)
	wg.Wait()
	return errs
}

// oneWins checks that exactly one of errs is nil and every other a
// conflict.
func oneWins(t *testing.T, errs []error) {
	t.Helper()
	wins := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case !errors.Is(err, editorial.ErrConflict):
			t.Errorf("loser's error %v, want a conflict", err)
		}
	}
	if wins != 1 {
		t.Fatalf("%d of %d won, want exactly one: %v", wins, len(errs), errs)
	}
}

func testConcurrentSaves(t *testing.T, e *editorialEnv) {
	s := e.draft(e.writer, "rls-causes", "Base.")
	errs := race(4, func(i int) error {
		_, err := e.save(e.writer, s, "Tab "+string(rune('A'+i))+".")
		return err
	})
	oneWins(t, errs)
	revs, _ := e.b.Revisions(e.ctx, s.ID)
	if len(revs) != 2 {
		t.Fatalf("%d revisions after racing saves, want 2", len(revs))
	}
}

func testConcurrentApprovals(t *testing.T, e *editorialEnv) {
	s := e.must(e.step(e.writer, e.draft(e.writer, "rls-causes", "Iron."), editorial.Submit, ""))
	reviewers := []editorial.Actor{e.reviewer, e.reviewer2, e.reviewer, e.reviewer2}
	errs := race(len(reviewers), func(i int) error {
		act := editorial.Approve
		if i%2 == 1 {
			act = editorial.Reject
		}
		_, err := e.step(reviewers[i], s, act, "decided")
		return err
	})
	oneWins(t, errs)
	reviews, _ := e.b.Reviews(e.ctx, s.ID)
	if len(reviews) != 1 {
		t.Fatalf("%d reviews after racing decisions, want 1", len(reviews))
	}
	n := 0
	if reviews[0].Decision == "approved" {
		n = 1
	}
	if got := e.contributorAnswers("rls-causes"); len(got) != n {
		t.Fatalf("%d answers rows after a %s, want %d", len(got), reviews[0].Decision, n)
	}
}

func testProposedQuestion(t *testing.T, e *editorialEnv) {
	s, err := e.b.CreateSubmission(e.ctx, store.NewSubmission{Actor: e.writer, ProposedTitle: "What causes aspirin allergy?",
		ProposedTopic: "aspirin", ProposedType: "causes", Text: text(t, "Sensitivity to salicylates."), Now: e.tick()})
	if err != nil {
		t.Fatal(err)
	}
	if s.QuestionSlug != "" || s.QuestionTitle != "What causes aspirin allergy?" || s.TopicName != "Aspirin" {
		t.Fatalf("proposal = %+v", s)
	}
	s = e.published(s)
	if s.QuestionSlug != "new-question" {
		t.Fatalf("approved proposal answers %q, want the new question", s.QuestionSlug)
	}
	q, _, err := e.b.Question(e.ctx, "new-question")
	if err != nil || q.Title != "What causes aspirin allergy?" || q.TopicSlug != "aspirin" || q.Type != "causes" {
		t.Fatalf("created question = %+v, %v", q, err)
	}
	if got := e.contributorAnswers("new-question"); len(got) != 1 {
		t.Fatalf("answers of the new question = %v", got)
	}
	// Unpublished, the question made for it goes too: its wording is the
	// contributor's.
	e.must(e.step(e.reviewer, s, editorial.Unpublish, "Wrong."))
	if _, _, err := e.b.Question(e.ctx, "new-question"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("question of an unpublished proposal: %v, want ErrNotFound", err)
	}
}

func testProposalMapsOntoExisting(t *testing.T, e *editorialEnv) {
	// asthma has a treatment question already: the proposal goes there.
	s, err := e.b.CreateSubmission(e.ctx, store.NewSubmission{Actor: e.writer, ProposedTitle: "How do you treat asthma?",
		ProposedTopic: "asthma", ProposedType: "treatment", Text: text(t, "Inhalers."), Now: e.tick()})
	if err != nil {
		t.Fatal(err)
	}
	if s = e.published(s); s.QuestionSlug != "asthma-treatment" {
		t.Fatalf("proposal of an existing topic and type went to %q", s.QuestionSlug)
	}
	// A reviewer may map a proposal onto another question explicitly.
	s2, err := e.b.CreateSubmission(e.ctx, store.NewSubmission{Actor: e.writer, ProposedTitle: "Why do my legs twitch?",
		ProposedTopic: "restless-legs-syndrome", ProposedType: "symptoms", Text: text(t, "Urge to move."), Now: e.tick()})
	if err != nil {
		t.Fatal(err)
	}
	s2 = e.must(e.step(e.writer, s2, editorial.Submit, ""))
	s2, err = e.b.Step(e.ctx, store.Step{Actor: e.reviewer, ID: s2.ID, Action: editorial.Approve, MapTo: "rls-information", Now: e.tick()})
	if err != nil || s2.QuestionSlug != "rls-information" || len(e.contributorAnswers("rls-information")) != 1 {
		t.Fatalf("mapped approval: %+v, %v", s2, err)
	}
}

func testQueue(t *testing.T, e *editorialEnv) {
	org := e.orgActor("orgwriter", "CDC")
	a := e.must(e.step(e.writer, e.draft(e.writer, "asthma-treatment", "A."), editorial.Submit, ""))
	b := e.must(e.step(org, e.draft(org, "rls-causes", "B."), editorial.Submit, ""))
	c := e.must(e.step(e.writer, e.draft(e.writer, "rls-information", "C."), editorial.Submit, ""))
	e.draft(e.writer, "aspirin-side-effects", "Not submitted.")
	tests := []struct {
		filter store.QueueFilter
		want   []int64
	}{
		{store.QueueFilter{}, []int64{a.ID, b.ID, c.ID}},
		{store.QueueFilter{Topic: "restless-legs-syndrome"}, []int64{b.ID, c.ID}},
		{store.QueueFilter{Source: "CDC"}, []int64{b.ID}},
		{store.QueueFilter{Source: model.ContributorsSource}, []int64{a.ID, c.ID}},
		{store.QueueFilter{Topic: "asthma", Source: "CDC"}, nil},
		{store.QueueFilter{Limit: 2}, []int64{a.ID, b.ID}},
	}
	for _, tt := range tests {
		q, err := e.b.ReviewQueue(e.ctx, tt.filter)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, s := range q.Items {
			got = append(got, s.ID)
		}
		if !reflect.DeepEqual(got, tt.want) || q.All != 3 || (tt.filter.Limit == 0 && q.Total != len(tt.want)) {
			t.Errorf("queue %+v = %v (total %d, all %d), want %v", tt.filter, got, q.Total, q.All, tt.want)
		}
	}
	q, _ := e.b.ReviewQueue(e.ctx, store.QueueFilter{})
	wantTopics := []store.Count{{Key: "asthma", Name: "Asthma", N: 1}, {Key: "restless-legs-syndrome", Name: "Restless legs syndrome", N: 2}}
	if !reflect.DeepEqual(q.ByTopic, wantTopics) {
		t.Errorf("topic counts %+v, want %+v", q.ByTopic, wantTopics)
	}
	if len(q.BySource) != 2 {
		t.Errorf("source counts %+v, want CDC and contributors", q.BySource)
	}
}

func (e *editorialEnv) orgActor(name, source string) editorial.Actor {
	e.t.Helper()
	u, err := e.b.CreateUser(e.ctx, store.User{Person: model.Person{Name: name, Slug: name, SourceKey: source},
		Email: name + "@example.org", Roles: []model.Role{model.RoleContributor}, CreatedAt: at0})
	if err != nil {
		e.t.Fatal(err)
	}
	return editorial.Actor{UserID: u.ID, Roles: u.Roles, SourceKey: source}
}

func testEditorialOrganization(t *testing.T, e *editorialEnv) {
	org, mate := e.orgActor("cdc1", "CDC"), e.orgActor("cdc2", "CDC")
	s := e.draft(org, "rls-causes", "CDC says iron.")
	s = e.must(e.save(mate, s, "CDC says iron and genes."))
	if list, _ := e.b.Submissions(e.ctx, mate); len(list) != 1 || list[0].ID != s.ID {
		t.Fatalf("an organization's submissions seen by a colleague: %v", list)
	}
	if list, _ := e.b.Submissions(e.ctx, e.writer); len(list) != 0 {
		t.Fatalf("another contributor sees %v", list)
	}
	if _, err := e.b.CreateSubmission(e.ctx, store.NewSubmission{Actor: mate, QuestionSlug: "rls-causes", Text: text(t, "Again."), Now: e.tick()}); !errors.Is(err, store.ErrExists) {
		t.Errorf("second open submission of one organization on one question: %v, want ErrExists", err)
	}
	s = e.must(e.step(mate, s, editorial.Submit, ""))
	s = e.must(e.step(e.reviewer, s, editorial.Approve, ""))
	got := e.contributorAnswers("rls-causes")
	if len(got) != 1 || got[0].SourceKey != "CDC" {
		t.Fatalf("organization answer = %+v", got)
	}
}

func testEditorialBadInput(t *testing.T, e *editorialEnv) {
	cases := []store.NewSubmission{
		{Actor: e.writer, QuestionSlug: "no-such-question", Text: text(t, "x")},
		{Actor: e.writer, ProposedTitle: "Why?", ProposedTopic: "no-such-topic", ProposedType: "causes", Text: text(t, "x")},
		{Actor: e.writer, ProposedTitle: "Why?", ProposedTopic: "asthma", ProposedType: "made up", Text: text(t, "x")},
		{Actor: e.writer, ProposedTopic: "asthma", ProposedType: "causes", Text: text(t, "x")},
		{Actor: e.writer, QuestionSlug: "rls-causes"}, // no text
	}
	for i, n := range cases {
		if _, err := e.b.CreateSubmission(e.ctx, n); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("case %d: %v, want ErrInvalid", i, err)
		}
	}
	if _, err := e.b.CreateSubmission(e.ctx, store.NewSubmission{Actor: e.reviewer, QuestionSlug: "rls-causes", Text: text(t, "x")}); !errors.Is(err, editorial.ErrForbidden) {
		t.Errorf("a reviewer without the contributor role writing: %v, want ErrForbidden", err)
	}
	for i := range store.MaxDrafts + 1 {
		_, err := e.b.CreateSubmission(e.ctx, store.NewSubmission{Actor: e.writer, ProposedTitle: "Why is asthma worse at night?",
			ProposedTopic: "asthma", ProposedType: "causes", Text: text(t, "x"), Now: e.tick()})
		if (i < store.MaxDrafts) != (err == nil) {
			t.Fatalf("draft %d: %v (the limit is %d)", i+1, err, store.MaxDrafts)
		}
	}
	if _, err := e.b.Submission(e.ctx, 999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown submission: %v", err)
	}
}

// testNothingOfADraftIsPublic puts a marker word into work in every
// state that is not public and checks that no public read shows it.
func testNothingOfADraftIsPublic(t *testing.T, e *editorialEnv) {
	before, err := e.b.Load(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	stats, _ := e.b.Stats(e.ctx)
	v := e.version()

	e.draft(e.writer, "rls-causes", "zanzibarword draft.")
	sub := e.must(e.step(e.writer, e.draft(e.writer, "asthma-treatment", "zanzibarword submitted."), editorial.Submit, ""))
	ch := e.must(e.step(e.writer, e.draft(e.writer, "rls-information", "zanzibarword changes."), editorial.Submit, ""))
	e.must(e.step(e.reviewer, ch, editorial.RequestChanges, "zanzibarword comment"))
	rej := e.must(e.step(e.writer, e.draft(e.writer, "aspirin-side-effects", "zanzibarword rejected."), editorial.Submit, ""))
	e.must(e.step(e.reviewer, rej, editorial.Reject, "no"))
	_, err = e.b.CreateSubmission(e.ctx, store.NewSubmission{Actor: e.writer, ProposedTitle: "Is zanzibarword real?",
		ProposedTopic: "asthma", ProposedType: "causes", Text: text(t, "zanzibarword proposal."), Now: e.tick()})
	if err != nil {
		t.Fatal(err)
	}
	_ = sub

	after, err := e.b.Load(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Error("work not published changed Load")
	}
	if s, _ := e.b.Stats(e.ctx); s != stats {
		t.Errorf("stats %+v, want %+v", s, stats)
	}
	if e.version() != v {
		t.Error("work not published moved the version")
	}
	for _, q := range []string{"zanzibarword", "asthma", "restless"} {
		found, err := e.b.SearchQuestions(e.ctx, q, store.MaxSearchResults)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range found {
			if strings.Contains(f.Title+f.Lead, "zanzibarword") {
				t.Errorf("search %q shows %+v", q, f)
			}
		}
	}
	for _, slug := range []string{"rls-causes", "asthma-treatment", "rls-information", "aspirin-side-effects"} {
		_, answers, _ := e.b.Question(e.ctx, slug)
		for _, a := range answers {
			if strings.Contains(a.Text, "zanzibarword") {
				t.Errorf("question %s shows %q", slug, a.Text)
			}
		}
	}
}
