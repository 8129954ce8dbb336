package postgres

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"healthqa/internal/editorial"
	"healthqa/internal/model"
	"healthqa/internal/store"
	"healthqa/internal/store/sqlite"
	"healthqa/internal/store/storetest"
)

// editorialStore is what the comparison below drives on each backend.
type editorialStore interface {
	store.Store
	store.Editorial
	store.Concepts
	CreateUser(ctx context.Context, u store.User) (store.User, error)
	AuditLog(ctx context.Context, before int64, limit int) ([]store.AuditEntry, error)
}

// TestEditorialSameAsSQLite plays one editorial history on both backends
// at the same clock (publishing, revising a published answer, an
// organization's answer, a proposal that becomes a new question,
// changes requested, a rejection, an unpublish, refused steps) and then
// a re-import that drops a topic and a question holding contributor
// answers and changes an answer beside one, then an unpublish after it,
// and expects every read to be the same after each phase: the pages,
// the queue, the trail, the audit log, the digests and the grades. The
// suites check each rule; this checks that nothing else differs, the
// re-import rule (contributor answers, their questions and topics
// survive it, as on SQLite) above all.
func TestEditorialSameAsSQLite(t *testing.T) {
	ctx := context.Background()
	lite, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	pg := openTemp(t)
	defer pg.Close()

	want := playEditorial(t, lite)
	got := playEditorial(t, pg)
	if len(got) != len(want) {
		t.Fatalf("%d reads on PostgreSQL, %d on SQLite", len(got), len(want))
	}
	for i := range want {
		if got[i].name != want[i].name {
			t.Fatalf("read %d is %s on PostgreSQL, %s on SQLite", i, got[i].name, want[i].name)
		}
		if !reflect.DeepEqual(got[i].value, want[i].value) {
			t.Errorf("%s differs:\npostgres %s\n  sqlite %s", want[i].name, show(got[i].value), show(want[i].value))
		}
	}
}

type namedRead struct {
	name  string
	value any
}

func show(v any) string {
	s := fmt.Sprintf("%+v", v)
	if len(s) > 1500 {
		s = s[:1500] + "…"
	}
	return s
}

// player runs the history on one backend and records what it reads.
type player struct {
	t     *testing.T
	st    editorialStore
	ctx   context.Context
	now   time.Time
	reads []namedRead
}

func (p *player) tick() time.Time {
	p.now = p.now.Add(time.Minute)
	return p.now
}

func (p *player) record(name string, v any, err error) {
	if err != nil {
		v = errKind(err)
	}
	p.reads = append(p.reads, namedRead{name, v})
}

// errKind is an error as both backends must agree on it: which of the
// documented errors it is, not its words.
func errKind(err error) string {
	for _, k := range []error{editorial.ErrConflict, editorial.ErrState, editorial.ErrForbidden, editorial.ErrOwnWork,
		store.ErrInvalid, store.ErrExists, store.ErrNotFound} {
		if errors.Is(err, k) {
			return "error: " + k.Error()
		}
	}
	return "error (other)"
}

func (p *player) user(name string, source string, roles ...model.Role) editorial.Actor {
	u, err := p.st.CreateUser(p.ctx, store.User{Person: model.Person{Name: name, Slug: name, SourceKey: source,
		Credentials: "MD"}, Email: name + "@example.org", Roles: roles, CreatedAt: p.now})
	if err != nil {
		p.t.Fatalf("CreateUser(%s): %v", name, err)
	}
	return editorial.Actor{UserID: u.ID, Roles: u.Roles, SourceKey: u.SourceKey}
}

func (p *player) create(name string, n store.NewSubmission, md string) store.Submission {
	r, err := editorial.Render(md)
	if err != nil {
		p.t.Fatal(err)
	}
	n.Text, n.Now = r, p.tick()
	s, err := p.st.CreateSubmission(p.ctx, n)
	p.record(name, s, err)
	return s
}

func (p *player) save(name string, a editorial.Actor, s store.Submission, md string) store.Submission {
	r, err := editorial.Render(md)
	if err != nil {
		p.t.Fatal(err)
	}
	out, err := p.st.SaveRevision(p.ctx, store.SaveRevision{Actor: a, ID: s.ID, Base: s.Revision, Text: r, Now: p.tick()})
	p.record(name, out, err)
	if err != nil {
		return s
	}
	return out
}

