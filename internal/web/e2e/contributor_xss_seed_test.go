package e2e

// Seeding for the contributor XSS tests: every payload into every field a
// contributor controls, through the site's own write paths.

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"healthqa/internal/account"
	"healthqa/internal/editorial"
	"healthqa/internal/ingest"
	"healthqa/internal/model"
	"healthqa/internal/store"
	"healthqa/internal/store/testdb"
	"healthqa/internal/web"
)

// contributorSeed is where the payloads went, for the visits.
type contributorSeed struct {
	people    []store.User // contributors
	answers   []store.Submission
	proposals []store.Submission
	revised   []store.Submission  // published answers with a new revision waiting
	questions map[string][]string // question slug → its contributors' names
	reviewer  store.User          // reviewer and admin, with a hostile profile too
	writer    store.User          // a contributor with many drafts
	drafts    []store.Submission  // the writer's
	refused   map[string]int      // field → payloads the write path refused
}

func newContributorSite(t *testing.T) *contributorSite {
	t.Helper()
	ctx := context.Background()
	st, _ := testdb.Open(t)
	if _, err := ingest.MedQuAD(ctx, st, "../../ingest/testdata/medquad", ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	seed := seedContributors(t, st)
	// Every answer is past its review period, so question pages flag
	// them and the stale queue lists them all.
	h, err := web.New(st, web.Options{VersionTTL: -1, StaleAfter: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	seedFeedback(t, h, seed)
	site := &contributorSite{hostileSite: serveHostile(t, st, h)}
	// Secure (__Host-) cookies are kept by Chromium from http only on
	// localhost, a secure context.
	site.URL = strings.Replace(site.URL, "127.0.0.1", "localhost", 1)
	site.reviewerSession = newSession(t, st, seed.reviewer)
	site.writerSession = newSession(t, st, seed.writer)
	site.targets(t, seed)
	return site
}

// seedContributors writes one account per payload, every profile field
// cycling through the payloads so that each lands in each field; each
// account answers a question with payloads in its Markdown, which a
// reviewer (whose own profile is hostile too) approves, and proposes a
// question worded as a payload, left waiting for review.
func seedContributors(t *testing.T, st testdb.Store) contributorSeed {
	t.Helper()
	ctx := context.Background()
	c, err := st.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := len(contributorPayloads)
	p := func(i int) string { return contributorPayloads[i%n] }
	seed := contributorSeed{questions: map[string][]string{}, refused: map[string]int{}}
	seed.reviewer = createUser(t, st, &seed, "reviewer", model.Person{Name: "Dr " + p(0), Credentials: p(1), Specialty: p(2), Affiliation: p(3), Bio: p(4)},
		model.RoleReviewer, model.RoleAdmin)
	reviewer := editorial.Actor{UserID: seed.reviewer.ID, Roles: seed.reviewer.Roles}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	tick := func() time.Time { now = now.Add(time.Minute); return now }
	for i := range n {
		u := createUser(t, st, &seed, fmt.Sprintf("contributor-%d", i),
			model.Person{Name: p(i), Credentials: p(i + 1), Specialty: p(i + 2), Affiliation: p(i + 3), Bio: p(i+4) + "\n\n" + p(i+5)},
			model.RoleContributor)
		seed.people = append(seed.people, u)
		author := editorial.Actor{UserID: u.ID, Roles: u.Roles}
		q := c.Questions[i%len(c.Questions)]
		md := fmt.Sprintf("Answer %d of a hostile contributor.\n\n%s\n\n%s\n\nThe end.", i, p(i), p(i+17))
		s := mustEditorial(t)(st.CreateSubmission(ctx, store.NewSubmission{Actor: author, QuestionSlug: q.Slug, Text: render(t, md), Now: tick()}))
		s = mustEditorial(t)(st.Step(ctx, store.Step{Actor: author, ID: s.ID, Action: editorial.Submit, SeenRevision: s.Revision, SeenState: s.State, Now: tick()}))
		s = mustEditorial(t)(st.Step(ctx, store.Step{Actor: reviewer, ID: s.ID, Action: editorial.Approve, SeenRevision: s.Revision, SeenState: s.State, Now: tick()}))
		seed.answers = append(seed.answers, s)
		seed.questions[q.Slug] = append(seed.questions[q.Slug], u.Name)
		prop := mustEditorial(t)(st.CreateSubmission(ctx, store.NewSubmission{Actor: author, ProposedTitle: p(i + 9),
			ProposedTopic: q.TopicSlug, ProposedType: "information", Text: render(t, p(i+3)+"\n\nA proposed question's answer."), Now: tick()}))
		prop = mustEditorial(t)(st.Step(ctx, store.Step{Actor: author, ID: prop.ID, Action: editorial.Submit, SeenRevision: prop.Revision, SeenState: prop.State, Now: tick()}))
		seed.proposals = append(seed.proposals, prop)
		if i%5 == 0 {
			seed.revised = append(seed.revised, revise(t, st, s, author, reviewer, tick, p(i+30), p(i+40)))
		}
	}
	seed.writer = createUser(t, st, &seed, "writer", model.Person{Name: "Writer " + p(20), Bio: p(21)}, model.RoleContributor)
	writer := editorial.Actor{UserID: seed.writer.ID, Roles: seed.writer.Roles}
	// One draft holds every payload, each its own paragraph; a few more
	// propose questions worded as payloads.
	all := render(t, "Every payload:\n\n"+strings.Join(contributorPayloads, "\n\n"))
	seed.drafts = append(seed.drafts, mustEditorial(t)(st.CreateSubmission(ctx, store.NewSubmission{Actor: writer, QuestionSlug: c.Questions[0].Slug, Text: all, Now: tick()})))
	for i := range 10 {
		seed.drafts = append(seed.drafts, mustEditorial(t)(st.CreateSubmission(ctx, store.NewSubmission{Actor: writer, ProposedTitle: p(i * 9),
			ProposedTopic: c.Questions[0].TopicSlug, ProposedType: "causes", Text: render(t, p(i*9+1)), Now: tick()})))
	}
	for field, k := range seed.refused {
		t.Logf("%s: the write path refused %d of %d payloads", field, k, n)
		if n-k < 50 {
			t.Errorf("%s holds only %d payloads; want at least 50", field, n-k)
		}
	}
	return seed
}

// revise puts a new revision of a published answer through review: saved
// and submitted, changes requested with a hostile comment, saved again
// and submitted, so that it waits with a diff against the published text
// and a review to show.
func revise(t *testing.T, st testdb.Store, s store.Submission, author, reviewer editorial.Actor, tick func() time.Time, md, comment string) store.Submission {
	t.Helper()
	ctx := context.Background()
	must := mustEditorial(t)
	s = must(st.SaveRevision(ctx, store.SaveRevision{Actor: author, ID: s.ID, Base: s.Revision, Text: render(t, "A revised answer.\n\n"+md), Now: tick()}))
	s = must(st.Step(ctx, store.Step{Actor: author, ID: s.ID, Action: editorial.Submit, SeenRevision: s.Revision, SeenState: s.State, Now: tick()}))
	s = must(st.Step(ctx, store.Step{Actor: reviewer, ID: s.ID, Action: editorial.RequestChanges, SeenRevision: s.Revision, SeenState: s.State, Comment: comment, Now: tick()}))
	s = must(st.SaveRevision(ctx, store.SaveRevision{Actor: author, ID: s.ID, Base: s.Revision, Text: render(t, "A revised answer, again.\n\n"+md+"\n\n"+comment), Now: tick()}))
	return must(st.Step(ctx, store.Step{Actor: author, ID: s.ID, Action: editorial.Submit, SeenRevision: s.Revision, SeenState: s.State, Now: tick()}))
}

// createUser creates an account the way the invite and profile pages
// do: the profile cleaned by account.CleanProfile (a field it refuses
// is left empty and counted), the slug made from the name.
func createUser(t *testing.T, st testdb.Store, seed *contributorSeed, email string, p model.Person, roles ...model.Role) store.User {
	t.Helper()
	fields := []struct {
		name string
		v    *string
	}{{"name", &p.Name}, {"credentials", &p.Credentials}, {"specialty", &p.Specialty}, {"affiliation", &p.Affiliation}, {"bio", &p.Bio}}
	for _, f := range fields {
		one := model.Person{Name: "x"}
		switch f.name {
		case "name":
			one.Name = *f.v
		case "credentials":
			one.Credentials = *f.v
		case "specialty":
			one.Specialty = *f.v
		case "affiliation":
			one.Affiliation = *f.v
		case "bio":
			one.Bio = *f.v
		}
		if _, err := account.CleanProfile(one); err != nil {
			seed.refused[f.name]++
			*f.v = ""
		}
	}
	if p.Name == "" {
		p.Name = "Refused name " + email
	}
	clean, err := account.CleanProfile(p)
	if err != nil {
		t.Fatalf("%s: %v", email, err)
	}
	clean.Slug = account.Slug(clean.Name)
	u, err := st.CreateUser(context.Background(), store.User{Person: clean, Email: email + "@xss.test", Roles: roles, CreatedAt: time.Now()})
	if err != nil {
		t.Fatalf("CreateUser %s: %v", email, err)
	}
	return u
}

func render(t *testing.T, md string) editorial.Rendered {
	t.Helper()
	r, err := editorial.Render(md)
	if err != nil {
		t.Fatalf("rendering %q: %v", md, err)
	}
	return r
}

func mustEditorial(t *testing.T) func(store.Submission, error) store.Submission {
	return func(s store.Submission, err error) store.Submission {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
}

// seedFeedback posts every payload as a feedback reason through the
// feedback handler, ten to an answer (the reviewers' page shows ten per
// answer), each vote from its own client address so that the rate limit,
// tested elsewhere, stays out of the way.
func seedFeedback(t *testing.T, h http.Handler, seed contributorSeed) {
	t.Helper()
	for i, reason := range contributorPayloads {
		key := seed.answers[i/10].AnswerKey()
		form := url.Values{"helpful": {[]string{"yes", "no"}[i%2]}, "reason": {reason}}
		req := httptest.NewRequest(http.MethodPost, "/feedback/"+url.PathEscape(key), strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = fmt.Sprintf("198.18.%d.%d:1000", i/250, i%250+1)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code == http.StatusBadRequest && len([]rune(reason)) > store.MaxFeedbackReason {
			continue
		}
		if rec.Code != http.StatusOK {
			t.Fatalf("feedback %q: status %d: %s", reason, rec.Code, rec.Body)
		}
	}
}

// sessionCookie is the accounts layer's session cookie (internal/web).
const sessionCookie = "__Host-session"

// newSession signs u in as the sign-in page does, in the store: a random
// session id, stored hashed. The browser gets the id as its cookie.
func newSession(t *testing.T, st testdb.Store, u store.User) string {
	t.Helper()
	id, hash := account.NewToken("")
	csrf, _ := account.NewToken("")
	if err := st.CreateSession(context.Background(), store.Session{IDHash: hash, UserID: u.ID, CSRFToken: csrf, CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	return id
}
