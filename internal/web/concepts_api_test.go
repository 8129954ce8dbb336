package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"healthqa/internal/model"
	"healthqa/internal/store"
	"healthqa/internal/store/testdb"
)

func TestConceptAPI(t *testing.T) {
	s, _ := newTestServer(t)
	resp := do(t, s, "GET", "/api/v1/concepts/C0035258")
	var v conceptView
	if err := json.Unmarshal([]byte(body(t, resp)), &v); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %v", resp.StatusCode, err)
	}
	if v.CUI != "C0035258" || v.Generic || v.TopicCount != 1 || len(v.Topics) != 1 || v.Truncated {
		t.Fatalf("concept %+v", v)
	}
	tp := v.Topics[0]
	if tp.Slug != "restless-legs-syndrome" || tp.URL != "https://healthqa.test/topics/restless-legs-syndrome" ||
		strings.Join(tp.Sources, ",") != "GHR,NINDS" || len(tp.Questions) == 0 {
		t.Errorf("topic %+v", tp)
	}
	for _, q := range tp.Questions {
		if len(q.Sources) == 0 || !strings.HasPrefix(q.URL, "https://healthqa.test/q/") {
			t.Errorf("question %+v lacks its sources or address", q)
		}
	}
	for _, tc := range []struct {
		path   string
		status int
		detail string
	}{
		{"/api/v1/concepts/C12345", http.StatusBadRequest, "C followed by seven digits"},
		{"/api/v1/concepts/c0035258", http.StatusBadRequest, "C followed by seven digits"},
		{"/api/v1/concepts/C00352580", http.StatusBadRequest, "C followed by seven digits"},
		{"/api/v1/concepts/C0000001", http.StatusNotFound, "no topic carries the concept C0000001"},
	} {
		resp := do(t, s, "GET", tc.path)
		b := body(t, resp)
		if resp.StatusCode != tc.status || resp.Header.Get("Content-Type") != "application/problem+json" || !strings.Contains(b, tc.detail) {
			t.Errorf("%s: %d %q %s", tc.path, resp.StatusCode, resp.Header.Get("Content-Type"), b)
		}
	}
}

