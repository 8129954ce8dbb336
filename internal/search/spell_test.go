package search

import (
	"fmt"
	"slices"
	"testing"
)

// spellDocs is a small corpus for the speller, each topic answered by
// two sources as in MedQuAD. Its answers are lists of the words a
// correction may give, not statements: only the words and how many
// entries use them matter here.
func spellDocs() []Document {
	entries := []struct {
		topic    string
		synonyms []string
		answer   string
		sources  int
	}{
		{"Chlamydia infections", []string{"Chlamydia"}, "chlamydia trachomatis", 2},
		{"Neurofibromatosis type 1", []string{"Neurofibromatosis"}, "neurofibromatosis neurofibromas", 2},
		{"Sciatica", nil, "sciatica sciatic nerve nerves serious", 2},
		{"Amoxicillin", nil, "amoxicillin penicillin pharmacy", 2},
		{"Pneumonia", nil, "pneumonia lungs", 2},
		{"Cirrhosis", nil, "cirrhosis liver serious", 2},
		{"Psoriasis", nil, "psoriasis skin", 2},
		{"Eczema", nil, "eczema skin", 2},
		{"Hemorrhoids", nil, "hemorrhoids", 2},
		{"Migraine", nil, "migraine migraines", 3},
		{"Erythema migrans", nil, "rash", 2},
		{"Diarrhea", nil, "diarrhea", 2},
		// Real words near other real words, which only the word lists
		// keep apart.
		{"Rashes", nil, "tinkling wheezes itchy aid", 2},
	}
	var docs []Document
	for i, e := range entries {
		for src := range e.sources {
			id := fmt.Sprintf("S%d_%d", src, i)
			docs = append(docs, Document{DocID: id, AnswerKey: id, QuestionSlug: fmt.Sprintf("what-is-%d", i), QuestionType: "information",
				Title: "What is " + e.topic + "?", Topic: e.topic, TopicSlug: fmt.Sprint(i), Synonyms: e.synonyms, SourceKey: fmt.Sprint(src), Answer: e.answer})
		}
	}
	return docs
}

func TestSpellerCorrects(t *testing.T) {
	s := newSpeller(NewIndex(spellDocs(), DefaultParams), listOf(loadSmall(t)))
	tests := []struct {
		word, raw string // raw: as written, when not the word
		loud      bool   // the message is in capitals
		want      string // "" leaves the word as it is
	}{
		// Dropped and doubled letters, one vowel for another.
		{word: "amoxicilin", want: "amoxicillin"},
		{word: "neurofibromitosis", want: "neurofibromatosis"},
		{word: "diarhea", want: "diarrhea"},
		{word: "nerv", want: "nerve"},
		{word: "sciatca", want: "sciatica"},
		// Spelled by ear: silent letters, c for s, f for ph.
		{word: "clamidia", want: "chlamydia"},
		{word: "numonia", want: "pneumonia"},
		{word: "sirosis", want: "cirrhosis"},
		{word: "excema", want: "eczema"},
		{word: "hemroids", want: "hemorrhoids"},
		{word: "farmacy", want: "pharmacy"},
		// A silent first letter left out costs as little as a silent h:
		// "serious", in twice the entries, is as near otherwise.
		{word: "sorisis", want: "psoriasis"},
		// One sound, other letters: x for cz (spellingsOfSound).
		{word: "exema", want: "eczema"},
		// Function words are words too.
		{word: "wich", want: "which"},
		{word: "becuase", want: "because"},
		// Swapped letters.
		{word: "pnuemonia", want: "pneumonia"},
		{word: "ecezma", want: "eczema"},
		// Of two near words, the family more entries use.
		{word: "migranes", want: "migraines"},
		// Real words stay: the corpus's own, and the word lists'.
		{word: "nerves"},
		{word: "migrans"},
		{word: "tingling"},
		{word: "itches"},
		{word: "wheezed"},
		{word: "aids", raw: "AIDS"},
		// Nothing near, too short, or not a word of letters.
		{word: "zzzzzz"},
		{word: "nrv"},
		{word: "b12x"},
		// Capitals in a quiet message are an abbreviation; in a message
		// all in capitals they say nothing.
		{word: "clamidia", raw: "CLAMIDIA"},
		{word: "clamidia", raw: "CLAMIDIA", loud: true, want: "chlamydia"},
	}
	for _, tc := range tests {
		raw := tc.raw
		if raw == "" {
			raw = tc.word
		}
		got, ok := s.correct(tc.word, raw, tc.loud)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("correct(%q, %q, loud %v) = %q, %v; want %q", tc.word, raw, tc.loud, got, ok, tc.want)
		}
	}
}

// TestSpellCostRespellings: writing one sound with other letters (x for
// cz or ks, f for ph) costs one cheap edit; a vowel or w is never part
// of such a respelling, so losing one costs what it did.
func TestSpellCostRespellings(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"exema", "eczema", cheapEdit},
		{"exema", "eksema", cheapEdit},
		{"fotograf", "photograph", 2 * cheapEdit},
		{"axident", "accident", fullEdit + cheapEdit}, // runs are read alone: cc is k, not ks before i
		{"akt", "act", cheapEdit},                     // one letter for one: substCost
		{"tak", "take", fullEdit},                     // a vowel added
		{"exam", "exema", cheapEdit + fullEdit},       // a vowel for another, and one added
		{"sord", "sword", fullEdit},
		{"eczema", "eczema", 0},
		{"soriasis", "psoriasis", cheapEdit}, // a silent first letter (phoneticKey's first rule)
		{"nee", "knee", cheapEdit},
		{"rist", "wrist", cheapEdit},
	}
	for _, tc := range tests {
		for _, pair := range [][2]string{{tc.a, tc.b}, {tc.b, tc.a}} {
			if got := spellCost(pair[0], pair[1], 4*fullEdit); got != tc.want {
				t.Errorf("spellCost(%q, %q) = %d quarters, want %d", pair[0], pair[1], got, tc.want)
			}
		}
	}
}

