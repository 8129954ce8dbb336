package eval

import (
	"strings"
	"unicode"

	"github.com/kljensen/snowball/english"
)

// token is one word of a message or a name: as written, lower case with
// accents folded, and singular (the key names are matched by).
type token struct {
	raw, lower, key string
}

// tokenize splits text into words of letters and digits; apostrophes
// inside a word are dropped ("parkinson's" → "parkinsons"). The failure-
// class detectors keep their own reading of words, apart from the
// engine's, so that a change to the engine does not move the classes it
// is measured on.
func tokenize(text string) []token {
	text = strings.NewReplacer("'", "", "’", "").Replace(text)
	fields := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := make([]token, len(fields))
	for i, f := range fields {
		low := strings.Map(func(r rune) rune { return unicode.ToLower(foldAccent(r)) }, f)
		out[i] = token{raw: f, lower: low, key: singularOf(low)}
	}
	return out
}

// singularOf drops a plural "s", so "restless legs" and "restless leg"
// meet; "-ss", "-us" and "-is" words and words of three letters or fewer
// are left as they are.
func singularOf(w string) string {
	if len(w) <= 3 || strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is") {
		return w
	}
	return strings.TrimSuffix(w, "s")
}

var accents = func() map[rune]rune {
	m := map[rune]rune{}
	for _, pair := range []string{"áàâäãåa", "éèêëe", "íìîïi", "óòôöõo", "úùûüu", "çc", "ñn", "ÁÀÂÄÃÅA", "ÉÈÊËE", "ÍÌÎÏI", "ÓÒÔÖÕO", "ÚÙÛÜU", "ÇC", "ÑN"} {
		rs := []rune(pair)
		for _, r := range rs[:len(rs)-1] {
			m[r] = rs[len(rs)-1]
		}
	}
	return m
}()

// foldAccent maps the accented letters of eponyms to ASCII ("Ménière").
func foldAccent(r rune) rune {
	if f, ok := accents[r]; ok {
		return f
	}
	return r
}

// stopWord: Snowball's English stop list, a general source.
func stopWord(w string) bool { return english.IsStopWord(w) }

// capitals: a token of two or more letters, all capitals.
func capitals(raw string) bool {
	letters := 0
	for _, r := range raw {
		if !unicode.IsLetter(r) || !unicode.IsUpper(r) {
			return false
		}
		letters++
	}
	return letters >= 2
}

// lettersOnly: a token with no digits.
func lettersOnly(raw string) bool {
	for _, r := range raw {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return raw != ""
}

// shouted: most letters of the text are capitals, so capitals there say
// nothing about abbreviations.
func shouted(toks []token) bool {
	upper, letters := 0, 0
	for _, t := range toks {
		for _, r := range t.raw {
			if unicode.IsLetter(r) {
				letters++
				if unicode.IsUpper(r) {
					upper++
				}
			}
		}
	}
	return letters > 0 && upper*2 > letters
}

// isAcronym: a name written as a short code ("RLS", "HbA1c"): one word
// of at most six characters with two or more capitals. A message must
// write it in capitals to name it ("ALL" the leukemia, not "all").
func isAcronym(name string) bool {
	name = strings.TrimSpace(name)
	if strings.ContainsFunc(name, unicode.IsSpace) || len([]rune(name)) > 6 {
		return false
	}
	upper := 0
	for _, r := range name {
		if unicode.IsUpper(r) {
			upper++
		}
	}
	return upper >= 2
}
