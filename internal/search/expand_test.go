package search

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

func TestParseSynonyms(t *testing.T) {
	// A fragment in syngen's format, written for this test.
	tsv := "# a comment\n" +
		"belly\tabdomen|belly out\n" +
		"high blood pressure\thypertension\n" +
		"abdominal\tabdomen|abdominal muscle\n" +
		"the\tthat\n" +
		"no tab here\n"
	got := parseSynonyms(tsv, newStemmer())
	tests := []struct {
		key  string
		want [][]string
	}{
		{"belli", [][]string{{"abdomen"}}}, // "belly out" holds the source's own word
		{"high blood pressur", [][]string{{"hypertens"}}},
		{"abdomin", [][]string{{"abdomen"}}}, // "abdominal muscle" is narrower
		{"the", nil},                         // stop words make no key
	}
	for _, tt := range tests {
		if g := got.to[tt.key]; !slices.EqualFunc(g, tt.want, slices.Equal) {
			t.Errorf("%q → %q, want %q", tt.key, g, tt.want)
		}
	}
	if got.maxLen != 3 {
		t.Errorf("maxLen %d, want 3", got.maxLen)
	}
}

// The generated table holds the lay wordings WordNet records.
func TestWordNetSynonymsGenerated(t *testing.T) {
	syn := wordNetSynonyms()
	st := newStemmer()
	for _, tt := range []struct{ from, to string }{
		{"belly", "abdomen"},
		{"high blood pressure", "hypertension"},
		{"tiredness", "fatigue"},
		{"kidney", "renal"},
		{"fever", "pyrexia"},
	} {
		key, want := st.terms(tt.from), st.terms(tt.to)
		found := slices.ContainsFunc(syn.to[joinTerms(key)], func(x []string) bool { return slices.Equal(x, want) })
		if !found {
			t.Errorf("%q does not expand to %q: %q", tt.from, tt.to, syn.to[joinTerms(key)])
		}
	}
	// A sense far down a word's list is left out: "sugar" as money.
	if got := syn.to["sugar"]; slices.ContainsFunc(got, func(x []string) bool { return slices.Equal(x, []string{"dough"}) }) {
		t.Errorf("sugar → %q holds its slang sense", got)
	}
}

func joinTerms(ts []string) string { return fmt.Sprint(ts)[1 : len(fmt.Sprint(ts))-1] }

// layDocs: a topic whose answers use a lay word its name does not, and
// enough other topics that its name's words are rare.
func layDocs() []Document {
	docs := []Document{
		{DocID: "A_1", AnswerKey: "A_1", QuestionSlug: "what-is-scabies", QuestionType: "information", Title: "What is scabies?", Topic: "Scabies", TopicSlug: "scabies", Answer: "Tiny mites burrow into the skin and leave an itchy rash."},
		{DocID: "B_1", AnswerKey: "B_1", QuestionSlug: "symptoms-scabies", QuestionType: "symptoms", Title: "What are the symptoms of scabies?", Topic: "Scabies", TopicSlug: "scabies", Answer: "The rash is itchy, worst at night."},
		{DocID: "C_1", AnswerKey: "C_1", QuestionSlug: "treatment-scabies", QuestionType: "treatment", Title: "What are the treatments for scabies?", Topic: "Scabies", TopicSlug: "scabies", Answer: "A cream kills the mites; the itchy feeling may last weeks."},
		{DocID: "D_1", AnswerKey: "D_1", QuestionSlug: "causes-scabies", QuestionType: "causes", Title: "What causes scabies?", Topic: "Scabies", TopicSlug: "scabies", Answer: ""},
		{DocID: "E_1", AnswerKey: "E_1", QuestionSlug: "what-is-adhesions", QuestionType: "information", Title: "What are abdominal adhesions?", Topic: "Abdominal adhesions", TopicSlug: "abdominal-adhesions", Answer: "Bands of tissue form in the abdomen after surgery."},
		{DocID: "F_1", AnswerKey: "F_1", QuestionSlug: "what-is-colic", QuestionType: "information", Title: "What is colic?", Topic: "Colic", TopicSlug: "colic", Answer: "A baby cries for hours and the belly may feel hard."},
	}
	for i := range 60 {
		name := fmt.Sprintf("Condition %c%c", 'a'+i%26, 'a'+i/26)
		docs = append(docs, Document{DocID: fmt.Sprintf("Z_%d", i), AnswerKey: fmt.Sprintf("Z_%d", i), QuestionSlug: fmt.Sprintf("what-is-z%d", i),
			QuestionType: "information", Title: "What is " + name + "?", Topic: name, TopicSlug: fmt.Sprintf("z%d", i), Answer: "It affects the skin at night in some people."})
	}
	return docs
}