// Without a word list, only the corpus says what is a word: "tingling"
// is then as good as a misspelling of the corpus's "tinkling". The
// corpus's own words still stay.
func TestSpellerWithoutWordLists(t *testing.T) {
	s := newSpeller(NewIndex(spellDocs(), DefaultParams), listOf(nil))
	for _, w := range []string{"nerves", "migrans", "chlamydia", "liver"} {
		if got, ok := s.correct(w, w, false); ok {
			t.Errorf("corpus word %q corrected to %q", w, got)
		}
	}
	for w, want := range map[string]string{"hemroids": "hemorrhoids", "tingling": "tinkling", "wheezed": "wheezes"} {
		if got, _ := s.correct(w, w, false); got != want {
			t.Errorf("%s → %q, want %q", w, got, want)
		}
	}
}

// The whole path: the message understood with the corrected words, the
// correction offered as "did you mean", the topic found.
func TestUnderstandMisspelled(t *testing.T) {
	ix := NewIndex(spellDocs(), DefaultParams)
	tests := []struct {
		message, didYouMean string
		topics              []string
	}{
		{"what is clamidia", "what is chlamydia", []string{"Chlamydia infections"}},
		{"Neurofibromitosis type 1", "neurofibromatosis type 1", []string{"Neurofibromatosis type 1"}},
		// "sciatic" is an adjective WordNet derives from "sciatica"
		// (derived.tsv): it names the topic.
		{"sciatic nerv", "sciatic nerve", []string{"Sciatica"}},
		{"what is pneumonia", "", []string{"Pneumonia"}},
	}
	for _, tc := range tests {
		u := ix.Understand(tc.message)
		var topics []string
		for _, f := range u.Foci {
			topics = append(topics, f.Topics...)
		}
		if u.DidYouMean != tc.didYouMean || !slices.Equal(topics, tc.topics) {
			t.Errorf("Understand(%q): did you mean %q, topics %q; want %q, %q", tc.message, u.DidYouMean, topics, tc.didYouMean, tc.topics)
		}
	}
}

// A message looks up each unknown word once, and at most maxSpellTries
// of them: past that, words stay as written, so a message of noise
// costs no more than a few misspelled words.
func TestCorrectAllIsBounded(t *testing.T) {
	s := newSpeller(NewIndex(spellDocs(), DefaultParams), listOf(loadSmall(t)))
	raw := []string{"clamidia", "Clamidia"}
	for i := range maxSpellTries - 1 {
		raw = append(raw, "qqqq"+string(rune('a'+i)))
	}
	raw = append(raw, "clamidia", "hemroids")
	got := s.correctAll(raw)
	for _, i := range []int{0, 1, len(raw) - 2} {
		if got[i] != "chlamydia" {
			t.Errorf("word %d %q → %q, want chlamydia", i, raw[i], got[i])
		}
	}
	if last := got[len(got)-1]; last != "hemroids" {
		t.Errorf("the %dth unknown word was looked for: → %q", maxSpellTries+1, last)
	}
	if fixed := s.correctAll([]string{"hemroids"}); fixed[0] != "hemorrhoids" {
		t.Errorf("alone, hemroids → %q", fixed[0])
	}
}

func listOf(l *wordList) func() *wordList { return func() *wordList { return l } }

// FuzzSpellCost holds spellCost to what the speller relies on, for any
// pair of lower-case words: a word is 0 from itself, the cost is the
// same both ways (each edit's cost reads only its own word), and it is
// within the limit or exactly one past it.
func FuzzSpellCost(f *testing.F) {
	for _, s := range [][2]string{{"exema", "eczema"}, {"fotograf", "photograph"}, {"clamidia", "chlamydia"}, {"axxz", "xax"}, {"", "ph"}} {
		f.Add(s[0], s[1], uint8(8))
	}
	f.Fuzz(func(t *testing.T, a, b string, limit uint8) {
		a, b = lowerLetters(a), lowerLetters(b)
		l := int(limit % 40)
		if got := spellCost(a, a, l); got != 0 && len(a) <= maxSpellLen+2 {
			t.Fatalf("spellCost(%q, itself) = %d", a, got)
		}
		ab, ba := spellCost(a, b, l), spellCost(b, a, l)
		if ab != ba {
			t.Fatalf("spellCost(%q, %q) = %d, the other way %d", a, b, ab, ba)
		}
		if ab < 0 || ab > l+1 {
			t.Fatalf("spellCost(%q, %q, %d) = %d", a, b, l, ab)
		}
	})
}

// lowerLetters keeps the a–z letters of s, as the speller's words are.
func lowerLetters(s string) string {
	out := []byte{}
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c >= 'a' && c <= 'z' {
			out = append(out, c)
		}
	}
	return string(out)
}
