package web

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"healthqa/internal/devdata"
)

const rlsInfobutton = "/infobutton?mainSearchCriteria.v.c=C0035258&mainSearchCriteria.v.cs=2.16.840.1.113883.6.86"

// validateAtom checks an Atom document against the RELAX NG schema of
// RFC 4287, Appendix B (testdata/atom-rfc4287.rnc, copied from the RFC),
// with jing (Debian package "jing"; .ci/run installs it). The schema's
// Schematron annotations are not evaluated by jing; atomFeedRules checks
// those two rules in Go.
func validateAtom(t *testing.T, doc string) {
	t.Helper()
	jing, err := exec.LookPath("jing")
	if err != nil {
		devdata.Skip(t, "jing is not installed (apt-get install jing): cannot validate Atom against RFC 4287's schema")
		return
	}
	f := filepath.Join(t.TempDir(), "feed.xml")
	if err := os.WriteFile(f, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(jing, "-c", "testdata/atom-rfc4287.rnc", f).Output()
	if err != nil {
		t.Fatalf("the feed is not valid Atom (RFC 4287 schema): %v\n%s\n%s", err, out, doc)
	}
	atomFeedRules(t, doc)
}

// atomFeedRules are the schema's two Schematron rules: a feed has an
// author unless every entry has one, and every entry has an alternate
// link or content.
func atomFeedRules(t *testing.T, doc string) {
	t.Helper()
	var f struct {
		Authors []struct{ Name string } `xml:"author"`
		Entries []struct {
			Links []struct {
				Rel string `xml:"rel,attr"`
			} `xml:"link"`
			Content *struct{} `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(doc), &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Authors) == 0 {
		t.Error("the feed has no atom:author")
	}
	for i, e := range f.Entries {
		ok := e.Content != nil
		for _, l := range e.Links {
			ok = ok || l.Rel == "" || l.Rel == "alternate"
		}
		if !ok {
			t.Errorf("entry %d has neither an alternate link nor content", i)
		}
	}
}

// TestAtomValidatorRejects shows the validator can fail: a feed without
// atom:id and atom:updated is refused.
func TestAtomValidatorRejects(t *testing.T) {
	jing, err := exec.LookPath("jing")
	if err != nil {
		devdata.Skip(t, "jing is not installed (apt-get install jing)")
		return
	}
	f := filepath.Join(t.TempDir(), "bad.xml")
	os.WriteFile(f, []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>`), 0o600)
	if err := exec.Command(jing, "-c", "testdata/atom-rfc4287.rnc", f).Run(); err == nil {
		t.Fatal("jing accepted a feed without atom:id and atom:updated")
	}
}

func TestInfobuttonAtom(t *testing.T) {
	s, _ := newTestServer(t)
	resp := do(t, s, "GET", rlsInfobutton+"&informationRecipient=PROV&informationRecipient.languageCode.c=es")
	doc := body(t, resp)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Fatalf("status %d, Content-Type %q\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), doc)
	}
	validateAtom(t, doc)
	for _, want := range []string{
		"<title>healthqa: Restless legs syndrome</title>",
		`<link href="https://healthqa.test/q/what-is-restless-legs-syndrome" rel="alternate" type="text/html"></link>`,
		"<title>What is restless legs syndrome?</title>",
		`<link href="https://healthqa.test/topics/restless-legs-syndrome" rel="alternate" type="text/html"></link>`,
		`<category term="C0035258" scheme="urn:oid:2.16.840.1.113883.6.86"></category>`,
		`status="matched"`,
		// Echoed: the recipient and the language.
		`<category term="PROV" scheme="urn:healthqa:infobutton:informationRecipient"></category>`,
		`<category term="es" scheme="urn:healthqa:infobutton:languageCode"></category>`,
		"English only",
		"Answered by GHR, NINDS.",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("the feed lacks %s\n%s", want, doc)
		}
	}
}

