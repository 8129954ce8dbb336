package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// PublishedStore is a backend with the reads of store.Published.
type PublishedStore interface {
	store.Store
	store.Published
}

// RunPublished runs the conformance tests of store.Published. open
// returns a new, empty store and a Seeder on the same database; the
// store is closed when the subtest ends.
func RunPublished(t *testing.T, open func(t *testing.T) (PublishedStore, Seeder)) {
	tests := []struct {
		name string
		test func(t *testing.T, s PublishedStore, sd Seeder)
	}{
		{"ContributorAnswerRead", testContributorAnswerRead},
		{"PersonPage", testPersonPage},
		{"AnswerHistory", testAnswerHistory},
		{"StaleAnswers", testStaleAnswers},
		{"ReimportKeepsContributors", testReimportKeepsContributors},
		{"ReimportRefusesContributorKey", testReimportRefusesContributorKey},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, sd := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tc.test(t, s, sd)
		})
	}
}

// people of the published tests.
var (
	jane     = model.Person{Slug: "jane-roe", Name: "Jane Roe", Credentials: "MD", Specialty: "Sleep Medicine", Affiliation: "Mercy Hospital", Bio: "Sleep doctor."}
	rev      = model.Person{Slug: "rick-review", Name: "Rick Review", Credentials: "MD, PhD", Specialty: "Neurology"}
	drafter  = model.Person{Slug: "dora-draft", Name: "Dora Draft"}
	orgVoice = model.Person{Slug: "ninds-editor", Name: "Nina Editor", Credentials: "RN", SourceKey: "NINDS"}
)

// seedPeople syncs the fixture and adds the four accounts.
func seedPeople(t *testing.T, s store.Store, sd Seeder) (janeID, revID, draftID, orgID int64) {
	mustSync(t, s, fixture(), t0)
	return sd.User(t, jane, model.RoleContributor), sd.User(t, rev, model.RoleReviewer),
		sd.User(t, drafter, model.RoleContributor), sd.User(t, orgVoice, model.RoleContributor)
}

func publishOne(t *testing.T, sd Seeder, author, reviewer int64, question, text string, at time.Time) (int64, string) {
	t.Helper()
	return sd.Submit(t, Submission{Author: author, Reviewer: reviewer, QuestionSlug: question, State: "published",
		Revisions: []Revision{{Text: text}}, Approved: []int{1}, ApprovedAt: []time.Time{at}})
}

func testContributorAnswerRead(t *testing.T, s PublishedStore, sd Seeder) {
	ctx := context.Background()
	janeID, revID, draftID, _ := seedPeople(t, s, sd)
	_, key := publishOne(t, sd, janeID, revID, "rls-causes", "Low iron & <genes>.", t1)
	sd.Submit(t, Submission{Author: draftID, QuestionSlug: "rls-causes", State: "draft", Revisions: []Revision{{Text: "draftword"}}})

	_, answers, err := s.Question(ctx, "rls-causes")
	if err != nil {
		t.Fatal(err)
	}
	if len(answers) != 2 {
		t.Fatalf("Question(rls-causes) has %d answers, want the imported one and the published one", len(answers))
	}
	var got model.Answer
	for _, a := range answers {
		if a.Dataset != model.ContributorsDataset {
			if a.Author != nil || a.Review != nil || a.HTML != "" {
				t.Errorf("imported answer %s claims an author, a review or HTML: %+v", a.Key, a)
			}
			continue
		}
		got = a
	}
	if got.Key != key || got.SourceKey != model.ContributorsSource || got.Text != "Low iron & <genes>." ||
		got.HTML != "<p>Low iron &amp; &lt;genes&gt;.</p>" {
		t.Errorf("contributor answer = %+v", got)
	}
	if got.Author == nil || *got.Author != jane {
		t.Errorf("Author = %+v, want %+v", got.Author, jane)
	}
	if got.Review == nil || got.Review.Reviewer.Slug != rev.Slug || !got.Review.At.Equal(t1) || got.Review.At.Location() != time.UTC {
		t.Errorf("Review = %+v, want by %s at %v UTC", got.Review, rev.Slug, t1)
	}

	keys, err := s.PublishedKeys(ctx, []string{key, "GARD_0001", "contrib-999"})
	if err != nil || len(keys) != 2 || !keys[key] || !keys["GARD_0001"] {
		t.Errorf("PublishedKeys = %v, %v; want %s and GARD_0001", keys, err, key)
	}
	if _, err := s.PublishedKeys(ctx, make([]string, store.MaxKeys+1)); err == nil {
		t.Error("PublishedKeys past MaxKeys: no error")
	}

	c, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(c.Answers, func(a model.Answer) bool { return a.Key == key })
	if i < 0 || c.Answers[i].Author == nil || c.Answers[i].Review == nil || c.Answers[i].QuestionSlug != "rls-causes" {
		t.Errorf("Load does not carry the contributor answer with its author and review: %+v", c.Answers)
	}
	for _, a := range c.Answers {
		if a.Text == "draftword" {
			t.Errorf("Load returns a draft: %+v", a)
		}
	}
}