func (p *player) step(name string, a editorial.Actor, s store.Submission, act editorial.Action, comment string) store.Submission {
	out, err := p.st.Step(p.ctx, store.Step{Actor: a, ID: s.ID, Action: act, SeenRevision: s.Revision, SeenState: s.State,
		Comment: comment, NewQuestionSlug: "new-question", Now: p.tick()})
	p.record(name, out, err)
	if err != nil {
		return s
	}
	return out
}

// sync imports c, recording its counts.
func (p *player) sync(name string, c store.Content) {
	res, err := p.st.Sync(p.ctx, "medquad", c, store.SyncOptions{Now: p.tick()})
	p.record(name, res, err)
}

// readAll records every read a page, the API or the dashboards make.
func (p *player) readAll(phase string, ids []int64, actors []editorial.Actor, slugs []string) {
	ctx := p.ctx
	r := func(name string, v any, err error) { p.record(phase+" "+name, v, err) }
	c, err := p.st.Load(ctx)
	r("Load", c, err)
	stats, err := p.st.Stats(ctx)
	r("Stats", stats, err)
	topics, err := p.st.Topics(ctx)
	r("Topics", topics, err)
	for _, tp := range topics {
		qs, err := p.st.TopicQuestions(ctx, tp.Slug)
		r("TopicQuestions "+tp.Slug, qs, err)
	}
	for _, slug := range slugs {
		q, answers, err := p.st.Question(ctx, slug)
		r("Question "+slug, []any{q, answers}, err)
		d, err := p.st.Digest(ctx, slug)
		r("Digest "+slug, d, err)
	}
	found, err := p.st.SearchQuestions(ctx, "acne", store.MaxSearchResults)
	r("Search", found, err)
	for _, id := range ids {
		s, err := p.st.Submission(ctx, id)
		r(fmt.Sprint("Submission ", id), s, err)
		revs, err := p.st.Revisions(ctx, id)
		r(fmt.Sprint("Revisions ", id), revs, err)
		reviews, err := p.st.Reviews(ctx, id)
		r(fmt.Sprint("Reviews ", id), reviews, err)
	}
	for _, a := range actors {
		list, err := p.st.Submissions(ctx, a)
		r(fmt.Sprint("Submissions of ", a.UserID), list, err)
	}
	for _, f := range []store.QueueFilter{{}, {Topic: "condition-0"}, {Source: model.ContributorsSource}, {Limit: 1}} {
		q, err := p.st.ReviewQueue(ctx, f)
		r(fmt.Sprintf("ReviewQueue %+v", f), q, err)
	}
	log, err := p.st.AuditLog(ctx, 0, store.MaxAuditPage)
	r("AuditLog", log, err)
	levels, err := p.st.ReadingLevels(ctx)
	r("ReadingLevels", levels, err)
	hard, err := p.st.HardAnswers(ctx, 0, 200)
	r("HardAnswers", hard, err)
}

// Test text, not advice: sentences whose only use is to be graded.
const plainText = "This is a test answer. It is made of short words in short sentences. " +
	"Its only use is to check what the two stores keep when it is published."

