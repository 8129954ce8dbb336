package web

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"healthqa/internal/ingest"
	"healthqa/internal/model"
	"healthqa/internal/store/storetest"
	"healthqa/internal/store/testdb"
)

// Published contributor content on the reading side (issue 9), written
// through the real workflow (storetest.Seeder: accounts' CreateUser,
// editorial's saves and steps).

// clockNow is "today" for the published tests.
var clockNow = time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)

var (
	pJane = model.Person{Slug: "jane-roe", Name: "Jane Roe", Credentials: "MD", Specialty: "Sleep Medicine",
		Affiliation: "Mercy Hospital", Bio: "Sleep physician."}
	pRick = model.Person{Slug: "rick-review", Name: "Rick Review", Credentials: "MD, PhD", Specialty: "Neurology"}
	pNina = model.Person{Slug: "nina-editor", Name: "Nina Editor", Credentials: "RN", SourceKey: "NINDS"}
)

type publishedSite struct {
	s          *Server
	st         testdb.Store
	sd         storetest.Seeder
	jane, rick int64
	nina       int64
	// keys and submissions of the seeded answers
	janeKey, ninaKey, historyKey string
	janeSub, historySub          int64
}

// newPublishedSite serves the fixture plus three published contributor
// answers: Jane's (reviewed yesterday), the NINDS editor's (reviewed in
// 2023, so due for review) and one of Jane's with two published
// revisions and one sent back between them.
func newPublishedSite(t *testing.T) *publishedSite {
	t.Helper()
	ctx := context.Background()
	st, _ := testdb.Open(t)
	if _, err := ingest.MedQuAD(ctx, st, fixture, ingest.Options{Now: func() time.Time { return importTime }}); err != nil {
		t.Fatal(err)
	}
	p := &publishedSite{st: st, sd: storetest.Seeder{Accounts: st, Editorial: st, Now: importTime}}
	p.jane = p.sd.User(t, pJane, model.RoleContributor)
	p.rick = p.sd.User(t, pRick, model.RoleReviewer)
	p.nina = p.sd.User(t, pNina, model.RoleContributor)
	p.janeSub, p.janeKey = p.sd.Submit(t, storetest.Submission{Author: p.jane, Reviewer: p.rick,
		QuestionSlug: "what-are-the-treatments-for-restless-legs-syndrome", State: "published",
		Revisions: []storetest.Revision{{Text: "Iron supplements help when ferritin is low."}},
		Approved:  []int{1}, ApprovedAt: []time.Time{time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}})
	_, p.ninaKey = p.sd.Submit(t, storetest.Submission{Author: p.nina, SourceKey: "NINDS", Reviewer: p.rick,
		QuestionSlug: "what-is-holmes-adie", State: "published",
		Revisions: []storetest.Revision{{Text: "Holmes-Adie syndrome affects the pupil."}},
		Approved:  []int{1}, ApprovedAt: []time.Time{time.Date(2023, 6, 1, 9, 0, 0, 0, time.UTC)}})
	p.historySub, p.historyKey = p.sd.Submit(t, storetest.Submission{Author: p.jane, Reviewer: p.rick,
		QuestionSlug: "what-is-menieres-disease", State: "published",
		Revisions: []storetest.Revision{{Text: "Inner ear disorder, first wording."}, {Text: "Sent back wording."},
			{Text: "Inner ear disorder, second wording."}},
		Approved: []int{1, 3}, ApprovedAt: []time.Time{time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC), time.Date(2026, 11, 15, 9, 0, 0, 0, time.UTC)}})
	var err error
	p.s, err = New(st, Options{BaseURL: "https://healthqa.test", VersionTTL: -1})
	if err != nil {
		t.Fatal(err)
	}
	p.s.opts.Now = func() time.Time { return clockNow }
	if err := p.s.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestContributorAnswerOnQuestionPage(t *testing.T) {
	p := newPublishedSite(t)
	page := body(t, do(t, p.s, "GET", "/q/what-are-the-treatments-for-restless-legs-syndrome"))
	for _, want := range []string{
		`<h2 id="answer-` + p.janeKey + `-h"><a href="/people/jane-roe">Jane Roe, MD</a></h2>`,
		`<div class="text"><p>Iron supplements help when ferritin is low.</p></div>`,
		`Answered by <a href="/people/jane-roe">Jane Roe, MD</a> — Sleep Medicine, reviewed 1 December 2026 by <a href="/people/rick-review">Rick Review, MD, PhD</a>.`,
		`<a href="/answers/` + p.janeKey + `/history">History`,
		"Imported from MedQuAD (NINDS) on 30 November 2026; not reviewed here.",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("question page lacks %q", want)
		}
	}
	if strings.Contains(page, "due for review") {
		t.Error("an answer reviewed yesterday is flagged as due for review")
	}

	org := body(t, do(t, p.s, "GET", "/q/what-is-holmes-adie"))
	for _, want := range []string{
		`<a href="/sources/NINDS">National Institute of Neurological Disorders and Stroke</a></h2>`,
		`Answered by <a href="/people/nina-editor">Nina Editor, RN</a>, for <a href="/sources/NINDS">National Institute of Neurological Disorders and Stroke</a>, reviewed 1 June 2023 by`,
		`<p class="stale">Last reviewed 1 June 2023 — due for review.</p>`,
	} {
		if !strings.Contains(org, want) {
			t.Errorf("organization answer's page lacks %q", want)
		}
	}
}

