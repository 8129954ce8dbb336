package web

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"healthqa/internal/ingest"
	"healthqa/internal/model"
	"healthqa/internal/store"
	"healthqa/internal/store/testdb"
)

// kestrel is a made-up condition answered by three sources, one of which
// (GARD) repeats another's (GHR's) text; the texts are written for the
// test and state nothing about a real condition.
var kestrel = map[string]string{
	"3_GHR_QA": "Kestrel syndrome is a rare condition that causes a painful stiffness of the shoulders and hips, most of all in the morning. " +
		"Many people with Kestrel syndrome also feel a deep ache in the upper arms that comes and goes during the day and is worse in cold weather. " +
		"Signs of the condition include swollen knees, tiredness, dry eyes, a low fever, hoarseness, weight loss and poor sleep. The condition is not contagious.",
	"2_GARD_QA": "Kestrel syndrome is a rare condition that causes a painful stiffness of the shoulders and hips, most of all in the morning. " +
		"Many people with Kestrel syndrome also feel a deep ache in the upper arms that comes and goes during the day and is worse in cold weather. " +
		"Signs of the condition include swollen knees, tiredness, dry eyes and a low fever.",
	"6_NINDS_QA": "Kestrel syndrome is a disorder of the joints. Symptoms may include swollen knees, tiredness, headaches, dizziness and a dry cough.",
}

// newKestrelServer serves the fixture with the Kestrel syndrome answers
// added.
func newKestrelServer(t *testing.T) (*Server, store.Store) {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(fixture)); err != nil {
		t.Fatal(err)
	}
	for folder, text := range kestrel {
		source := strings.SplitN(folder, "_", 3)[1]
		doc := fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<Document id="0090001" source="%s" url="https://example.org/%s/kestrel-syndrome">
<Focus>Kestrel syndrome</Focus>
<QAPairs>
	<QAPair pid="1">
			<Question qid="0090001-1" qtype="information">What is (are) Kestrel syndrome ?</Question>
			<Answer>%s</Answer>
	</QAPair>
</QAPairs>
</Document>
`, source, strings.ToLower(source), text)
		os.MkdirAll(filepath.Join(dir, folder), 0o755)
		if err := os.WriteFile(filepath.Join(dir, folder, "0090001.xml"), []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st, _ := testdb.Open(t)
	if _, err := ingest.MedQuAD(context.Background(), st, dir, ingest.Options{Now: func() time.Time { return importTime }}); err != nil {
		t.Fatal(err)
	}
	s, err := New(st, Options{BaseURL: "https://healthqa.test", VersionTTL: -1})
	if err != nil {
		t.Fatal(err)
	}
	return s, st
}

// The digest lists at most eight points, the most independent sources
// first, the rest behind "All N points"; labels are short claims; a
// source that repeats another's text is one voice with it, on the page,
// in the grid and in the API.
func TestDigestVoicesAndMorePoints(t *testing.T) {
	s, _ := newKestrelServer(t)
	const slug = "what-is-kestrel-syndrome"
	page := body(t, do(t, s, "GET", "/q/"+slug))
	golden(t, filepath.Join("testdata", "golden", "question-voices.html"), page)

	section := page[strings.Index(page, `<section class="digest"`):]
	section = section[:strings.Index(section, "</section>")]
	first := section[strings.Index(section, `<ol class="points">`):strings.Index(section, "</ol>")]
	if n := strings.Count(first, "<li>"); n != shownPoints {
		t.Errorf("%d points shown first; want %d", n, shownPoints)
	}
	for _, want := range []string{
		`<details class="more-points">`,
		`<summary>All 13 points</summary>`,
		`<ol class="points" start="9">`,
		"GARD repeats Genetics Home Reference’s text on 6 points: a source that repeats another counts as one voice with it.",
		// Two independent sources, GHR's text repeated by GARD.
		`<span class="point">swollen knees</span> <span class="count">2 sources:</span> <a href="#ev-1-GHR">GHR</a> (<a href="#ev-1-GARD">GARD</a> repeats it), <a href="#ev-1-NINDS">NINDS</a>`,
		`<span class="point">dry eyes</span> <span class="count">only one source:</span> <a href="#ev-1-GHR">GHR</a> (<a href="#ev-1-GARD">GARD</a> repeats it)`,
		`class="copy"`,
		"<td>repeats GHR</td><td>yes</td><td>yes</td>",
	} {
		if !strings.Contains(section, want) {
			t.Errorf("digest lacks %q", want)
		}
	}
	for _, m := range regexp.MustCompile(`<span class="point">([^<]*)</span>`).FindAllStringSubmatch(section, -1) {
		if n := len(strings.Fields(m[1])); n > 12 {
			t.Errorf("label %q has %d words", m[1], n)
		}
	}

	var d model.Digest
	if err := json.Unmarshal([]byte(body(t, do(t, s, "GET", "/api/v1/questions/"+slug+"/digest"))), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Points) != 13 {
		t.Fatalf("API: %d points", len(d.Points))
	}
	p := d.Points[0]
	if p.Label != "swollen knees" || p.Voices != 2 || len(p.Sources) != 3 {
		t.Errorf("API: first point %q, %d voices, sources %v", p.Label, p.Voices, p.Sources)
	}
	for _, e := range p.Evidence {
		if want := map[string]string{"GARD": "GHR"}[e.Source]; e.Repeats != want {
			t.Errorf("API: evidence of %s repeats %q, want %q", e.Source, e.Repeats, want)
		}
	}
}