func TestInfobuttonJSON(t *testing.T) {
	s, _ := newTestServer(t)
	resp := do(t, s, "GET", rlsInfobutton+"&knowledgeResponseType=application/json")
	var v struct {
		R ibResponse `json:"knowledge_response"`
	}
	if err := json.Unmarshal([]byte(body(t, resp)), &v); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %v", resp.StatusCode, err)
	}
	if resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("Content-Type %q", resp.Header.Get("Content-Type"))
	}
	r := v.R
	if r.Recipient != "PAT" || r.Language != "en" || len(r.Results) != 1 {
		t.Fatalf("response %+v", r)
	}
	res := r.Results[0]
	if res.Status != ibMatched || res.Code != "C0035258" || res.SystemName != "UMLS" || len(res.Topics) != 1 {
		t.Fatalf("result %+v", res)
	}
	tp := res.Topics[0]
	var titles []string
	for _, q := range tp.Questions {
		titles = append(titles, q.Title)
	}
	if tp.Slug != "restless-legs-syndrome" || !strings.Contains(strings.Join(titles, "|"), "What is restless legs syndrome?") {
		t.Errorf("topic %s with questions %q", tp.Slug, titles)
	}
}

func TestInfobuttonOutcomes(t *testing.T) {
	s, _ := newTestServer(t)
	const umls, icd10 = "2.16.840.1.113883.6.86", "2.16.840.1.113883.6.90"
	for _, tc := range []struct {
		name, query string
		statuses    []string
		entries     bool
		reason      string
	}{
		{"unknown CUI", "mainSearchCriteria.v.c=C0000001&mainSearchCriteria.v.cs=" + umls, []string{ibNoMatch}, false, "no topic carries the concept C0000001"},
		{"ICD-10-CM", "mainSearchCriteria.v.c=G25.81&mainSearchCriteria.v.cs=" + icd10, []string{ibUnsupported}, false, "cannot map ICD-10-CM codes"},
		{"SNOMED CT", "mainSearchCriteria.v.c=32914008&mainSearchCriteria.v.cs=2.16.840.1.113883.6.96", []string{ibUnsupported}, false, "cannot map SNOMED CT codes"},
		{"RxNorm", "mainSearchCriteria.v.c=1191&mainSearchCriteria.v.cs=2.16.840.1.113883.6.88", []string{ibUnsupported}, false, "cannot map RxNorm codes"},
		{"display name fallback", "mainSearchCriteria.v.c=G25.81&mainSearchCriteria.v.cs=" + icd10 + "&mainSearchCriteria.v.dn=Restless+legs+syndrome", []string{ibByName}, true, "found by the display name"},
		{"display name alone", "mainSearchCriteria.v.dn=Meniere%27s+disease", []string{ibByName}, true, ""},
		{"malformed CUI", "mainSearchCriteria.v.c=C12&mainSearchCriteria.v.cs=" + umls, []string{ibInvalid}, false, "C followed by seven digits"},
		{"no code system", "mainSearchCriteria.v.c=C0035258", []string{ibInvalid}, false, "needs its code system"},
		{"several codes in order", "mainSearchCriteria.v.c0=C0000001&mainSearchCriteria.v.c1=C0035258&mainSearchCriteria.v.cs=" + umls +
			"&mainSearchCriteria.v.c2=G25.81&mainSearchCriteria.v.cs2=" + icd10, []string{ibNoMatch, ibMatched, ibUnsupported}, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := do(t, s, "GET", "/infobutton?"+tc.query+"&knowledgeResponseType=application/json")
			var v struct {
				R ibResponse `json:"knowledge_response"`
			}
			if err := json.Unmarshal([]byte(body(t, resp)), &v); err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %v", resp.StatusCode, err)
			}
			var got []string
			entries := false
			for _, r := range v.R.Results {
				got = append(got, r.Status)
				entries = entries || len(r.Topics) > 0
				if tc.reason != "" && !strings.Contains(r.Reason, tc.reason) {
					t.Errorf("reason %q lacks %q", r.Reason, tc.reason)
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.statuses, ",") || entries != tc.entries {
				t.Errorf("statuses %q, entries %v; want %q, %v", got, entries, tc.statuses, tc.entries)
			}
			// The same request as Atom is a valid feed, empty or not.
			atom := do(t, s, "GET", "/infobutton?"+tc.query)
			doc := body(t, atom)
			if atom.StatusCode != http.StatusOK {
				t.Fatalf("Atom: status %d", atom.StatusCode)
			}
			validateAtom(t, doc)
			if strings.Contains(doc, "<entry>") != tc.entries {
				t.Errorf("Atom entries present %v; want %v", !tc.entries, tc.entries)
			}
			if tc.reason != "" && !strings.Contains(doc, tc.reason) {
				t.Errorf("the feed does not give the reason %q", tc.reason)
			}
		})
	}
}