// The stale flag follows the clock even while the content version
// stands: a cached page must not outlive the day its answer falls due.
func TestStaleFlagOutlivesNoCache(t *testing.T) {
	p := newPublishedSite(t)
	const target = "/q/what-are-the-treatments-for-restless-legs-syndrome"
	if strings.Contains(body(t, do(t, p.s, "GET", target)), "due for review") {
		t.Fatal("flagged before its time")
	}
	p.s.opts.Now = func() time.Time { return clockNow.Add(DefaultStaleAfter) }
	if !strings.Contains(body(t, do(t, p.s, "GET", target)), "Last reviewed 1 December 2026 — due for review.") {
		t.Error("the cached page is served past the day its answer fell due")
	}
}

func TestContributorJSONLD(t *testing.T) {
	p := newPublishedSite(t)
	page := body(t, do(t, p.s, "GET", "/q/what-are-the-treatments-for-restless-legs-syndrome"))
	m := ldScript.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no JSON-LD")
	}
	var ld struct {
		LastReviewed string `json:"lastReviewed"`
		Modified     string `json:"dateModified"`
		ReviewedBy   struct {
			Type, Name string
		} `json:"reviewedBy"`
		MainEntity struct {
			Answers []struct {
				Author struct {
					Type          string `json:"@type"`
					Name          string `json:"name"`
					JobTitle      string `json:"jobTitle"`
					HasCredential struct {
						Type string `json:"@type"`
						Name string `json:"name"`
					} `json:"hasCredential"`
					Affiliation []struct{ Name string } `json:"affiliation"`
				} `json:"author"`
			} `json:"suggestedAnswer"`
		} `json:"mainEntity"`
	}
	if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
		t.Fatal(err)
	}
	if ld.LastReviewed != "2026-12-01" || ld.ReviewedBy.Name != "Rick Review" || ld.Modified != "2026-12-01" {
		t.Errorf("lastReviewed %q by %+v, dateModified %q; want the review of 2026-12-01 by Rick Review", ld.LastReviewed, ld.ReviewedBy, ld.Modified)
	}
	var found bool
	for _, a := range ld.MainEntity.Answers {
		if a.Author.Type != "Person" {
			continue
		}
		found = true
		if a.Author.Name != "Jane Roe" || a.Author.JobTitle != "Sleep Medicine" || a.Author.HasCredential.Type != "EducationalOccupationalCredential" ||
			a.Author.HasCredential.Name != "MD" || len(a.Author.Affiliation) != 1 || a.Author.Affiliation[0].Name != "Mercy Hospital" {
			t.Errorf("contributor author = %+v", a.Author)
		}
	}
	if !found {
		t.Error("no answer authored by a Person")
	}
}

// The API carries author, review and html, as openapi.json documents.
func TestContributorAnswerInAPI(t *testing.T) {
	p := newPublishedSite(t)
	var doc openAPIDoc
	if err := json.Unmarshal([]byte(body(t, do(t, p.s, "GET", "/api/openapi.json"))), &doc); err != nil {
		t.Fatal(err)
	}
	resp := do(t, p.s, "GET", "/api/v1/questions/what-is-holmes-adie")
	raw := body(t, resp)
	var v any
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		t.Fatal(err)
	}
	schema := doc.Paths["/api/v1/questions/{slug}"]["get"].Responses["200"].Content["application/json"].Schema
	if err := validate(doc.Components.Schemas, schema, v, "$"); err != nil {
		t.Errorf("API answer with a contributor answer does not fit openapi.json: %v", err)
	}
	for _, want := range []string{`"author": {`, `"slug": "nina-editor"`, `"organization": "NINDS"`, `"review": {`,
		`"html": "\u003cp\u003eHolmes-Adie syndrome affects the pupil.\u003c/p\u003e"`, `"due_for_review": true`, `"imported_from": "MedQuAD"`} {
		if !strings.Contains(raw, want) {
			t.Errorf("API response lacks %s", want)
		}
	}
	if strings.Contains(raw, "@people.test") {
		t.Error("the API shows an e-mail address")
	}
}

