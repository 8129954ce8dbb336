package web

import (
	"net/http/httptest"
	"strings"
	"testing"

	"healthqa/internal/model"
)

// A gathered point links each gathered source to its answer on the
// other question's page and says whose answer to which question it is;
// the source's own sentence still links within the page. The digest is
// composed for the test.
func TestGatheredDigestShowsProvenance(t *testing.T) {
	s, _ := newTestServer(t)
	v := &questionView{
		Question: model.Question{Slug: "what-causes-kestrel", Title: "What causes Kestrel syndrome?"},
		Answers: []answerView{{Anchor: "answer-A-1", Key: "A-1", Source: model.Source{Key: "A", Name: "Agency A", ShortName: "A"},
			HasText: true, Text: "Smoking may cause Kestrel syndrome.",
			Blocks: []blockView{{Kind: "paragraph", Text: "Smoking may cause Kestrel syndrome."}}}},
	}
	d := &model.Digest{QuestionSlug: "what-causes-kestrel", Points: []model.DigestPoint{{
		Label: "smoking", Sources: []string{"A", "B"},
		Evidence: []model.DigestEvidence{
			{Source: "A", AnswerKey: "A-1", Sentence: "Smoking may cause Kestrel syndrome."},
			{Source: "B", AnswerKey: "B-1", Sentence: "Smoking can trigger Kestrel syndrome.",
				Question: "what-is-kestrel", QuestionTitle: "What is Kestrel syndrome?"},
		},
	}}}
	srcs := sourceIndex{"A": {Key: "A", Name: "Agency A", ShortName: "A"}, "B": {Key: "B", Name: "Bureau B", ShortName: "B"}}
	attachDigest(v, d, srcs)
	if v.Digest == nil || !v.Digest.Gathered || len(v.Digest.Sources) != 2 {
		t.Fatalf("digest view %+v: want gathered, with a column for B", v.Digest)
	}
	if cols := v.Digest.Points[0].Columns; !cols[0].Yes || !cols[1].Yes {
		t.Errorf("matrix columns %v: both sources state the point", cols)
	}
	var b strings.Builder
	if err := s.render(&b, httptest.NewRequest("GET", "/q/what-causes-kestrel", nil), &page{template: "question", View: v, Title: v.Question.Title}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{
		`<a href="/q/what-is-kestrel#answer-B-1">B</a> <span class="from">(from B’s answer to “What is Kestrel syndrome?”)</span>`,
		`<a href="#ev-1-A">A</a>`,
		`id="ev-1-A"`,
		"Fewer than two sources answer this question",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
}
