package medquad

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// mini is a hand-written MedQuAD in the dataset's real shapes: both
// schemas, the CDC <DiseaseFile> root, an empty focus, withheld answers.
const mini = "testdata/MedQuAD-mini"

func readFixture(t testing.TB, short string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(mini, filepath.FromSlash(short)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func parseFixture(t *testing.T, short string) *Document {
	t.Helper()
	d, err := Parse(bytes.NewReader(readFixture(t, short)), short)
	if err != nil {
		t.Fatalf("Parse(%s): %v", short, err)
	}
	return d
}

// sameDocument reports field by field where got and want differ.
func sameDocument(t *testing.T, got, want *Document) {
	t.Helper()
	gv, wv := reflect.ValueOf(got).Elem(), reflect.ValueOf(want).Elem()
	for i := 0; i < gv.NumField(); i++ {
		g, w := gv.Field(i).Interface(), wv.Field(i).Interface()
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s:\n got %#v\nwant %#v", gv.Type().Field(i).Name, g, w)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		path string
		want Document
	}{{
		// Schema 1, with an empty <CUI> to drop, padded synonym, entities
		// and an answer spanning lines.
		path: "6_NINDS_QA/0000246.xml",
		want: Document{
			ID:            "0000246",
			Source:        "NINDS",
			URL:           "http://www.ninds.nih.gov/disorders/restless_legs/restless_legs.htm",
			Focus:         "Restless Legs Syndrome",
			CUIs:          []string{"C0035258"},
			SemanticTypes: []string{"T047"},
			SemanticGroup: "Disorders",
			Synonyms:      []string{"RLS", "Willis-Ekbom disease"},
			Pairs: []Pair{{
				QID:      "0000246-1",
				QType:    "information",
				Question: "What is (are) Restless Legs Syndrome ?",
				Answer:   `Restless legs syndrome (RLS) is a neurological disorder characterized by unpleasant sensations in the legs. Individuals describe the sensations as "throbbing", "pulling" or "creeping".`,
			}, {
				QID:      "0000246-2",
				QType:    "treatment",
				Question: "What are the treatments for Restless Legs Syndrome ?",
				Answer: "For those with mild to moderate symptoms, many physicians suggest lifestyle changes: less caffeine, alcohol & tobacco.\n" +
					strings.Repeat(" ", 16) + "\n" +
					"Physicians also may suggest medications; RLS doesn't always need them.",
			}},
		},
	}, {
		// Schema 2: lower-case names, docid/corpus, doctitle-focus,
		// empty <umls> children.
		path: "6_NINDS_QA/0000007.xml",
		want: Document{
			ID:     "0000007",
			Source: "NINDS",
			URL:    "http://www.ninds.nih.gov/disorders/holmes_adie/holmes_adie.htm",
			Focus:  "Holmes-Adie",
			Pairs: []Pair{{
				QID:      "0000007-1",
				QType:    "information",
				Question: "what is holmes-adie syndrome ?",
				Answer:   "Holmes-Adie syndrome (HAS) is a neurological disorder affecting the pupil of the eye and the autonomic nervous system.  It is characterized by one eye with a pupil that is larger than normal (tonic pupil).",
			}, {
				QID:      "0000007-2",
				QType:    "treatment",
				Question: "is there any treatment for Holmes-Adie ?",
				Answer:   "Doctors may prescribe reading glasses to compensate for impaired vision in the affected eye.",
			}},
		},
	}, {
		// The one <DiseaseFile fid=…> root, UMLS without a <CUIs> wrapper.
		path: "9_CDC_QA/0000397.xml",
		want: Document{
			ID:     "0000397",
			Source: "CDC",
			URL:    "http://www.cdc.gov/parasites/taeniasis/",
			Focus:  "Parasites - Taeniasis",
			Pairs: []Pair{{
				QID:      "0000397-1",
				QType:    "information",
				Question: "What is (are) Parasites - Taeniasis ?",
				Answer:   "Taeniasis in humans is a parasitic infection caused by the tapeworm species Taenia saginata (beef tapeworm), Taenia solium (pork tapeworm), and Taenia asiatica (Asian tapeworm).",
			}, {
				QID:      "0000397-2",
				QType:    "susceptibility",
				Question: "Who is at risk for Parasites - Taeniasis? ?",
				Answer:   "Eating raw or undercooked beef or pork is the primary risk factor. Persons who don't eat raw or undercooked beef or pork are not likely to get taeniasis.",
			}},
		},
	}, {
		// A CDC page with an empty <Focus></Focus>: allowed.
		path: "9_CDC_QA/0000199.xml",
		want: Document{
			ID:     "0000199",
			Source: "CDC",
			URL:    "http://www.cdc.gov/vaccines/",
			Focus:  "",
			Pairs: []Pair{{
				QID:      "0000199-12",
				QType:    "prevention",
				Question: "how vaccines prevent disease",
				Answer:   "Why Are Childhood Vaccines So Important? It is always better to prevent a disease than to treat it after it occurs.",
			}},
		},
	}, {
		// ADAM: a comment before the focus, Category, two CUIs, and the
		// answer withheld.
		path: "10_MPlus_ADAM_QA/0002866.xml",
		want: Document{
			ID:            "0002866",
			Source:        "ADAM",
			URL:           "https://www.nlm.nih.gov/medlineplus/ency/patientinstructions/000047.htm",
			Focus:         "Oral mucositis",
			CUIs:          []string{"C1568868", "C0038362"},
			SemanticTypes: []string{"T047"},
			SemanticGroup: "Disorders",
			Category:      "Disease",
			Pairs: []Pair{{
				QID:      "0002866-1",
				QType:    "information",
				Question: "What is (are) Oral mucositis ?",
				Answer:   "",
			}},
		},
	}, {
		// MedlinePlus health topic: Category and synonyms, no UMLS.
		path: "4_MPlus_Health_Topics_QA/0000001.xml",
		want: Document{
			ID:       "0000001",
			Source:   "MPlusHealthTopics",
			URL:      "https://www.nlm.nih.gov/medlineplus/a1c.html",
			Focus:    "A1C",
			Category: "Other",
			Synonyms: []string{"Glycohemoglobin", "HbA1C", "Hemoglobin A1C test"},
			Pairs: []Pair{{
				QID:      "0000001-1",
				QType:    "information",
				Question: "Do you have information about A1C",
				Answer:   "Summary : A1C is a blood test for type 2 diabetes and prediabetes. It measures your average blood glucose over the past 3 months.       - A normal A1C level is below 5.7 percent    - Prediabetes is between 5.7 to 6.4 percent",
			}},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got := parseFixture(t, tt.path)
			want := tt.want
			want.Path = tt.path
			sameDocument(t, got, &want)
		})
	}
}

func TestDocID(t *testing.T) {
	tests := []struct {
		path string
		pair int
		want string
	}{
		{"6_NINDS_QA/0000246.xml", 0, "NINDS_0000246-1"},
		{"6_NINDS_QA/0000246.xml", 1, "NINDS_0000246-2"},
		{"6_NINDS_QA/0000007.xml", 1, "NINDS_0000007-2"}, // schema 2: source from corpus=
		{"9_CDC_QA/0000199.xml", 0, "CDC_0000199-12"},
	}
	for _, tt := range tests {
		d := parseFixture(t, tt.path)
		if got := d.DocID(d.Pairs[tt.pair]); got != tt.want {
			t.Errorf("%s pair %d: DocID = %q, want %q", tt.path, tt.pair, got, tt.want)
		}
	}
}

// TestParseHostileText checks that markup carried as text comes back as
// text, unchanged: the reader does not interpret HTML, and escapes it
// decodes are the XML ones only.
func TestParseHostileText(t *testing.T) {
	tests := []struct {
		name, answer, want string
	}{
		{"escaped script", `&lt;script&gt;alert(1)&lt;/script&gt;`, `<script>alert(1)</script>`},
		{"CDATA", `<![CDATA[<b onclick="x()">bold</b> & <i>it</i>]]>`, `<b onclick="x()">bold</b> & <i>it</i>`},
		{"CDATA beside text", `before <![CDATA[<br>]]> after`, `before <br> after`},
		{"escaped entity stays escaped once", `&amp;lt;b&amp;gt;`, `&lt;b&gt;`},
		{"numeric references", `caf&#233; &#x2013; done`, "café – done"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := `<Document id="1" source="NINDS"><QAPairs><QAPair pid="1">` +
				`<Question qid="1-1" qtype="information">q</Question>` +
				`<Answer>` + tt.answer + `</Answer></QAPair></QAPairs></Document>`
			d, err := Parse(strings.NewReader(in), "hostile.xml")
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Pairs[0].Answer; got != tt.want {
				t.Errorf("Answer = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestParseStrayText checks that text between elements, which MedQuAD
// never has, does not leak into the next field.
func TestParseStrayText(t *testing.T) {
	in := `<Document id="1" source="NINDS">stray<Focus>RLS</Focus>` +
		`<QAPairs><QAPair pid="1">stray<Question qid="1-1" qtype="information">q</Question>` +
		`stray<Answer>a</Answer>stray</QAPair></QAPairs>stray</Document>`
	d, err := Parse(strings.NewReader(in), "stray.xml")
	if err != nil {
		t.Fatal(err)
	}
	if d.Focus != "RLS" {
		t.Errorf("Focus = %q, want %q", d.Focus, "RLS")
	}
	if want := (Pair{QID: "1-1", QType: "information", Question: "q", Answer: "a"}); len(d.Pairs) != 1 || d.Pairs[0] != want {
		t.Errorf("Pairs = %+v, want [%+v]", d.Pairs, want)
	}
}

// pairXML is one well-formed pair, for building error cases.
const pairXML = `<QAPair pid="1"><Question qid="0000246-1" qtype="information">What is RLS ?</Question><Answer>A disorder.</Answer></QAPair>`

func TestParseErrors(t *testing.T) {
	full := string(readFixture(t, "6_NINDS_QA/0000246.xml"))
	tests := []struct {
		name string
		in   string
		want []string // each must appear in the message
	}{
		{"empty input", "", []string{"end of file"}},
		{"whitespace only", " \n\t\n", []string{"end of file"}},
		{"prolog only", `<?xml version="1.0" encoding="UTF-8"?>` + "\n", []string{"end of file"}},
		{"malformed: mismatched end tag", `<Document source="NINDS"><Focus>RLS</Fokus></Document>`, []string{"malformed XML"}},
		{"malformed: bare ampersand", `<Document source="NINDS"><Focus>R & D</Focus></Document>`, []string{"malformed XML"}},
		{"malformed: HTML entity", `<Document source="NINDS"><Focus>a&nbsp;b</Focus></Document>`, []string{"malformed XML"}},
		{"truncated in half", full[:len(full)/2], []string{"truncated"}},
		{"truncated inside a tag", `<Document source="NINDS"><Focus>RLS</Focus><QAPa`, []string{"truncated"}},
		{"truncated inside CDATA", `<Document source="NINDS"><QAPairs><QAPair><Question qid="1-1" qtype="information">q</Question><Answer><![CDATA[half an ans`, []string{"truncated"}},
		{"wrong root", `<html><body><p>What is RLS?</p></body></html>`, []string{"not a MedQuAD document", "<html>"}},
		{"wrong root, MedQuAD child", `<QAPairs>` + pairXML + `</QAPairs>`, []string{"not a MedQuAD document", "<QAPairs>"}},
		{"two roots", `<Document source="NINDS"></Document><Document source="CDC"></Document>`, []string{"more than one root"}},
		{"no source", `<Document id="0000246" url="u"><QAPairs>` + pairXML + `</QAPairs></Document>`, []string{"no source"}},
		{"blank source", `<Document id="0000246" source="  "><QAPairs>` + pairXML + `</QAPairs></Document>`, []string{"no source"}},
		{"schema 2 without corpus", `<doc docid="0000007"><qaPairs></qaPairs></doc>`, []string{"no source"}},
		{"pair without qid", `<Document source="NINDS"><QAPairs><QAPair><Question qtype="information">q</Question><Answer>a</Answer></QAPair></QAPairs></Document>`, []string{"question 1", "qid"}},
		{"pair without qtype", `<Document source="NINDS"><QAPairs><QAPair><Question qid="1-1">q</Question><Answer>a</Answer></QAPair></QAPairs></Document>`, []string{"question 1", "qtype"}},
		{"blank qid", `<Document source="NINDS"><QAPairs><QAPair><Question qid=" " qtype="information">q</Question><Answer>a</Answer></QAPair></QAPairs></Document>`, []string{"question 1", "qid"}},
		{"second pair without qid", `<Document source="NINDS"><QAPairs>` + pairXML + `<QAPair><Question qtype="cause">q</Question></QAPair></QAPairs></Document>`, []string{"question 2", "qid"}},
		{"pair without question", `<Document source="NINDS"><QAPairs><QAPair pid="1"><Answer>a</Answer></QAPair></QAPairs></Document>`, []string{"question 1"}},
		{
			// An external entity is never fetched: Go's decoder does not
			// expand DTD entities, so the reference is an error.
			"external entity",
			`<?xml version="1.0"?><!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` +
				`<Document source="NINDS"><Focus>&xxe;</Focus></Document>`,
			[]string{"malformed XML", "xxe"},
		},
		{
			"entity expansion bomb",
			`<!DOCTYPE Document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>` +
				`<Document source="NINDS"><Focus>&b;</Focus></Document>`,
			[]string{"malformed XML"},
		},
		{"non-UTF-8 encoding", `<?xml version="1.0" encoding="ISO-8859-1"?><Document source="NINDS"></Document>`, []string{"ISO-8859-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const path = "6_NINDS_QA/0000999.xml"
			d, err := Parse(strings.NewReader(tt.in), path)
			checkParseError(t, d, err, path, tt.want...)
		})
	}
}

func checkParseError(t *testing.T, d *Document, err error, path string, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("Parse succeeded, want an error; got %+v", d)
	}
	if d != nil {
		t.Errorf("Parse returned a document with its error: %+v", d)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, path+": ") {
		t.Errorf("error %q does not start with the path %q", msg, path)
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("error %q does not mention %q", msg, w)
		}
	}
}

// TestParseTruncatedEverywhere cuts a real-shaped file at every byte: each
// cut short of the root's end tag is an error that says truncated, never
// a document with part of its pairs.
func TestParseTruncatedEverywhere(t *testing.T) {
	for _, short := range []string{"6_NINDS_QA/0000246.xml", "6_NINDS_QA/0000007.xml", "9_CDC_QA/0000397.xml"} {
		full := bytes.TrimRight(readFixture(t, short), "\n")
		for n := 0; n < len(full); n++ {
			d, err := Parse(bytes.NewReader(full[:n]), short)
			if err == nil || !strings.Contains(err.Error(), "truncated") || !strings.HasPrefix(err.Error(), short+": ") {
				t.Fatalf("%s cut at byte %d of %d: got (%v, %v), want a truncation error naming the file", short, n, len(full), d != nil, err)
			}
		}
		if _, err := Parse(bytes.NewReader(full), short); err != nil {
			t.Errorf("%s without its final newline: %v", short, err)
		}
	}
}

// TestParseReadError checks that a failing reader's error is kept, not
// hidden behind a parse error.
func TestParseReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	r := io.MultiReader(strings.NewReader(`<Document source="NINDS"><Focus>RL`), iotest.ErrReader(boom))
	d, err := Parse(r, "6_NINDS_QA/0000246.xml")
	checkParseError(t, d, err, "6_NINDS_QA/0000246.xml")
	if !errors.Is(err, boom) {
		t.Errorf("error %q does not wrap the reader's error", err)
	}
}

// repeatReader yields the byte b forever.
type repeatReader byte

func (r repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// sized returns a document of exactly size bytes, padded with answer text
// or with whitespace after the root element, and the length its answer
// has once parsed.
func sized(size int64, afterRoot bool) (io.Reader, int64) {
	const head = `<Document id="0000246" source="NINDS"><QAPairs><QAPair pid="1"><Question qid="0000246-1" qtype="information">What is RLS ?</Question><Answer>`
	const tail = `</Answer></QAPair></QAPairs></Document>`
	pad := size - int64(len(head)+len(tail))
	if afterRoot {
		const answer = "A disorder."
		return io.MultiReader(strings.NewReader(head+answer+tail), io.LimitReader(repeatReader(' '), pad-int64(len(answer)))), int64(len(answer))
	}
	return io.MultiReader(strings.NewReader(head), io.LimitReader(repeatReader('a'), pad), strings.NewReader(tail)), pad
}

func TestParseSizeLimit(t *testing.T) {
	const path = "11_MPlusDrugs_QA/0000001.xml"
	for _, afterRoot := range []bool{false, true} {
		where := map[bool]string{false: "answer text", true: "whitespace after the root"}[afterRoot]
		t.Run(where, func(t *testing.T) {
			r, answerLen := sized(MaxFileSize, afterRoot)
			d, err := Parse(r, path)
			if err != nil {
				t.Fatalf("a document of exactly MaxFileSize bytes: %v", err)
			}
			// An answer that fills the file is past MaxAnswerSize: the
			// pair is marked, its text not kept.
			p := d.Pairs[0]
			if answerLen > MaxAnswerSize && (p.Answer != "" || !strings.Contains(p.Problem, "longer than")) {
				t.Errorf("answer of %d bytes: kept %d bytes, problem %q", answerLen, len(p.Answer), p.Problem)
			}
			if answerLen <= MaxAnswerSize && int64(len(p.Answer)) != answerLen {
				t.Errorf("answer has %d bytes, want %d", len(p.Answer), answerLen)
			}

			r, _ = sized(MaxFileSize+1, afterRoot)
			d, err = Parse(r, path)
			checkParseError(t, d, err, path, "larger than", fmt.Sprint(MaxFileSize))
		})
	}
	// A huge input is read no further than the limit.
	t.Run("endless", func(t *testing.T) {
		n := int64(0)
		r := countingReader{io.MultiReader(strings.NewReader(`<Document source="NINDS"><Focus>`), repeatReader('a')), &n}
		d, err := Parse(r, path)
		checkParseError(t, d, err, path, "larger than")
		if n > MaxFileSize+1 {
			t.Errorf("read %d bytes of an endless input, want at most %d", n, MaxFileSize+1)
		}
	})
}
