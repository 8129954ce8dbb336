package search

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
)

func TestWords(t *testing.T) {
	tests := map[string][]string{
		"Restless Legs Syndrome (RLS)":   {"restless", "legs", "syndrome", "rls"},
		"Parkinson's disease, Ménière’s": {"parkinsons", "disease", "menieres"},
		"X-linked; 5-10 mg/day":          {"x", "linked", "5", "10", "mg", "day"},
		"it's  'quoted' end'":            {"its", "quoted", "end"},
		"":                               {},
		"naïve café":                     {"naive", "cafe"},
		"Ménière":                        {"meniere"},
		"HbA1c≥6.5%":                     {"hba1c", "6", "5"},
		"0''0 a''b c'’d e'' f":           {"00", "ab", "cd", "e", "f"}, // found by FuzzWords
	}
	for in, want := range tests {
		got := words(in)
		if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("words(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzWords(f *testing.F) {
	for _, s := range []string{"Ménière's", "a'b", "x\\xff", "ABC def"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fast := words(s)
		slow := slowWords(s)
		if !slices.Equal(fast, slow) && !(len(fast) == 0 && len(slow) == 0) {
			t.Fatalf("words(%q) = %q, slowWords = %q", s, fast, slow)
		}
	})
}

// TestStemKeepsItsStart checks what passages rely on (leadSet): the
// stem of a plain lower-case word of two or more letters starts with the
// word's first two letters (a second letter y may turn to i), or is its
// first letter alone. Every word of up to four letters is tried,
// then words made of random starts and the English stemmer's suffixes
// and exceptions.
func TestStemKeepsItsStart(t *testing.T) {
	s := newStemmer()
	check := func(w string) { checkStemStart(t, s, w) }
	buf := make([]byte, 0, 4)
	var all func(n int)
	all = func(n int) {
		if len(buf) >= 2 {
			check(string(buf))
		}
		if n == 0 {
			return
		}
		for c := byte('a'); c <= 'z'; c++ {
			buf = append(buf, c)
			all(n - 1)
			buf = buf[:len(buf)-1]
		}
	}
	all(4)
	suffixes := []string{"", "s", "es", "ies", "ied", "ss", "sses", "us", "ed", "eed", "eedly", "ing", "ingly", "edly",
		"y", "ly", "li", "ational", "tional", "enci", "anci", "abli", "entli", "izer", "ization", "ation", "ator",
		"alism", "aliti", "alli", "fulness", "ousli", "ousness", "iveness", "iviti", "biliti", "bli", "ogi", "fulli",
		"lessli", "ative", "alize", "icate", "iciti", "ical", "ful", "ness", "al", "ance", "ence", "er", "ic", "able",
		"ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion", "e", "l", "'s"}
	for _, w := range []string{"skis", "skies", "dying", "lying", "tying", "idly", "gently", "ugly", "early",
		"only", "singly", "sky", "news", "howe", "atlas", "cosmos", "bias", "andes", "inning", "outing",
		"canning", "herring", "earring", "proceed", "exceed", "succeed", "generate", "generous", "arsenal",
		"commune", "communism", "past", "universe", "yes", "ye", "yyyy", "ies", "ied", "eed"} {
		check(w)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		n := 1 + rng.IntN(6)
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('a' + rng.IntN(26))
		}
		w := string(b) + strings.Trim(suffixes[rng.IntN(len(suffixes))], "'")
		if len(w) >= 2 {
			check(w)
		}
	}
}

func checkStemStart(t *testing.T, s *stemmer, w string) {
	t.Helper()
	st := s.stem(w)
	n := min(2, len(st))
	if n > 0 && (st[:n] == w[:n] || n == 2 && w[1] == 'y' && st[:2] == w[:1]+"i") {
		return
	}
	t.Fatalf("stem(%q) = %q: does not start with %q, nor is it %q", w, st, w[:2], w[:1])
}

// FuzzStemKeepsItsStart checks the stem's start on any plain lower-case
// word.
func FuzzStemKeepsItsStart(f *testing.F) {
	for _, w := range []string{"dying", "aed", "generalizations", "ies"} {
		f.Add(w)
	}
	s := newStemmer()
	f.Fuzz(func(t *testing.T, w string) {
		if len(w) < 2 || strings.IndexFunc(w, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
			return
		}
		checkStemStart(t, s, w)
	})
}

// FuzzTokenMatches holds a passage's test of a word of an answer (a
// token: capitals, punctuation and all), which skips stemming words
// whose start no query term has (leadSet), to the plain reading: some
// word of the token stems to a query term.
func FuzzTokenMatches(f *testing.F) {
	for _, s := range [][2]string{{"Dying,", "dying"}, {"(RLS).", "rls"}, {"Legs'", "legs"}, {"AED;", "aed"}, {"Über-Iron", "iron"}} {
		f.Add(s[0], s[1])
	}
	ix := NewIndex(fixtureDocs(), DefaultParams)
	f.Fuzz(func(t *testing.T, tok, query string) {
		if strings.ContainsFunc(tok, unicode.IsSpace) {
			return // a token is one field of the answer
		}
		m := markedTerms(ix.stem.terms(query))
		want := false
		for _, w := range words(tok) {
			want = want || m.want[ix.stem.stem(w)]
		}
		if got := ix.tokenMatches(tok, m); got != want {
			t.Fatalf("tokenMatches(%q) for %q = %v, want %v", tok, query, got, want)
		}
	})
}
