package eval

import (
	"os"
	"slices"
	"strings"
	"testing"

	"healthqa/internal/devdata"
)

// Paths of the shared LiveQA data, in devdata's folder; tests that need
// it skip without it (fail under CI).
const (
	devQuestions = "liveqa/dev-questions.xml"
	devQrels     = "liveqa/dev-qrels.txt"
)

// twoQuestions has both names of reference answer elements, ragged
// white space, and annotations.
const twoQuestions = `<?xml version="1.0" encoding="UTF-8"?>
<LiveQA2017-Medical-Test-Set-Full>
	<NLM-QUESTION qid="TQ1">
		<Original-Question qfile="71.txt">
			<SUBJECT>Noonan syndrome</SUBJECT>
			<MESSAGE>What are the references with
				noonan syndrome   and polycystic renal disease</MESSAGE>
		</Original-Question>
		<NIST-PARAPHRASE>What is the relationship between Noonan syndrome and polycystic renal disease?</NIST-PARAPHRASE>
		<NLM-Summary> What is the relationship between Noonan syndrome and polycystic renal disease? </NLM-Summary>
		<ANNOTATIONS>
			<FOCUS fid="F1" fcategory="Problem">noonan syndrome</FOCUS>
			<FOCUS fid="F2" fcategory="Problem">polycystic renal disease</FOCUS>
			<TYPE tid="T1" hasFocus="F1,F2">EFFECT</TYPE>
		</ANNOTATIONS>
		<ReferenceAnswers>
			<RefAnswer aid="TQ1A1"><ANSWER> 10% of patients &amp; more. </ANSWER><AnswerURL> http://a.example </AnswerURL><COMMENT>c1</COMMENT></RefAnswer>
			<ReferenceAnswer aid="TQ1A2"><ANSWER>Second.</ANSWER><AnswerURL>http://b.example</AnswerURL><COMMENT></COMMENT></ReferenceAnswer>
		</ReferenceAnswers>
	</NLM-QUESTION>
	<NLM-QUESTION qid="TQ2">
		<Original-Question>
			<SUBJECT></SUBJECT>
			<MESSAGE>how much zinc?</MESSAGE>
		</Original-Question>
		<NLM-Summary>How much zinc should I take?</NLM-Summary>
		<ANNOTATIONS>
			<FOCUS fid="F1">zinc</FOCUS>
			<TYPE tid="T1">DOSAGE</TYPE>
			<KEYWORD kid="K1">take</KEYWORD>
		</ANNOTATIONS>
	</NLM-QUESTION>
</LiveQA2017-Medical-Test-Set-Full>`

func TestReadLiveQA(t *testing.T) {
	qs, err := ReadLiveQA(strings.NewReader(twoQuestions))
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 2 {
		t.Fatalf("%d questions, want 2", len(qs))
	}
	q := qs[0]
	if q.ID != "TQ1" || q.Subject != "Noonan syndrome" ||
		q.Message != "What are the references with noonan syndrome and polycystic renal disease" ||
		!slices.Equal(q.Foci, []string{"noonan syndrome", "polycystic renal disease"}) ||
		!slices.Equal(q.Types, []string{"EFFECT"}) || len(q.Keywords) != 0 {
		t.Errorf("question 1 = %+v", q)
	}
	want := []Reference{
		{ID: "TQ1A1", Text: "10% of patients & more.", URL: "http://a.example", Comment: "c1"},
		{ID: "TQ1A2", Text: "Second.", URL: "http://b.example"},
	}
	if !slices.Equal(q.References, want) {
		t.Errorf("references = %+v, want %+v", q.References, want)
	}
	if q := qs[1]; q.ID != "TQ2" || q.Paraphrase != "" || !slices.Equal(q.Keywords, []string{"take"}) {
		t.Errorf("question 2 = %+v", q)
	}

	texts := []struct {
		q    int
		mode Mode
		want string
	}{
		{0, Original, "Noonan syndrome What are the references with noonan syndrome and polycystic renal disease"},
		{0, Summary, "What is the relationship between Noonan syndrome and polycystic renal disease?"},
		{1, Original, "how much zinc?"}, // no subject: no leading space
		{1, Summary, "How much zinc should I take?"},
	}
	for _, tt := range texts {
		got, err := qs[tt.q].Text(tt.mode)
		if err != nil || got != tt.want {
			t.Errorf("question %d Text(%s) = %q, %v; want %q", tt.q+1, tt.mode, got, err, tt.want)
		}
	}
	if _, err := qs[0].Text("paraphrase"); err == nil {
		t.Error("Text of an unknown mode succeeded")
	}
}

func TestReadLiveQAErrors(t *testing.T) {
	tests := []struct {
		name, xml, want string
	}{
		{"unclosed element", "<R>\n<NLM-QUESTION qid=\"TQ1\">\n<SUBJECT>x</R>", "line 3"},
		{"not XML", "qid,subject\nTQ1,x", "no <NLM-QUESTION>"},
		{"empty", "", "no <NLM-QUESTION>"},
		{"no questions", "<R><Other/></R>", "no <NLM-QUESTION>"},
		{"no qid", "<R>\n<NLM-QUESTION><NLM-Summary>x</NLM-Summary></NLM-QUESTION></R>", "line 2 has no qid"},
		{"repeated qid", `<R><NLM-QUESTION qid="TQ1"/>` + "\n" + `<NLM-QUESTION qid="TQ1"/></R>`, `repeats qid "TQ1"`},
		{"bad entity", `<R><NLM-QUESTION qid="TQ1"><MESSAGE>a &nbsp; b</MESSAGE></NLM-QUESTION></R>`, "entity"},
	}
	for _, tt := range tests {
		_, err := ReadLiveQA(strings.NewReader(tt.xml))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

func TestParseMode(t *testing.T) {
	for _, s := range []string{"original", "summary"} {
		if m, err := ParseMode(s); err != nil || string(m) != s {
			t.Errorf("ParseMode(%q) = %q, %v", s, m, err)
		}
	}
	for _, s := range []string{"", "Original", "paraphrase"} {
		if _, err := ParseMode(s); err == nil {
			t.Errorf("ParseMode(%q) succeeded", s)
		}
	}
}

// TestDevQuestions reads the shared development split: every question
// has both query texts, and every judged question is in it.
func TestDevQuestions(t *testing.T) {
	qs := readDev(t)
	qrels := readDevQrels(t)
	if len(qs) != 51 {
		t.Errorf("%d questions, want 51", len(qs))
	}
	refs, ids := 0, map[string]bool{}
	for _, q := range qs {
		ids[q.ID] = true
		refs += len(q.References)
		for _, m := range []Mode{Original, Summary} {
			if text, _ := q.Text(m); text == "" {
				t.Errorf("%s has no %s text", q.ID, m)
			}
		}
	}
	// 3 <RefAnswer> and 83 <ReferenceAnswer> elements.
	if refs != 86 {
		t.Errorf("%d reference answers, want 86", refs)
	}
	for qid := range qrels {
		if !ids[qid] {
			t.Errorf("judged question %s is not in the questions", qid)
		}
	}
}

func readDev(t testing.TB) []Question {
	t.Helper()
	f, err := os.Open(devdata.File(t, devQuestions))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	qs, err := ReadLiveQA(f)
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

func readDevQrels(t testing.TB) Qrels {
	t.Helper()
	f, err := os.Open(devdata.File(t, devQrels))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	q, err := ReadQrels(f)
	if err != nil {
		t.Fatal(err)
	}
	return q
}
