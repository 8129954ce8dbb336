package corpus

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"healthqa/internal/medquad"
)

// doc makes a one-question document; cuis and synonyms are
// comma-separated, category may be empty as in most collections.
func doc(source, focus, cuis, synonyms, category string) *medquad.Document {
	split := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, ",")
	}
	id := fmt.Sprintf("%07d", len(focus)*7919%9999999)
	return &medquad.Document{
		Path: source + "_QA/" + id + ".xml", ID: id, Source: source, URL: "https://example.org/" + id,
		Focus: focus, CUIs: split(cuis), Synonyms: split(synonyms), Category: category,
		Pairs: []medquad.Pair{{QID: id + "-1", QType: "information", Question: "What is " + focus + "?", Answer: "About " + focus + "."}},
	}
}

// topicsOf returns the foci each built topic gathers, sorted, one
// string per topic.
func topicsOf(docs []*medquad.Document) []string {
	c, _ := Build(docs)
	var out []string
	for _, t := range c.Topics {
		out = append(out, strings.Join(t.Foci, " + "))
	}
	sort.Strings(out)
	return out
}

func TestMerge(t *testing.T) {
	const rlsCUI = "C0035258"
	tests := []struct {
		name string
		docs []*medquad.Document
		want []string
	}{
		{
			name: "restless legs: names differ in case, plural and a dropped generic head",
			docs: []*medquad.Document{
				doc("NINDS", "Restless Legs Syndrome", rlsCUI, "", ""),
				doc("GHR", "restless legs syndrome", rlsCUI, "RLS,Willis-Ekbom disease,restless leg syndrome", ""),
				doc("GARD", "Restless legs syndrome", rlsCUI, "Willis Ekbom disease", ""),
				doc("MPlusHealthTopics", "Restless Legs", rlsCUI, "RLS", "Disease"),
				doc("NHLBI", "Restless Legs Syndrome", rlsCUI, "", ""),
			},
			want: []string{"Restless Legs + Restless Legs Syndrome + Restless legs syndrome + restless legs syndrome"},
		},
		{
			name: "a generic concept on two different diseases does not join them",
			docs: []*medquad.Document{
				doc("NIHSeniorHealth", "Gum (Periodontal) Disease", "C0012634", "", ""),
				doc("GARD", "Mnire's disease", "C0012634", "", ""),
			},
			want: []string{"Gum (Periodontal) Disease", "Mnire's disease"},
		},
		{
			name: "a damaged name joins its intact spelling",
			docs: []*medquad.Document{
				doc("GARD", "Mnire's disease", "C0025281", "", ""),
				doc("MPlusHealthTopics", "Meniere's Disease", "C0025281", "", "Disease"),
				doc("ADAM", "Mnire disease", "", "", "Disease"),
			},
			want: []string{"Meniere's Disease + Mnire disease + Mnire's disease"},
		},
		{
			name: "a broad concept and a specific one: anemia and a named anemia stay apart",
			docs: []*medquad.Document{
				doc("MPlusHealthTopics", "Anemia", "C0002871", "", "Disease"),
				doc("GARD", "Anemia due to Adenosine triphosphatase deficiency", "C0002871", "Anemia", ""),
			},
			want: []string{"Anemia", "Anemia due to Adenosine triphosphatase deficiency"},
		},
		{
			name: "one concept on two purpuras: a shared concept alone never joins",
			docs: []*medquad.Document{
				doc("GARD", "Thrombotic thrombocytopenic purpura", "C0034155", "TTP", ""),
				doc("GHR", "Henoch-Schonlein purpura", "C0034155", "HSP", ""),
			},
			want: []string{"Henoch-Schonlein purpura", "Thrombotic thrombocytopenic purpura"},
		},
		{
			name: "a synonym joins when a specific concept agrees",
			docs: []*medquad.Document{
				doc("GARD", "Bird Flu", "C0016627", "", ""),
				doc("MPlusHealthTopics", "Avian influenza", "C0016627", "Bird Flu", "Disease"),
			},
			want: []string{"Avian influenza + Bird Flu"},
		},
		{
			name: "a noisy synonym without a shared concept does not join",
			docs: []*medquad.Document{
				doc("ADAM", "Restless legs syndrome", rlsCUI, "Akathisia,RLS", "Disease"),
				doc("GARD", "Akathisia", "C0392156", "", ""),
			},
			want: []string{"Akathisia", "Restless legs syndrome"},
		},
		{
			name: "subtypes told apart by a numeral stay apart",
			docs: []*medquad.Document{
				doc("GARD", "Factor V deficiency", "C0015499", "", ""),
				doc("GHR", "Factor VII deficiency", "C0015503", "", ""),
				doc("GARD", "Glutaric acidemia type I", "C0268595", "", ""),
				doc("GHR", "glutaric acidemia type II", "C0268596", "", ""),
			},
			want: []string{"Factor V deficiency", "Factor VII deficiency", "Glutaric acidemia type I", "glutaric acidemia type II"},
		},
		{
			name: "two heads never meet through a bare name: Cushing disease and syndrome",
			docs: []*medquad.Document{
				doc("GARD", "Cushing disease", "C0221406", "", ""),
				doc("NIDDK", "Cushing syndrome", "C0010481", "", ""),
			},
			want: []string{"Cushing disease", "Cushing syndrome"},
		},
		{
			name: "names differing by a vowel are different diseases when their concepts differ",
			docs: []*medquad.Document{
				doc("GHR", "Frasier syndrome", "C0950121", "", ""),
				doc("GARD", "Fraser syndrome", "C0265233", "", ""),
			},
			want: []string{"Fraser syndrome", "Frasier syndrome"},
		},
		{
			name: "a drug and a disease named alike stay apart",
			docs: []*medquad.Document{
				doc("MPlusDrugs", "Warfarin", "", "", "Drug"),
				doc("GARD", "Warfarin syndrome", "", "", ""),
			},
			want: []string{"Warfarin", "Warfarin syndrome"},
		},
		{
			name: "one source's two pages stay two topics even when a synonym links them",
			docs: []*medquad.Document{
				doc("ADAM", "Stuffy or runny nose - adult", "C1260880", "Nasal congestion", "Disease"),
				doc("ADAM", "Stuffy or runny nose - children", "C1260880", "Nasal congestion", "Disease"),
			},
			want: []string{"Stuffy or runny nose - adult", "Stuffy or runny nose - children"},
		},
		{
			name: "an acronym in parentheses and catalogue order are the same name",
			docs: []*medquad.Document{
				doc("CancerGov", "Chronic lymphocytic leukemia (CLL)", "", "", ""),
				doc("GARD", "Leukemia, Chronic Lymphocytic", "", "", ""),
			},
			want: []string{"Chronic lymphocytic leukemia (CLL) + Leukemia, Chronic Lymphocytic"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := topicsOf(tc.docs)
			if !slices.Equal(got, tc.want) {
				t.Errorf("topics:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestVowelDamaged(t *testing.T) {
	tests := []struct {
		short, long string
		want        bool
	}{
		{"mnire disease", "meniere disease", true},
		{"sjgren syndrome", "sjogren syndrome", true},
		{"anemia", "anaemia", true},
		{"factor v deficiency", "factor vii deficiency", false},
		{"type i", "type ii", false},
		{"restless leg", "restless leg", false},
		{"lyme disease", "lime disease", false},
		{"hypothyroidism", "hyperthyroidism", false},
		{"cat", "coat", false}, // too short to judge
	}
	for _, tc := range tests {
		if got := vowelDamaged(normalize(tc.short), normalize(tc.long)); got != tc.want {
			t.Errorf("vowelDamaged(%q, %q) = %v, want %v", tc.short, tc.long, got, tc.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := map[string]string{
		"Restless Legs Syndrome":    "restless leg syndrome",
		"restless leg syndrome":     "restless leg syndrome",
		"Ménière's Disease":         "meniere disease",
		"Meniere’s disease":         "meniere disease",
		"Gum (Periodontal) Disease": "gum periodontal disease",
		"  Tuberculosis  (TB) ":     "tuberculosis tb",
		"Diabetes":                  "diabete", // over-cut, on both sides alike
	}
	for in, want := range tests {
		if got := normalize(in); got != want {
			t.Errorf("normalize(%q) = %q, want %q", in, got, want)
		}
	}
}