func TestProfilePage(t *testing.T) {
	p := newPublishedSite(t)
	resp := do(t, p.s, "GET", "/people/jane-roe")
	page := body(t, resp)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Cache-Control") != "public, no-cache" || resp.Header.Get("ETag") == "" {
		t.Fatalf("GET /people/jane-roe = %d, Cache-Control %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	for _, want := range []string{"<h1>Jane Roe, MD</h1>", "Sleep Medicine · Mercy Hospital", "Sleep physician.",
		`<a href="/q/what-are-the-treatments-for-restless-legs-syndrome#answer-` + p.janeKey + `">`,
		`<a href="/q/what-is-menieres-disease#answer-` + p.historyKey + `">`} {
		if !strings.Contains(page, want) {
			t.Errorf("profile lacks %q", want)
		}
	}
	if strings.Contains(page, "@") {
		t.Error("the profile shows an e-mail address")
	}
	if got := body(t, do(t, p.s, "GET", "/people/rick-review")); !strings.Contains(got, "Answers reviewed") {
		t.Error("the reviewer's profile does not list the answers reviewed")
	}
	if !strings.Contains(body(t, do(t, p.s, "GET", "/people/nina-editor")), `Writes for <a href="/sources/NINDS">`) {
		t.Error("the organization account's profile does not name its organization")
	}
	// Profile edits move no content version, so profiles are never served
	// from the page cache.
	edited := pJane
	edited.Bio = "Edited biography."
	if err := p.st.UpdateProfile(context.Background(), p.jane, edited); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body(t, do(t, p.s, "GET", "/people/jane-roe")), "Edited biography.") {
		t.Error("a profile edit is not shown at once")
	}
	for _, target := range []string{"/people/nobody", "/people/"} {
		if resp := do(t, p.s, "GET", target); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", target, resp.StatusCode)
		}
	}
}

func TestHistoryPage(t *testing.T) {
	p := newPublishedSite(t)
	page := body(t, do(t, p.s, "GET", "/answers/"+p.historyKey+"/history"))
	for _, want := range []string{"2 published revisions", "Revision 3 (published now)", "Revision 1",
		"Changes from revision 1", "<del>first</del>", "<ins>second</ins>",
		"<p>Inner ear disorder, second wording.</p>", "<p>Inner ear disorder, first wording.</p>",
		`reviewed 15 November 2026 by <a href="/people/rick-review">Rick Review, MD, PhD</a>`} {
		if !strings.Contains(page, want) {
			t.Errorf("history lacks %q", want)
		}
	}
	if strings.Index(page, "Revision 3") > strings.Index(page, "Revision 1") {
		t.Error("history is not newest first")
	}
	if strings.Contains(page, "Sent back wording") || strings.Contains(page, "Revision 2") {
		t.Error("history shows a revision that was never published")
	}
	for _, target := range []string{"/answers/NINDS_0000246-1/history", "/answers/contrib-999/history"} {
		if resp := do(t, p.s, "GET", target); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404 (imported, unknown)", target, resp.StatusCode)
		}
	}
}

func TestSitemapListsProfiles(t *testing.T) {
	p := newPublishedSite(t)
	index := body(t, do(t, p.s, "GET", "/sitemap.xml"))
	if !strings.Contains(index, "/sitemaps/people-1.xml</loc><lastmod>2026-12-01</lastmod>") {
		t.Errorf("sitemap index lacks the people file: %s", index)
	}
	people := body(t, do(t, p.s, "GET", "/sitemaps/people-1.xml"))
	for _, slug := range []string{"jane-roe", "nina-editor", "rick-review"} {
		if !strings.Contains(people, "https://healthqa.test/people/"+slug+"</loc>") {
			t.Errorf("people sitemap lacks %s", slug)
		}
	}
	qs := body(t, do(t, p.s, "GET", "/sitemaps/questions-1.xml"))
	if !strings.Contains(qs, "/q/what-are-the-treatments-for-restless-legs-syndrome</loc><lastmod>2026-12-01</lastmod>") {
		t.Error("the question sitemap does not date a question by its newest, contributor, answer")
	}
}

// Golden files of the pages with contributor content; `go test
// ./internal/web -update` rewrites them.
func TestPublishedPagesGolden(t *testing.T) {
	p := newPublishedSite(t)
	for _, tc := range []struct{ name, target string }{
		{"question-contributor", "/q/what-are-the-treatments-for-restless-legs-syndrome"},
		{"question-organization-stale", "/q/what-is-holmes-adie"},
		{"person", "/people/jane-roe"},
		{"history", "/answers/" + p.historyKey + "/history"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := do(t, p.s, "GET", tc.target)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s = %d", tc.target, resp.StatusCode)
			}
			golden(t, filepath.Join("testdata", "golden", tc.name+".html"), body(t, resp))
		})
	}
}