func playEditorial(t *testing.T, st editorialStore) []namedRead {
	p := &player{t: t, st: st, ctx: context.Background(), now: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)}
	content := storetest.GenerateContent(4, 10, 36, 400)
	p.sync("first import", content)
	org := model.Sources[0].Key
	writer := p.user("writer", "", model.RoleContributor)
	reviewer := p.user("reviewer", "", model.RoleReviewer)
	orgWriter := p.user("orgwriter", org, model.RoleContributor)
	orgMate := p.user("orgmate", org, model.RoleContributor)
	actors := []editorial.Actor{writer, reviewer, orgWriter, orgMate}
	q := func(i int) string { return content.Questions[i].Slug }

	// Published as written (q0, condition-0), then revised and
	// published again.
	s1 := p.create("s1 create", store.NewSubmission{Actor: writer, QuestionSlug: q(0)}, plainText)
	s1 = p.step("s1 submit", writer, s1, editorial.Submit, "")
	s1 = p.step("s1 approve", reviewer, s1, editorial.Approve, "")
	s1 = p.save("s1 revise", writer, s1, plainText+" It was revised once.")
	s1 = p.step("s1 resubmit", writer, s1, editorial.Submit, "")
	s1 = p.step("s1 approve again", reviewer, s1, editorial.Approve, "")
	// An organization's answer to q1 (condition-1), saved by a colleague.
	s2 := p.create("s2 create", store.NewSubmission{Actor: orgWriter, QuestionSlug: q(1)}, "Our **view**.")
	p.create("s2 duplicate", store.NewSubmission{Actor: orgMate, QuestionSlug: q(1)}, "Again.")
	s2 = p.save("s2 colleague saves", orgMate, s2, "Our view, with [a link](https://example.org/).")
	p.save("s2 stale save", orgWriter, store.Submission{ID: s2.ID, Revision: 1}, "Stale.")
	s2 = p.step("s2 submit", orgWriter, s2, editorial.Submit, "")
	p.step("s2 own work", orgWriter, s2, editorial.Approve, "")
	s2 = p.step("s2 approve", reviewer, s2, editorial.Approve, "")
	// A proposal that becomes a new question of condition-0.
	s3 := p.create("s3 propose", store.NewSubmission{Actor: writer, ProposedTitle: "What are the symptoms of Acne 0?",
		ProposedTopic: "condition-0", ProposedType: "symptoms"}, plainText)
	s3 = p.step("s3 submit", writer, s3, editorial.Submit, "")
	s3 = p.step("s3 approve", reviewer, s3, editorial.Approve, "")
	// Changes requested, then rejected (q2).
	s4 := p.create("s4 create", store.NewSubmission{Actor: writer, QuestionSlug: q(2)}, "First try.")
	s4 = p.step("s4 submit", writer, s4, editorial.Submit, "")
	p.step("s4 changes without comment", reviewer, s4, editorial.RequestChanges, " ")
	s4 = p.step("s4 changes", reviewer, s4, editorial.RequestChanges, "Cite a source.")
	s4 = p.save("s4 revise", writer, s4, "Second try.")
	s4 = p.step("s4 resubmit", writer, s4, editorial.Submit, "")
	s4 = p.step("s4 reject", reviewer, s4, editorial.Reject, "No.")
	// Published, then unpublished (q3).
	s5 := p.create("s5 create", store.NewSubmission{Actor: writer, QuestionSlug: q(3)}, plainText)
	s5 = p.step("s5 submit", writer, s5, editorial.Submit, "")
	s5 = p.step("s5 approve", reviewer, s5, editorial.Approve, "")
	s5 = p.step("s5 unpublish", reviewer, s5, editorial.Unpublish, "Withdrawn.")
	p.step("s5 unpublish again", reviewer, s5, editorial.Unpublish, "Again.")
	// Waiting in the queue.
	s6 := p.create("s6 create", store.NewSubmission{Actor: writer, QuestionSlug: q(5)}, "Waiting.")
	s6 = p.step("s6 submit", writer, s6, editorial.Submit, "")
	p.create("bad question", store.NewSubmission{Actor: writer, QuestionSlug: "no-such-question"}, "x")
	ids := []int64{s1.ID, s2.ID, s3.ID, s4.ID, s5.ID, s6.ID, 999}
	slugs := []string{q(0), q(1), q(2), q(3), q(5), "new-question"}
	p.readAll("published", ids, actors, slugs)

	// A re-import without condition-1 (whose q1 has the organization's
	// answer) nor q0 (with s1's answer), and with q4's answers changed.
	c := content
	c.Topics = slices.DeleteFunc(slices.Clone(c.Topics), func(tp model.Topic) bool { return tp.Slug == "condition-1" })
	c.Questions = slices.DeleteFunc(slices.Clone(c.Questions), func(x model.Question) bool {
		return x.TopicSlug == "condition-1" || x.Slug == q(0)
	})
	kept := map[string]bool{}
	for _, x := range c.Questions {
		kept[x.Slug] = true
	}
	c.Answers = nil
	for _, a := range content.Answers {
		if !kept[a.QuestionSlug] {
			continue
		}
		if a.QuestionSlug == q(4) {
			a.Text = strings.Replace(a.Text, "Answer", "Changed answer", 1)
		}
		c.Answers = append(c.Answers, a)
	}
	p.sync("re-import", c)
	p.readAll("re-imported", ids, actors, append(slugs, q(4)))

	// Unpublished after the re-import: q1 is left without answers and
	// goes; so does its topic's last question.
	p.step("s2 unpublish", reviewer, s2, editorial.Unpublish, "Outdated.")
	p.sync("re-import again", c)
	p.readAll("unpublished", ids, actors, slugs)
	return p.reads
}
