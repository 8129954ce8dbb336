package digest

import (
	"strings"
	"unicode"
)

// The lexicon: the few general medical equivalences the digest uses to see
// that two sources name the same thing. Every entry is a general fact of
// medical language (an adjective and its organ, a clinical term and its
// plain-English term, two names of one drug class), never a choice made to
// match a particular question. Anything not listed here must be written
// with the same words (after stemming) to be grouped. Precision comes
// first: terms that are merely related (anemia and iron deficiency, vertigo
// and dizziness, migraine and headache, antihistamines and allergy
// medicines) are deliberately absent.

// wordLexicon rewrites single words before stemming.
var wordLexicon = map[string]string{
	// Organ adjectives and their organs: "renal failure" is "kidney failure".
	"renal":     "kidney",
	"hepatic":   "liver",
	"cardiac":   "heart",
	"pulmonary": "lung",
	"gastric":   "stomach",
	"abdominal": "abdomen", // "abdominal pain" is "pain in the abdomen"
	// Adjectives of a condition name the condition: "being anemic" states
	// anemia, "being pregnant" pregnancy, "diabetic" diabetes.
	"anemic":   "anemia",
	"anaemic":  "anemia",
	"anaemia":  "anemia",
	"pregnant": "pregnancy",
	"diabetic": "diabetes",
	// Medicines, medications and drugs are one word in health pages:
	// "antiseizure drugs" and "antiseizure medications" are one class.
	"medicine":    "medication",
	"medicines":   "medication",
	"medications": "medication",
	"drug":        "medication",
	"drugs":       "medication",
	// Two names of one drug class.
	"anticonvulsant":  "antiseizure",
	"anticonvulsants": "antiseizure",
	"antiepileptic":   "antiseizure",
	"antiepileptics":  "antiseizure",
	"antiemetic":      "antinausea",
	"antiemetics":     "antinausea",
	// Clinical terms and their plain-English synonyms (one word each).
	"pruritus":   "itching",
	"tiredness":  "fatigue",
	"pyrexia":    "fever",
	"emesis":     "vomiting",
	"epistaxis":  "nosebleed",
	"nosebleeds": "nosebleed",
}

// phraseLexicon rewrites word sequences (matched on stems, function words
// included, so "lack of iron" is matched as written) to a canonical
// phrase. Each entry: the canonical phrase, then the phrases that mean
// exactly it.
var phraseLexicon = [][]string{
	// Iron deficiency: a lack of iron, low iron (stores) or low ferritin, the
	// protein that stores iron and whose blood level measures those stores;
	// iron deficiency anemia is the anemia iron deficiency causes, and names
	// it. Anemia alone has many causes and is not listed.
	{"iron deficiency", "iron deficient", "lack of iron", "low iron", "low levels of iron", "low level of iron",
		"low ferritin", "iron deficiency anemia"},
	// Neuropathy is nerve damage (peripheral neuropathy is its common form
	// and keeps its modifier).
	{"neuropathy", "nerve damage", "damage to the nerves", "damaged nerves"},
	// A chelator is a chelating agent.
	{"chelating agent", "chelator"},
	// Clinical terms and their plain-English synonyms.
	{"enlarged spleen", "splenomegaly", "enlargement of the spleen"},
	{"enlarged liver", "hepatomegaly", "enlargement of the liver"},
	{"joint pain", "arthralgia", "pain in the joints"},
	{"muscle pain", "myalgia", "pain in the muscles"},
	{"ringing in the ears", "tinnitus"},
	{"shortness of breath", "dyspnea", "breathlessness"},
	{"hair loss", "alopecia"},
	{"physical therapy", "physiotherapy"},
	{"difficulty swallowing", "dysphagia", "trouble swallowing"},
	{"blood in the urine", "hematuria"},
	{"heart attack", "myocardial infarction"},
	{"bleeding gums", "gingival bleeding", "bleeding from the gums", "bleeding gum"},
}

// lexEntry is one compiled phraseLexicon rewrite.
type lexEntry struct {
	from, to []string // stems
}

// lexByFirst indexes the phrase lexicon by the first stem of each phrase,
// longest phrases first; lexFirst is its set of keys, fixed at start so
// that words can carry it.
var (
	lexByFirst = compileLexicon()
	lexFirst   = lexKeys()
)

func lexKeys() map[string]bool {
	m := map[string]bool{}
	for k := range lexByFirst {
		m[k] = true
	}
	return m
}

func compileLexicon() map[string][]lexEntry {
	m := map[string][]lexEntry{}
	for _, e := range phraseLexicon {
		to := phraseStems(e[0])
		for _, f := range e[1:] {
			from := phraseStems(f)
			m[from[0]] = append(m[from[0]], lexEntry{from: from, to: to})
		}
	}
	for k, es := range m {
		for i := 1; i < len(es); i++ {
			for j := i; j > 0 && len(es[j].from) > len(es[j-1].from); j-- {
				es[j], es[j-1] = es[j-1], es[j]
			}
		}
		m[k] = es
	}
	return m
}

// phraseStems returns the key stems of a phrase's words, split as
// tokenize splits them (it runs before the word cache can be used).
func phraseStems(p string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(p), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	}) {
		out = append(out, computeKeyStem(w))
	}
	return out
}

// hpoNonPhenotype are rows of GARD's Human Phenotype Ontology tables that
// describe how a condition is inherited or arises, not a sign or symptom.
var hpoNonPhenotype = []string{"inheritance", "sporadic", "somatic mutation", "heterogeneity", "heterogeneous", "mosaicism"}

func isHPONonPhenotype(label string) bool {
	l := strings.ToLower(label)
	for _, m := range hpoNonPhenotype {
		if strings.Contains(l, m) {
			return true
		}
	}
	return false
}