func testPersonPage(t *testing.T, s PublishedStore, sd Seeder) {
	ctx := context.Background()
	janeID, revID, draftID, orgID := seedPeople(t, s, sd)
	_, older := publishOne(t, sd, janeID, revID, "rls-causes", "Older answer.", t1)
	_, newer := publishOne(t, sd, janeID, revID, "asthma-treatment", "Newer answer.", t2)
	sub, _ := publishOne(t, sd, janeID, revID, "rls-information", "Gone answer.", t1)
	sd.Unpublish(t, sub, revID, t2)
	sd.Submit(t, Submission{Author: draftID, QuestionSlug: "rls-causes", State: "submitted", Revisions: []Revision{{Text: "pending"}}})
	sd.Submit(t, Submission{Author: orgID, SourceKey: "NINDS", Reviewer: revID, QuestionSlug: "asthma-information",
		State: "published", Revisions: []Revision{{Text: "Org answer."}}, Approved: []int{1}, ApprovedAt: []time.Time{t0}})

	pg, err := s.Person(ctx, jane.Slug)
	if err != nil {
		t.Fatal(err)
	}
	keys := func(list []store.PublishedAnswer) []string {
		out := []string{}
		for _, a := range list {
			out = append(out, a.Key)
		}
		return out
	}
	if pg.Person != jane || pg.Organization != nil || !slices.Equal(keys(pg.Answers), []string{newer, older}) || len(pg.Reviewed) != 0 {
		t.Errorf("Person(jane) = %+v; want her profile and answers %s, %s (newest review first, the unpublished one left out)", pg, newer, older)
	}
	if len(pg.Answers) > 0 && (pg.Answers[0].QuestionTitle != "How is asthma treated?" || !pg.Answers[0].Review.At.Equal(t2)) {
		t.Errorf("Person(jane).Answers[0] = %+v", pg.Answers[0])
	}
	pr, err := s.Person(ctx, rev.Slug)
	if err != nil || len(pr.Answers) != 0 || len(pr.Reviewed) != 3 {
		t.Errorf("Person(reviewer) = %+v, %v; want three reviewed answers", pr, err)
	}
	po, err := s.Person(ctx, orgVoice.Slug)
	if err != nil || po.Organization == nil || po.Organization.Key != "NINDS" || len(po.Answers) != 1 || po.Answers[0].SourceKey != "NINDS" {
		t.Errorf("Person(organization account) = %+v, %v; want NINDS as organization and source", po, err)
	}
	for _, slug := range []string{drafter.Slug, "nobody"} {
		if _, err := s.Person(ctx, slug); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Person(%q) error = %v; want ErrNotFound (nothing published)", slug, err)
		}
	}
	refs, err := s.PeopleRefs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.PageRef{{Slug: jane.Slug, UpdatedAt: t2}, {Slug: orgVoice.Slug, UpdatedAt: t0}, {Slug: rev.Slug, UpdatedAt: t2}}
	if !slices.EqualFunc(refs, want, func(a, b store.PageRef) bool { return a.Slug == b.Slug && a.UpdatedAt.Equal(b.UpdatedAt) }) {
		t.Errorf("PeopleRefs() = %+v; want %+v", refs, want)
	}
}

func testAnswerHistory(t *testing.T, s PublishedStore, sd Seeder) {
	ctx := context.Background()
	janeID, revID, _, _ := seedPeople(t, s, sd)
	// Revision 1 published, 2 sent back, 3 published, 4 waiting.
	sub, key := sd.Submit(t, Submission{Author: janeID, Reviewer: revID, QuestionSlug: "rls-causes", State: "published",
		Revisions: []Revision{{Text: "first"}, {Text: "second"}, {Text: "third"}},
		Approved:  []int{1, 3}, ApprovedAt: []time.Time{t0, t2}})
	sd.Revise(t, sub, "fourth", "submitted")

	h, err := s.AnswerHistory(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if h.QuestionSlug != "rls-causes" || len(h.Revisions) != 2 {
		t.Fatalf("AnswerHistory = %+v; want revisions 1 and 3", h)
	}
	for i, want := range []struct {
		n    int
		text string
		at   time.Time
	}{{1, "first", t0}, {3, "third", t2}} {
		r := h.Revisions[i]
		if r.Number != want.n || r.Text != want.text || r.HTML != "<p>"+want.text+"</p>" || !r.Review.At.Equal(want.at) ||
			r.Author.Slug != jane.Slug || r.Review.Reviewer.Slug != rev.Slug {
			t.Errorf("revision %d = %+v; want number %d, %q, reviewed at %v by %s", i, r, want.n, want.text, want.at, rev.Slug)
		}
	}
	sd.Unpublish(t, sub, revID, t2)
	for _, k := range []string{key, "GARD_0001", "contrib-999"} {
		if _, err := s.AnswerHistory(ctx, k); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("AnswerHistory(%q) error = %v; want ErrNotFound (unpublished, imported, unknown)", k, err)
		}
	}
}