func TestExpand(t *testing.T) {
	p := DefaultParams
	p.Expand = 0.4
	ix := NewIndex(layDocs(), p)
	tests := []struct {
		message string
		want    []queryTerm // among the expansions
		not     []string    // never expanded to
	}{
		// WordNet: a lay word and a collocation, at the weight, shared
		// among a synonym's words.
		{"my belly hurts", []queryTerm{{"abdomen", 0.4}}, []string{"belli"}},
		{"I have high blood pressure", []queryTerm{{"hypertens", 0.4}}, []string{"high", "blood"}},
		// MedQuAD: "itchy" is written by the scabies answers, all three.
		{"itchy all over", []queryTerm{{"scabi", 0.4}}, nil},
		// A word every topic's answers use says nothing about a topic.
		{"skin problem at night", nil, []string{"condit", "scabi"}},
	}
	for _, tt := range tests {
		u := ix.Understand(tt.message)
		for _, w := range tt.want {
			i := slices.IndexFunc(u.expanded, func(q queryTerm) bool { return q.term == w.term })
			if i < 0 || u.expanded[i].weight < w.weight-1e-9 || u.expanded[i].weight > w.weight+1e-9 {
				t.Errorf("%q expanded to %+v, want %+v among them", tt.message, u.expanded, w)
			}
		}
		for _, n := range tt.not {
			if slices.ContainsFunc(u.expanded, func(q queryTerm) bool { return q.term == n }) {
				t.Errorf("%q expanded to %+v, holding %q", tt.message, u.expanded, n)
			}
		}
		for _, q := range u.expanded {
			if q.weight <= 0 || q.weight > p.Expand || slices.Contains(u.terms, q.term) {
				t.Errorf("%q: expansion %+v is not below the message's own words %q", tt.message, q, u.terms)
			}
		}
	}
	if u := ix.WithParams(DefaultParams).Understand("my belly hurts"); DefaultParams.Expand == 0 && len(u.expanded) != 0 {
		t.Errorf("expanded %+v with expansion off", u.expanded)
	}
}

// An expansion finds an answer that shares no word with the message,
// and ranks below one that uses the message's own word: the two answers
// here are alike but for that word, and the one using the synonym comes
// first in the index, so a tie would put it first.
func TestExpansionRanksBelowOwnWords(t *testing.T) {
	ctx := context.Background()
	docs := append([]Document{
		{DocID: "S_1", AnswerKey: "S_1", QuestionSlug: "what-is-x", QuestionType: "information", Title: "What is condition x?", Topic: "Condition x", TopicSlug: "x", Answer: "A sore abdomen for days."},
		{DocID: "O_1", AnswerKey: "O_1", QuestionSlug: "what-is-y", QuestionType: "information", Title: "What is condition y?", Topic: "Condition y", TopicSlug: "y", Answer: "A sore belly for days."},
	}, layDocs()[6:]...)
	off := NewIndex(docs, DefaultParams.withExpand(0))
	on := off.WithParams(DefaultParams.withExpand(0.4))
	rank := func(ix *Index, msg string) []string {
		var out []string
		for _, s := range ix.rank(ctx, ix.Understand(msg), 10) {
			out = append(out, ix.docs[s.Doc].DocID)
		}
		return out
	}
	if got := rank(off, "belly"); !slices.Equal(got, []string{"O_1"}) {
		t.Errorf("without expansion: %q, want only the belly answer", got)
	}
	if got := rank(on, "belly"); !slices.Equal(got, []string{"O_1", "S_1"}) {
		t.Errorf("with expansion: %q, want the belly answer, then the abdomen answer", got)
	}
}

func (p Params) withExpand(w float64) Params { p.Expand = w; return p }

// BenchmarkParseSynonyms is the one-time cost, per process, of reading
// the WordNet table on the first expanded message.
//
//	go test -run '^$' -bench ParseSynonyms ./internal/search
func BenchmarkParseSynonyms(b *testing.B) {
	for b.Loop() {
		parseSynonyms(synonymsTSV, newStemmer())
	}
}