// gradedServer serves one question answered by three sources whose
// answers carry reading grades, as an import stores them.
func gradedServer(t *testing.T) (*Server, testdb.Store) {
	t.Helper()
	ctx := context.Background()
	st, _ := testdb.Open(t)
	src := func(k string) model.Source {
		return model.Source{Key: k, Name: k + " source", ShortName: k, HomeURL: "https://example.org/", Kind: model.KindGovernment}
	}
	ans := func(key, source string, grade float64) model.Answer {
		a := model.Answer{Key: key, DocID: key, QuestionSlug: "what-is-x", SourceKey: source, SourceURL: "https://example.org/" + key,
			Text: "The answer of " + source + ".", Dataset: "medquad", Origin: source + ".xml"}
		if grade > 0 {
			a.Readability = &model.Readability{Grade: grade, SMOG: grade + 1}
		}
		return a
	}
	c := store.Content{
		Sources:   []model.Source{src("AAA"), src("BBB"), src("CCC"), src("DDD")},
		Topics:    []model.Topic{{Slug: "x", Name: "Xeroderma", Category: model.CategoryDisease, CUIs: []string{"C0043346"}, Foci: []string{"Xeroderma"}}},
		Questions: []model.Question{{Slug: "what-is-x", TopicSlug: "x", Type: "information", Title: "What is xeroderma?"}},
		Answers:   []model.Answer{ans("AAA_1", "AAA", 14.2), ans("BBB_1", "BBB", 6.6), ans("CCC_1", "CCC", 0), ans("DDD_1", "DDD", 9.4)},
	}
	if _, err := st.Sync(ctx, "medquad", c, store.SyncOptions{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	s, err := New(st, Options{BaseURL: "https://healthqa.test", VersionTTL: -1})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	return s, st
}

// order lists the sources in the order their answers appear on page.
func order(page string, sources ...string) []string {
	type at struct {
		s string
		i int
	}
	var found []at
	for _, s := range sources {
		if i := strings.Index(page, `id="answer-`+s+`_1"`); i >= 0 {
			found = append(found, at{s, i})
		}
	}
	for i := range found {
		for j := i + 1; j < len(found); j++ {
			if found[j].i < found[i].i {
				found[i], found[j] = found[j], found[i]
			}
		}
	}
	var out []string
	for _, f := range found {
		out = append(out, f.s)
	}
	return out
}

func TestQuestionOrderedByReadingLevel(t *testing.T) {
	s, _ := gradedServer(t)
	usual := body(t, do(t, s, "GET", "/q/what-is-x"))
	easy := body(t, do(t, s, "GET", "/q/what-is-x?order=easiest"))
	if got := strings.Join(order(usual, "AAA", "BBB", "CCC", "DDD"), ","); got != "AAA,BBB,CCC,DDD" {
		t.Errorf("usual order %s", got)
	}
	// Easiest first; the ungraded answer after the graded ones.
	if got := strings.Join(order(easy, "AAA", "BBB", "CCC", "DDD"), ","); got != "BBB,DDD,AAA,CCC" {
		t.Errorf("easiest order %s; want BBB (6.6), DDD (9.4), AAA (14.2), then CCC (ungraded)", got)
	}
	for _, want := range []string{"Reading level: about grade 7", "Reading level: about grade 9", "Reading level: about grade 14",
		`<a href="/q/what-is-x?order=easiest" rel="nofollow">Show the easiest to read first</a>`} {
		if !strings.Contains(usual, want) {
			t.Errorf("the question page lacks %q", want)
		}
	}
	if !strings.Contains(easy, `Easiest to read first. <a href="/q/what-is-x">Show in the usual order</a>`) {
		t.Error("the ordered page does not say so, or has no way back")
	}
	// Canonical stays the plain address: one page for search engines.
	if !strings.Contains(easy, `<link rel="canonical" href="https://healthqa.test/q/what-is-x">`) {
		t.Error("the ordered page's canonical address is not the question's")
	}
	// The API carries the grades and their label.
	var v questionView
	json.Unmarshal([]byte(body(t, do(t, s, "GET", "/api/v1/questions/what-is-x"))), &v)
	var labels []string
	for _, a := range v.Answers {
		if a.Readability != nil {
			labels = append(labels, a.Key+"="+a.Readability.Label)
		}
	}
	if strings.Join(labels, ",") != "AAA_1=about grade 14,BBB_1=about grade 7,DDD_1=about grade 9" {
		t.Errorf("API readability %q", labels)
	}
}

func TestAskOrderedByReadingLevel(t *testing.T) {
	s, _ := gradedServer(t)
	page := body(t, do(t, s, "GET", "/ask?q=what+is+xeroderma&order=easiest"))
	if !strings.Contains(page, "Easiest to read first.") {
		t.Fatalf("the ask page ignored order=easiest:\n%s", page)
	}
	if !strings.Contains(page, "Reading level: about grade") {
		t.Error("ordered ask results carry no reading level")
	}
	plain := body(t, do(t, s, "GET", "/ask?q=what+is+xeroderma"))
	if !strings.Contains(plain, "order=easiest") {
		t.Error("the ask page offers no easiest-first link")
	}
}

func TestHardQueue(t *testing.T) {
	s, st := gradedServer(t)
	site := siteFor(t, s, st, nil)
	rv := signIn(t, site, model.RoleReviewer)
	resp := rv.get("/review/hard")
	page := body(t, resp)
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Cache-Control"), "no-store") {
		t.Fatalf("GET /review/hard = %d, Cache-Control %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	for _, want := range []string{"reading grade is above 12, hardest first: 1 answer.",
		`<a href="/q/what-is-x#answer-AAA_1">What is xeroderma?</a></td><td>AAA</td><td>14.2</td><td>15.2</td>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the queue lacks %q\n%s", want, page)
		}
	}
	if strings.Contains(page, "answer-DDD_1") {
		t.Error("an answer at grade 9.4 is in the hard queue")
	}
}