func testStaleAnswers(t *testing.T, s PublishedStore, sd Seeder) {
	ctx := context.Background()
	janeID, revID, _, _ := seedPeople(t, s, sd)
	_, a0 := publishOne(t, sd, janeID, revID, "rls-causes", "Reviewed at t0.", t0)
	_, a1 := publishOne(t, sd, janeID, revID, "asthma-treatment", "Reviewed at t1.", t1)
	publishOne(t, sd, janeID, revID, "rls-information", "Reviewed at t2.", t2)

	q, err := s.StaleAnswers(ctx, t2, 10)
	if err != nil {
		t.Fatal(err)
	}
	if q.Total != 2 || q.Imported != len(fixture().Answers) || len(q.Answers) != 2 || q.Answers[0].Key != a0 || q.Answers[1].Key != a1 {
		t.Errorf("StaleAnswers(before t2) = %+v; want %s then %s, total 2, %d imported", q, a0, a1, len(fixture().Answers))
	}
	if q, err = s.StaleAnswers(ctx, t2, 1); err != nil || q.Total != 2 || len(q.Answers) != 1 {
		t.Errorf("StaleAnswers(limit 1) = %+v, %v; want one listed of 2", q, err)
	}
	if _, err := s.StaleAnswers(ctx, t2, -1); err == nil {
		t.Error("StaleAnswers(limit -1): no error")
	}
}

// testReimportKeepsContributors re-imports the fixture without the
// question and topic a contributor answered: the contributor answer, its
// question and topic stay, and ContributorContent returns them for the
// import's digests.
func testReimportKeepsContributors(t *testing.T, s PublishedStore, sd Seeder) {
	ctx := context.Background()
	janeID, revID, _, _ := seedPeople(t, s, sd)
	_, key := publishOne(t, sd, janeID, revID, "aspirin-side-effects", "Bleeding.", t1)

	c := fixture()
	c.Answers = slices.DeleteFunc(c.Answers, func(a model.Answer) bool { return a.QuestionSlug == "aspirin-side-effects" })
	c.Questions = slices.DeleteFunc(c.Questions, func(q model.Question) bool { return q.Slug == "aspirin-side-effects" })
	c.Topics = slices.DeleteFunc(c.Topics, func(tp model.Topic) bool { return tp.Slug == "aspirin" })
	res := mustSync(t, s, c, t2)
	if res.Answers.Deleted != 1 || res.Questions.Deleted != 0 || res.Topics.Deleted != 0 {
		t.Errorf("re-import = %+v; want the imported answer deleted, the question and topic kept", res)
	}
	_, answers, err := s.Question(ctx, "aspirin-side-effects")
	if err != nil || len(answers) != 1 || answers[0].Key != key || answers[0].Text != "Bleeding." || answers[0].Author == nil {
		t.Fatalf("after re-import Question(aspirin-side-effects) = %+v, %v; want the contributor answer intact", answers, err)
	}
	if _, err := s.Topic(ctx, "aspirin"); err != nil {
		t.Errorf("topic of a contributor answer deleted by a re-import: %v", err)
	}
	state, err := s.ContributorContent(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := s.Version(ctx); err != nil || state.Version != v {
		t.Errorf("ContributorContent() is of version %d; the store's is %d (%v)", state.Version, v, err)
	}
	cc := state.Content
	if len(cc.Answers) != 1 || cc.Answers[0].Key != key || len(cc.Questions) != 1 || cc.Questions[0].Slug != "aspirin-side-effects" ||
		len(cc.Topics) != 1 || cc.Topics[0].Slug != "aspirin" || len(cc.Sources) != 1 || cc.Sources[0].Key != model.ContributorsSource {
		t.Errorf("ContributorContent() = %+v", cc)
	}
}

// testReimportRefusesContributorKey: an import whose answer bears a
// contributor answer's key must fail rather than overwrite it.
func testReimportRefusesContributorKey(t *testing.T, s PublishedStore, sd Seeder) {
	ctx := context.Background()
	janeID, revID, _, _ := seedPeople(t, s, sd)
	_, key := publishOne(t, sd, janeID, revID, "rls-causes", "Mine.", t1)
	c := fixture()
	c.Answers = append(c.Answers, answer(key, key, "rls-causes", "CDC", "Overwritten."))
	if _, err := s.Sync(ctx, dataset, c, store.SyncOptions{Now: t2}); err == nil {
		t.Error("Sync of an answer with a contributor answer's key: no error")
	}
	_, answers, err := s.Question(ctx, "rls-causes")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range answers {
		if a.Key == key && (a.Text != "Mine." || a.Dataset != model.ContributorsDataset) {
			t.Errorf("contributor answer overwritten: %+v", a)
		}
	}
}
