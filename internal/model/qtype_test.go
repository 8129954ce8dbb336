package model

import (
	"strings"
	"testing"
)

func TestQuestionTypes(t *testing.T) {
	if len(QuestionTypes) != 39 {
		t.Errorf("%d question types, MedQuAD has 39", len(QuestionTypes))
	}
	keys, titles := map[string]bool{}, map[string]bool{}
	for _, qt := range QuestionTypes {
		if keys[qt.Key] || titles[qt.Template] {
			t.Errorf("%q: key or template repeated", qt.Key)
		}
		keys[qt.Key], titles[qt.Template] = true, true
		if strings.Count(qt.Template, "{topic}") != 1 || !strings.HasSuffix(qt.Template, "?") || qt.Label == "" {
			t.Errorf("%q: template %q must name the topic once and end in a question mark", qt.Key, qt.Template)
		}
	}
}

func TestLookupQuestionType(t *testing.T) {
	tests := []struct {
		key, title string
		ok         bool
	}{
		{"causes", "What causes restless legs syndrome?", true},
		{" Exams and Tests ", "How is restless legs syndrome diagnosed?", true},
		{"susceptibility", "Who is at risk for restless legs syndrome?", true},
		{"astrology", "", false},
	}
	for _, tc := range tests {
		qt, ok := LookupQuestionType(tc.key)
		if ok != tc.ok || ok && qt.Title("restless legs syndrome") != tc.title {
			t.Errorf("LookupQuestionType(%q) = %q, %v", tc.key, qt.Title("restless legs syndrome"), ok)
		}
	}
	if QuestionTypeOrder("information") != 0 || QuestionTypeOrder("nope") != len(QuestionTypes) {
		t.Error("QuestionTypeOrder: overview first, unknown last")
	}
}

func TestSourcesAreComplete(t *testing.T) {
	for _, key := range []string{"CancerGov", "GARD", "GHR", "MPlusHealthTopics", "NIDDK", "NINDS", "NIHSeniorHealth", "NHLBI", "CDC", "ADAM", "MPlusDrugs", "MPlusHerbsSupplements"} {
		s, ok := LookupSource(key)
		if !ok || s.Name == "" || s.HomeURL == "" || s.Kind == "" || s.Description == "" {
			t.Errorf("source %s incomplete: %+v", key, s)
		}
	}
}
