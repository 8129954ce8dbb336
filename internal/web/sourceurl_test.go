package web

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"healthqa/internal/model"
)

// A link from the data reaches the API, the page and JSON-LD only if it
// is an absolute http(s) address; anything else is left out, never
// passed on for a reader's browser or a crawler to follow.
func TestSourceURLsAreHTTPOnly(t *testing.T) {
	s, _ := newTestServer(t)
	tests := []struct {
		raw  string
		keep bool
	}{
		{"https://www.ninds.nih.gov/Disorders/All-Disorders/Restless-Legs", true},
		{"http://ghr.nlm.nih.gov/condition/restless-legs-syndrome", true},
		{"HTTPS://rarediseases.info.nih.gov/gard/1", true},
		{"javascript:alert(document.domain)", false},
		{"JavaScript:alert(1)", false},
		{"data:text/html,<script>alert(1)</script>", false},
		{"//evil.example/x", false},
		{"/q/relative", false},
		{"ftp://ftp.example/file", false},
		{"https://", false},
		{"", false},
	}
	for _, tt := range tests {
		a := answerViewOf(model.Answer{Key: "k", SourceURL: tt.raw, Text: "Some text."}, model.Source{Name: "A source"}, "What is it?")
		if tt.keep && a.URL != tt.raw || !tt.keep && a.URL != "" {
			t.Errorf("%q: view URL %q", tt.raw, a.URL)
		}
		apiJSON, _ := json.Marshal(a)
		v := &questionView{Question: model.Question{Slug: "what-is-it", Title: "What is it?"}, Answers: []answerView{a}}
		ld, err := s.questionJSONLD(httptest.NewRequest("GET", "/q/what-is-it", nil), v)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			MainEntity struct {
				Answers []map[string]any `json:"suggestedAnswer"`
			} `json:"mainEntity"`
		}
		if err := json.Unmarshal([]byte(ld), &doc); err != nil {
			t.Fatal(err)
		}
		_, cited := doc.MainEntity.Answers[0]["citation"]
		if tt.keep != cited || tt.keep != strings.Contains(string(apiJSON), `"url"`) {
			t.Errorf("%q: cited in JSON-LD %v, url in the API %v; want %v", tt.raw, cited, strings.Contains(string(apiJSON), `"url"`), tt.keep)
		}
		var out strings.Builder
		if err := s.render(&out, httptest.NewRequest("GET", "/q/what-is-it", nil), &page{template: "question", View: v, Title: v.Question.Title}); err != nil {
			t.Fatal(err)
		}
		if !tt.keep && tt.raw != "" && strings.Contains(out.String(), "Read the original page") {
			t.Errorf("%q: the page still offers the link", tt.raw)
		}
	}
}
