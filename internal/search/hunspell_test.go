package search

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"healthqa/internal/devdata"
)

func smallDictionaries() Dictionaries {
	return Dictionaries{Affix: filepath.Join("testdata", "hunspell", "small.aff"),
		Words: []string{filepath.Join("testdata", "hunspell", "small.dic")}}
}

func loadSmall(t *testing.T) *wordList {
	t.Helper()
	var log bytes.Buffer
	l := loadDictionaries(smallDictionaries(), slog.New(slog.NewTextHandler(&log, nil)))
	if l == nil || log.Len() > 0 {
		t.Fatalf("loading the test dictionary: %v, log %s", l, log.String())
	}
	return l
}

func TestWordListHas(t *testing.T) {
	l := loadSmall(t)
	tests := []struct {
		word string
		caps bool
		want bool
	}{
		{"tingle", false, true},
		{"tingled", false, true},   // D: e + d
		{"tingling", false, true},  // G: drops the e
		{"tingles", false, true},   // S
		{"itches", false, true},    // S after h: es
		{"itching", false, true},   // G keeps a stem without e
		{"reheated", false, false}, // a prefix and a suffix at once: not expanded
		{"reheat", false, true},    // A
		{"heated", false, true},
		{"arteries", false, true}, // y → ies after a consonant
		{"arterys", false, false},
		{"fevers", false, true},       // S, or M with its apostrophe dropped
		{"amoxicillins", false, true}, // "amoxicillin's"
		{"amoxicilin", false, false},  // a misspelling stays unknown
		{"coughs", false, false},      // after h, S adds "es": the rules decide, not English
		{"coughes", false, true},
		{"coughd", false, false},  // D's "d" needs a stem ending in e
		{"recough", false, false}, // no A flag
		{"menieres", false, true}, // accents folded, "Ménière's"
		{"linked", false, true},   // a part of "x-linked"
		{"and", false, true},      // "and\/or": an escaped slash is part of the word
		{"wheezing", false, true}, // flags end at white space
		{"po", false, false},      // morphological fields are not words
		{"aids", false, false},    // an acronym written in lower case is no word
		{"aids", true, true},
		{"comment", false, false}, // the indented header
		{"12", false, false},      // the count line
	}
	for _, tc := range tests {
		if got := l.has(tc.word, tc.caps); got != tc.want {
			t.Errorf("has(%q, caps %v) = %v, want %v", tc.word, tc.caps, got, tc.want)
		}
	}
}

func TestSplitFlags(t *testing.T) {
	tests := []struct{ in, word, flags string }{
		{"tingle/DGS", "tingle", "DGS"},
		{"and\\/or", "and/or", ""},
		{"and\\/or/S", "and/or", "S"},
		{"plain", "plain", ""},
	}
	for _, tc := range tests {
		if w, f := splitFlags(tc.in); w != tc.word || f != tc.flags {
			t.Errorf("splitFlags(%q) = %q, %q; want %q, %q", tc.in, w, f, tc.word, tc.flags)
		}
	}
}

// Without the word lists the product still runs: a notice is logged and
// the speller works on the corpus alone.
func TestMissingDictionariesAreANotice(t *testing.T) {
	dir := t.TempDir()
	var log bytes.Buffer
	l := loadDictionaries(Dictionaries{Affix: filepath.Join(dir, "none.aff"), Words: []string{filepath.Join(dir, "none.dic")}},
		slog.New(slog.NewTextHandler(&log, nil)))
	if l != nil {
		t.Fatal("a word list from nothing")
	}
	for _, want := range []string{"no affix rules", "a word list is missing", "corpus vocabulary alone"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, log.String())
		}
	}
	s := newSpeller(NewIndex(spellDocs(), DefaultParams), listOf(l))
	if got, _ := s.correct("clamidia", "clamidia", false); got != "chlamydia" {
		t.Errorf("without word lists, clamidia → %q", got)
	}
}

// TestDebianDictionaries reads the lists the product reads at run time,
// where Debian installs them (CI installs hunspell-en-us and
// hunspell-en-med; without them the test skips, or fails under CI).
func TestDebianDictionaries(t *testing.T) {
	for _, p := range append([]string{DebianDictionaries.Affix}, DebianDictionaries.Words...) {
		if _, err := os.Stat(p); err != nil {
			devdata.Skip(t, "Hunspell word list missing (apt-get install hunspell-en-us hunspell-en-med): "+err.Error())
			return
		}
	}
	var log bytes.Buffer
	l := loadDictionaries(DebianDictionaries, slog.New(slog.NewTextHandler(&log, nil)))
	if l == nil || log.Len() > 0 {
		t.Fatalf("loading: %s", log.String())
	}
	known := []string{"tingling", "itchy", "prostrate", "wheezing", "nauseous", // English
		"amoxicillin", "chlamydia", "neurofibromatosis", "sciatic", "metformin", "staphylococcus"} // medical
	for _, w := range known {
		if !l.has(w, false) {
			t.Errorf("%q unknown", w)
		}
	}
	for _, w := range []string{"amoxicilin", "clamidia", "neurofibromitosis", "nerv", "diabetis", "hemroids"} {
		if l.has(w, false) {
			t.Errorf("the misspelling %q is known", w)
		}
	}
}

// TestSameWord: a message's word and a name's word sharing a stem are
// one word when the lists make both from one entry, or WordNet relates
// them (synonyms.tsv); the name's word is given keyed, as singular()
// leaves it.
func TestSameWord(t *testing.T) {
	l := loadSmall(t)
	tests := []struct {
		w, key string
		want   bool
	}{
		{"tingling", "tingle", true}, // G drops the e
		{"tingles", "tingling", true},
		{"arteries", "artery", true},
		{"fevers", "fever", true},
		{"test", "teste", false},      // "testes": its own entry
		{"tested", "teste", false},    // nor is a form of "test"
		{"system", "systemic", false}, // two entries
		{"diabetic", "diabete", true}, // WordNet: diabetic pertains to diabetes
		{"obese", "obesity", true},    // WordNet derives obese from obesity (derived.tsv)
		{"qqq", "qqqs", false},
	}
	for _, tc := range tests {
		if got := sameWord(l, tc.w, tc.key); got != tc.want {
			t.Errorf("sameWord(%q, %q) = %v, want %v", tc.w, tc.key, got, tc.want)
		}
	}
	if !sameWord(nil, "test", "teste") {
		t.Error("without lists, a stem match is not trusted")
	}
}