func TestInfobuttonBadRequests(t *testing.T) {
	s, _ := newTestServer(t)
	long := strings.Repeat("C", 33)
	for _, q := range []string{
		"",
		"mainSearchCriteria.v.c=" + long + "&mainSearchCriteria.v.cs=2.16.840.1.113883.6.86",
		"mainSearchCriteria.v.dn=" + strings.Repeat("a", 201),
		rlsInfobutton[len("/infobutton?"):] + "&knowledgeResponseType=text/html",
		rlsInfobutton[len("/infobutton?"):] + "&informationRecipient=FAMILY",
		"mainSearchCriteria.v.dn=%ff%fe",
	} {
		resp := do(t, s, "GET", "/infobutton?"+q)
		b := body(t, resp)
		if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Content-Type") != "application/problem+json" || !strings.Contains(b, `"detail"`) {
			t.Errorf("%q: status %d, %q, %s", q, resp.StatusCode, resp.Header.Get("Content-Type"), b)
		}
	}
	// Numbered from 1, as OpenInfobutton numbers them, up to .c9; but
	// at most six codes in one request.
	q := "/infobutton?knowledgeResponseType=application/json&mainSearchCriteria.v.cs=2.16.840.1.113883.6.86"
	for i := 1; i <= 6; i++ {
		q += "&mainSearchCriteria.v.c" + strconv.Itoa(i) + "=C000000" + strconv.Itoa(i)
	}
	if resp := do(t, s, "GET", q); resp.StatusCode != http.StatusOK {
		t.Errorf("six codes numbered 1 to 6: status %d", resp.StatusCode)
	}
	resp := do(t, s, "GET", q+"&mainSearchCriteria.v.c=C0035258")
	if b := body(t, resp); resp.StatusCode != http.StatusBadRequest || !strings.Contains(b, "at most 6 codes") {
		t.Errorf("seven codes: status %d %s", resp.StatusCode, b)
	}
	// Past .c9 nothing is read: not even in the cache key.
	if resp := do(t, s, "GET", "/infobutton?mainSearchCriteria.v.c10=C0035258&mainSearchCriteria.v.cs=2.16.840.1.113883.6.86"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf(".v.c10 was read: status %d", resp.StatusCode)
	}
}

// TestInfobuttonCacheKey: the route reads only its parameters, so
// others share one cache entry and the Infobutton's own make new ones.
func TestInfobuttonCacheKey(t *testing.T) {
	s, _ := newTestServer(t)
	a := body(t, do(t, s, "GET", rlsInfobutton+"&utm_source=x"))
	b := body(t, do(t, s, "GET", rlsInfobutton))
	c := body(t, do(t, s, "GET", rlsInfobutton+"&informationRecipient=PROV"))
	if a != b {
		t.Error("an unread parameter changed the response")
	}
	if resp := do(t, s, "GET", rlsInfobutton, "Origin", "https://ehr.example"); resp.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Error("the Infobutton is not open to other sites' scripts (CORS)")
	}
	if b == c {
		t.Error("informationRecipient did not change the response")
	}
}

// TestInfobuttonHostileInput: what a request says comes back escaped,
// and the feed stays valid XML and valid Atom.
func TestInfobuttonHostileInput(t *testing.T) {
	s, _ := newTestServer(t)
	resp := do(t, s, "GET", "/infobutton?mainSearchCriteria.v.c=%3C%2Fa%3E%01&mainSearchCriteria.v.cs=%22%3E%3Cx%3E&mainSearchCriteria.v.dn=%3Cscript%3Ealert(1)%3C%2Fscript%3E%0B")
	doc := body(t, resp)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d %s", resp.StatusCode, doc)
	}
	validateAtom(t, doc)
	if strings.Contains(doc, "<script>") || strings.Contains(doc, "<x>") || strings.Contains(doc, "\x01") || strings.Contains(doc, "\x0b") {
		t.Errorf("request text came back unescaped:\n%s", doc)
	}
}
