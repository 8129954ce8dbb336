package corpus

import (
	"fmt"
	"strings"
	"testing"

	"healthqa/internal/medquad"
)

// A link that is not plain http(s) is dropped from its entry, which is
// kept; a link off the source's known domains is kept and counted.
func TestBuildChecksURLs(t *testing.T) {
	tests := []struct {
		name        string
		source, url string
		wantURL     string
		dropped     []string // the warning names the file and these
		foreign     bool
	}{
		{"source's own page", "NINDS", "https://www.ninds.nih.gov/Disorders/All-Disorders/Restless-Legs", "https://www.ninds.nih.gov/Disorders/All-Disorders/Restless-Legs", nil, false},
		{"http and capitals", "GARD", "http://RAREDISEASES.info.nih.gov/gard/1", "http://RAREDISEASES.info.nih.gov/gard/1", nil, false},
		{"MedlinePlus page of A.D.A.M.", "ADAM", "https://www.nlm.nih.gov/medlineplus/ency/article/000807.htm", "https://www.nlm.nih.gov/medlineplus/ency/article/000807.htm", nil, false},
		{"no URL", "NINDS", "", "", nil, false},
		{"letter with an accent in the path", "NIDDK", "http://www.niddk.nih.gov/kidney-disease/henoch-schönlein-purpura", "http://www.niddk.nih.gov/kidney-disease/henoch-schönlein-purpura", nil, false},
		{"javascript", "NINDS", "javascript:alert(document.cookie)", "", []string{"javascript"}, false},
		{"javascript in capitals", "NINDS", "JavaScript:alert(1)", "", []string{"javascript"}, false},
		{"data", "NINDS", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "", []string{"data"}, false},
		{"ftp", "NINDS", "ftp://www.ninds.nih.gov/file", "", []string{"ftp"}, false},
		{"no scheme", "NINDS", "//evil.example/x", "", []string{"http"}, false},
		{"relative", "NINDS", "/Disorders/x", "", []string{"http"}, false},
		{"credentials", "NINDS", "https://user:secret@www.ninds.nih.gov/x", "", []string{"user"}, false},
		{"unparsable", "NINDS", "https://[::1/x", "", []string{"not a URL"}, false},
		{"no host", "NINDS", "https:///x", "", []string{"no host"}, false},
		{"space", "NINDS", "https://www.ninds.nih.gov/a b", "", []string{"character"}, false},
		{"bidi override", "NINDS", "https://www.ninds.nih.gov/\u202Egpj.exe", "", []string{"character"}, false},
		{"zero-width space", "NINDS", "https://www.ninds.nih.gov/\u200Bx", "", []string{"character"}, false},
		{"no-break space", "NINDS", "https://www.ninds.nih.gov/\u00A0x", "", []string{"character"}, false},
		{"escape", "NINDS", "https://www.ninds.nih.gov/\x1b]0;x\x07", "", []string{"character"}, false},
		{"invalid UTF-8", "NINDS", "https://www.ninds.nih.gov/\xff", "", []string{"character"}, false},
		{"unicode host", "NINDS", "https://www.nіnds.nih.gov/x", "", []string{"character"}, false},
		{"foreign host", "NINDS", "https://evil.example/x", "https://evil.example/x", nil, true},
		{"lookalike suffix", "NINDS", "https://www.ninds.nih.gov.evil.example/x", "https://www.ninds.nih.gov.evil.example/x", nil, true},
		{"another source's domain", "NINDS", "https://www.cdc.gov/x", "https://www.cdc.gov/x", nil, true},
		{"unknown source", "Evil", "https://evil.example/x", "https://evil.example/x", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := doc(tt.source, "Restless legs syndrome", "", "", "")
			d.URL = tt.url
			content, rep := Build([]*medquad.Document{d})
			if len(content.Answers) != 1 {
				t.Fatalf("%d answers, want the entry kept", len(content.Answers))
			}
			if got := content.Answers[0].SourceURL; got != tt.wantURL {
				t.Errorf("SourceURL = %q, want %q", got, tt.wantURL)
			}
			if len(rep.Warnings) != len(tt.dropped) && !(len(tt.dropped) > 0 && len(rep.Warnings) == 1) {
				t.Errorf("warnings %q, want one naming %q", rep.Warnings, tt.dropped)
			}
			for _, w := range tt.dropped {
				if len(rep.Warnings) != 1 || !strings.Contains(strings.ToLower(rep.Warnings[0]), strings.ToLower(w)) || !strings.Contains(rep.Warnings[0], d.Path) {
					t.Errorf("warnings %q, want one naming %s and %q", rep.Warnings, d.Path, w)
				}
			}
			if got := rep.ForeignURLs.Count == 1; got != tt.foreign {
				t.Errorf("foreign URLs %+v, want foreign %v", rep.ForeignURLs, tt.foreign)
			}
			if tt.foreign && (len(rep.ForeignURLs.Examples) != 1 || !strings.Contains(rep.ForeignURLs.Examples[0], d.Path)) {
				t.Errorf("foreign URL examples %q do not name %s", rep.ForeignURLs.Examples, d.Path)
			}
		})
	}
}

// Many foreign links: every one counted, a few shown.
func TestBuildCountsForeignURLsWithFewExamples(t *testing.T) {
	var docs []*medquad.Document
	for i := range 40 {
		d := doc("CDC", fmt.Sprintf("Topic %d", i), "", "", "")
		d.Path = fmt.Sprintf("9_CDC_QA/%07d.xml", i)
		d.Pairs[0].QID = fmt.Sprintf("%07d-1", i)
		d.URL = fmt.Sprintf("https://elsewhere.example/%d", i)
		docs = append(docs, d)
	}
	_, rep := Build(docs)
	if rep.ForeignURLs.Count != 40 || len(rep.ForeignURLs.Examples) != maxExamples {
		t.Errorf("foreign URLs: %d counted, %d examples; want 40 and %d", rep.ForeignURLs.Count, len(rep.ForeignURLs.Examples), maxExamples)
	}
}

// A pair the reader marked (an answer past the limit) is skipped with
// its file, qid and reason; the document's other pairs are kept.
func TestBuildSkipsPairWithProblem(t *testing.T) {
	d := doc("NINDS", "Restless legs syndrome", "", "", "")
	d.Pairs = append(d.Pairs, medquad.Pair{QID: d.ID + "-2", QType: "causes", Problem: "answer of 15500000 bytes is longer than the 262144-byte limit"})
	content, rep := Build([]*medquad.Document{d})
	if len(content.Answers) != 1 || rep.Pairs != 2 {
		t.Errorf("%d answers of %d pairs, want 1 of 2", len(content.Answers), rep.Pairs)
	}
	if len(rep.Skipped) != 1 || !strings.Contains(rep.Skipped[0], d.Path+" "+d.ID+"-2: answer of 15500000 bytes") {
		t.Errorf("skipped %q, want the file, qid and reason", rep.Skipped)
	}
}
