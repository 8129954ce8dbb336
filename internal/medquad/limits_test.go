package medquad

import (
	"fmt"
	"io"
	"strings"
	"testing"
)

// docWith is a one-pair NINDS document with the given focus, question
// and answer, and extra elements after the pair.
func docWith(focus, question, answer, extra string) string {
	return `<Document id="0000246" source="NINDS" url="https://www.ninds.nih.gov/rls"><Focus>` + focus +
		`</Focus><QAPairs><QAPair pid="1"><Question qid="0000246-1" qtype="information">` + question +
		`</Question><Answer>` + answer + `</Answer></QAPair>` +
		`<QAPair pid="2"><Question qid="0000246-2" qtype="causes">What causes RLS ?</Question><Answer>Iron.</Answer></QAPair>` +
		extra + `</QAPairs></Document>`
}

// An over-long answer or question is a pair the caller skips with the
// reason; the text is neither kept nor cut, and the file's other pairs
// are read.
func TestParseTextLimitsSkipPair(t *testing.T) {
	tests := []struct {
		name        string
		question    string
		answer      string
		wantProblem []string
	}{
		{"answer at the limit", "What is RLS ?", strings.Repeat("a", MaxAnswerSize), nil},
		{"answer over the limit", "What is RLS ?", strings.Repeat("a", MaxAnswerSize+1), []string{"answer", fmt.Sprint(MaxAnswerSize + 1), fmt.Sprint(MaxAnswerSize)}},
		{"answer of 4 MiB", "What is RLS ?", strings.Repeat("a ", 2<<20), []string{"answer", fmt.Sprint(4 << 20)}},
		{"answer over the limit in CDATA pieces", "What is RLS ?", strings.Repeat("<![CDATA[aaaa]]>", MaxAnswerSize/4+1), []string{"answer"}},
		{"question at the limit", strings.Repeat("q", MaxFieldSize), "A disorder.", nil},
		{"question over the limit", strings.Repeat("q", MaxFieldSize+1), "A disorder.", []string{"question", fmt.Sprint(MaxFieldSize + 1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse(strings.NewReader(docWith("RLS", tt.question, tt.answer, "")), "6_NINDS_QA/0000246.xml")
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Pairs) != 2 || d.Pairs[1].Answer != "Iron." || d.Pairs[1].Problem != "" {
				t.Fatalf("the file's other pair was not read whole: %+v", d.Pairs)
			}
			p := d.Pairs[0]
			if p.QID != "0000246-1" {
				t.Errorf("QID = %q", p.QID)
			}
			if tt.wantProblem == nil {
				if p.Problem != "" || len(p.Answer) == 0 || len(p.Question) == 0 {
					t.Errorf("pair within the limits: problem %q, %d-byte answer", p.Problem, len(p.Answer))
				}
				return
			}
			if p.Answer != "" || p.Question != "" {
				t.Errorf("over-long pair kept %d bytes of question and %d of answer; want none", len(p.Question), len(p.Answer))
			}
			for _, w := range tt.wantProblem {
				if !strings.Contains(p.Problem, w) {
					t.Errorf("problem %q does not mention %q", p.Problem, w)
				}
			}
		})
	}
}

// Over-long text in the fields a page shows as names, or in an
// attribute, is not a MedQuAD document: the file is skipped.
func TestParseTextLimitsSkipFile(t *testing.T) {
	long := strings.Repeat("x", MaxFieldSize+1)
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"focus", docWith(long, "q", "a", ""), []string{"<Focus>", "longer than"}},
		{"synonym", `<Document source="NINDS"><Synonyms><Synonym>` + long + `</Synonym></Synonyms></Document>`, []string{"<Synonym>", "longer than"}},
		{"CUI", `<Document source="NINDS"><FocusAnnotations><UMLS><CUIs><CUI>` + long + `</CUI></CUIs></UMLS></FocusAnnotations></Document>`, []string{"<CUI>"}},
		{"url attribute", `<Document source="NINDS" url="https://x/` + long + `"></Document>`, []string{"url", "longer than"}},
		{"qid attribute", docWith("RLS", "q", "a", `<QAPair><Question qid="`+long+`" qtype="causes">q</Question></QAPair>`), []string{"qid", "longer than"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const path = "6_NINDS_QA/0000246.xml"
			d, err := Parse(strings.NewReader(tt.in), path)
			checkParseError(t, d, err, path, append(tt.want, fmt.Sprint(MaxFieldSize))...)
		})
	}
}

// Text in elements healthqa does not read is not kept, however long.
func TestParseIgnoresLongUnknownText(t *testing.T) {
	d, err := Parse(strings.NewReader(docWith("RLS", "q", "a", "<Note>"+strings.Repeat("n", 2*MaxAnswerSize)+"</Note>")), "6_NINDS_QA/0000246.xml")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Pairs) != 2 || d.Pairs[0].Answer != "a" {
		t.Errorf("pairs %+v", d.Pairs)
	}
}

func TestParseDepthLimit(t *testing.T) {
	nested := func(depth int) string {
		// The root is one level; depth-1 unknown elements inside it.
		return `<Document source="NINDS">` + strings.Repeat("<x>", depth-1) + strings.Repeat("</x>", depth-1) + `</Document>`
	}
	if _, err := Parse(strings.NewReader(nested(MaxDepth)), "a.xml"); err != nil {
		t.Errorf("nesting of exactly MaxDepth: %v", err)
	}
	d, err := Parse(strings.NewReader(nested(MaxDepth+1)), "a.xml")
	checkParseError(t, d, err, "a.xml", "nested deeper than", fmt.Sprint(MaxDepth))

	// Five million unclosed elements: refused after the first few, not
	// read to the end.
	n := int64(0)
	r := countingReader{io.MultiReader(strings.NewReader(`<Document source="NINDS">`), strings.NewReader(strings.Repeat("<a>", 5_000_000))), &n}
	d, err = Parse(r, "a.xml")
	checkParseError(t, d, err, "a.xml", "nested deeper than")
	if n > 1<<20 {
		t.Errorf("read %d bytes before refusing, want the first few kilobytes", n)
	}
}

// Bidi and control characters never reach the text healthqa stores;
// the words around them are kept as written.
func TestParseStripsControls(t *testing.T) {
	in := `<Document id="0000246" source="NINDS` + "\u202E" + `" url="https://www.ninds.nih.gov/rls"><Focus>Restless` + "\u202E" + ` legs` + "\u0085" + `</Focus>` +
		`<Synonyms><Synonym>` + "\u2066" + `RLS` + "\u2069" + `</Synonym></Synonyms>` +
		`<QAPairs><QAPair><Question qid="0000246-1" qtype="information` + "\u200F" + `">What is ` + "\u202D" + `RLS ?</Question>` +
		`<Answer>A` + "\u009b" + ` disorder.` + "\n\t" + `It is common.</Answer></QAPair></QAPairs></Document>`
	d, err := Parse(strings.NewReader(in), "6_NINDS_QA/0000246.xml")
	if err != nil {
		t.Fatal(err)
	}
	got := []string{d.Source, d.Focus, d.Synonyms[0], d.Pairs[0].QType, d.Pairs[0].Question, d.Pairs[0].Answer}
	want := []string{"NINDS", "Restless legs", "RLS", "information", "What is RLS ?", "A disorder.\n\tIt is common."}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("got %q, want %q", got[i], want[i])
		}
	}
}
