package eval

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"healthqa/internal/search"
)

// classDocs is a small corpus written for these tests: topic names of
// the shapes the detectors care about (a long name and a broader one, an
// acronym synonym, drug names with a dosage form on many of them). The
// answers are placeholder sentences that only supply vocabulary.
func classDocs() []search.Document {
	filler := "What causes this, how it is treated and whether it is inherited or worse with age is described here for each topic. " +
		"Readers ask whether it does help to take something, whether it can come back, whether it is safe, and how it started last year; handle such questions with care."
	doc := func(topic, source string, synonyms ...string) search.Document {
		return search.Document{DocID: source + "_" + topic, Topic: topic, SourceKey: source, Synonyms: synonyms,
			Title: "What is " + topic + "?", Answer: filler}
	}
	docs := []search.Document{
		doc("Hypokalemic periodic paralysis", "GARD"),
		doc("Paralysis", "MPlusHealthTopics"),
		doc("Restless legs syndrome", "NINDS", "RLS"),
		doc("Acute lymphoblastic leukemia", "CancerGov", "ALL"),
		doc("Human bites", "ADAM"),
		doc("Human growth hormone deficiency", "GHR"),
		doc("Metoprolol", "MPlusDrugs"),
		doc("Amoxicillin and Clavulanic Acid", "MPlusDrugs"),
		doc("Insulin Human", "MPlusDrugs"),
	}
	// eleven drugs given by injection: "injection" is a dosage form.
	for _, d := range strings.Fields("Alfa Bravo Charlie Delta Echo Foxtrot Golf Hotel India Juliet Kilo") {
		docs = append(docs, doc(d+"mab Injection", "MPlusDrugs"))
	}
	return docs
}

func testDictionary(t *testing.T) *Dictionary {
	t.Helper()
	d, err := LoadDictionary("testdata/hunspell")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDetectClasses(t *testing.T) {
	cl := NewClassifier(classDocs(), testDictionary(t))
	long := strings.Repeat("It started last year. ", 5)
	tests := []struct {
		name, subject, message string
		want                   map[Class]string
	}{
		{"a full name is in no class", "", "Is restless legs syndrome inherited?", nil},
		{"the long name in full", "paralysis", "Is hypokalemic periodic paralysis inherited?", nil},
		{"a long name without its modifier lands on a broader name", "", "What causes periodic paralysis?",
			map[Class]string{PartialName: "periodic paralysis"}},
		{"two ordinary words of one name, and no name", "", "restless legs at night",
			map[Class]string{PartialName: "restless leg", LayWording: "no name"}},
		{"everyday words of names are not partial names", "", "a feeling in my legs at night",
			map[Class]string{LayWording: "no name"}},
		{"a misspelt word", "", "Is paralysis worse at nihgt?", map[Class]string{Misspelling: "nihgt"}},
		{"dictionary forms by affix rules are words", "", "Unhappy nights, worries and x-rays with paralysis", nil},
		{"an unknown code", "", "Does PPX help with paralysis?", map[Class]string{Abbreviation: "PPX"}},
		{"a code the dictionary writes in capitals", "", "Is paralysis in my DNA?", map[Class]string{Abbreviation: "DNA"}},
		{"an everyday word in capitals is emphasis", "", "My DOOR handle and paralysis", nil},
		{"an acronym synonym in capitals is a name", "", "Can ALL come back?", nil},
		{"an acronym synonym in lower case is not", "", "is it all paralysis", nil},
		{"a shouted message has no codes", "", "WHAT CAUSES PPX PARALYSIS", nil},
		{"a drug topic's name", "", "Can I take metoprolol with paralysis?", map[Class]string{DrugName: "metoprolol"}},
		{"a word of one drug's name", "", "is amoxicillin safe?", map[Class]string{
			PartialName: "amoxicillin", DrugName: "amoxicillin", LayWording: "no name"}},
		{"a dosage form is no drug", "", "is the injection inherited?", map[Class]string{LayWording: "no name"}},
		{"a word mostly of other names is no drug", "", "human paralysis", nil},
		{"four sentences are not long", "paralysis", strings.Repeat("It started last year. ", 4), nil},
		{"five sentences are", "paralysis", long, map[Class]string{LongMessage: "5 sentences, 20 words"}},
		{"eighty-one words are", "paralysis", strings.Repeat("year ", 81), map[Class]string{LongMessage: "1 sentences, 81 words"}},
		{"the subject is read for names", "paralysis", "what causes it?", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := cl.Detect(tt.subject, tt.message)
			got := map[Class]string{}
			for _, c := range d.Classes {
				got[c] = d.Evidence[c]
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Errorf("Detect(%q, %q) = %v, want %v", tt.subject, tt.message, got, tt.want)
			}
			for _, c := range d.Classes {
				if !d.Has(c) {
					t.Errorf("Has(%v) false for a detected class", c)
				}
			}
		})
	}
}

// Without a dictionary, a misspelling is a word the corpus does not use,
// and everyday words are told from terms by how many answers use them.
func TestDetectWithoutDictionary(t *testing.T) {
	cl := NewClassifier(classDocs(), nil)
	tests := []struct {
		message string
		class   Class
		want    string // "" when the class must not fire
	}{
		{"Unhappy nights with paralysis", Misspelling, "unhappy; nights"},
		{"Is paralysis worse with age?", Misspelling, ""},
		{"What causes periodic paralysis?", PartialName, "periodic paralysis"},
		{"Is paralysis in my DNA?", Abbreviation, "DNA"},
		{"Is paralysis THE cause?", Abbreviation, ""},
	}
	for _, tt := range tests {
		d := cl.Detect("", tt.message)
		if got := d.Evidence[tt.class]; got != tt.want {
			t.Errorf("Detect(%q)[%v] = %q, want %q", tt.message, tt.class, got, tt.want)
		}
	}
}

func TestClassNamesAndDetectors(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range Classes() {
		if c.String() == "" || c.Detector() == "" || seen[c.String()] {
			t.Errorf("class %d: name %q, detector %q", int(c), c, c.Detector())
		}
		seen[c.String()] = true
	}
	if len(Classes()) != 6 {
		t.Errorf("%d classes, want issue 11's six", len(Classes()))
	}
	if !slices.Equal(Classes()[:2], []Class{PartialName, Misspelling}) {
		t.Errorf("classes out of the issue's order: %v", Classes())
	}
}
