package corpus

import (
	"strings"
	"unicode"
)

// normalize folds a topic name to the form names are compared in:
// lower case, possessives and punctuation gone, words singular. "Ménière's
// Disease" and "meniere disease" both become "meniere disease".
func normalize(s string) string {
	s = strings.ToLower(s)
	s = strings.NewReplacer("’", "'", "'s ", " ", "s' ", "s ").Replace(s + " ")
	var b strings.Builder
	for _, r := range foldAccents(s) {
		switch {
		case r == '\'':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	for i, w := range words {
		words[i] = singular(w)
	}
	return strings.Join(words, " ")
}

// singular drops a plural s, so "restless legs" meets "restless leg"; both
// sides of a comparison go through it, so an over-eager cut is harmless.
func singular(w string) string {
	if len(w) <= 3 {
		return w
	}
	for _, end := range []string{"ss", "us", "is", "os"} {
		if strings.HasSuffix(w, end) {
			return w
		}
	}
	return strings.TrimSuffix(w, "s")
}

var accents = strings.NewReplacer(
	"á", "a", "à", "a", "â", "a", "ä", "a", "ã", "a", "å", "a",
	"é", "e", "è", "e", "ê", "e", "ë", "e",
	"í", "i", "ì", "i", "î", "i", "ï", "i",
	"ó", "o", "ò", "o", "ô", "o", "ö", "o", "õ", "o",
	"ú", "u", "ù", "u", "û", "u", "ü", "u",
	"ç", "c", "ñ", "n", "ß", "ss",
)

func foldAccents(s string) string { return accents.Replace(s) }

// genericHeads are the words a source may leave off a condition's name:
// one source's "Restless Legs" is another's "Restless Legs Syndrome".
// search/lexicon.go keeps a shorter list for the names readers type.
var genericHeads = []string{"syndrome", "disease", "disorder", "condition"}

// bare strips a generic head word. It is only ever matched against a
// name that has no head of its own, so "Cushing disease" and "Cushing
// syndrome", two different conditions, are never joined through it.
func bare(norm string) string {
	for _, h := range genericHeads {
		if b, ok := strings.CutSuffix(norm, " "+h); ok {
			return b
		}
	}
	return ""
}

// splitParenthetical splits "Restless legs syndrome (RLS)" into the name
// without the parenthesis and what it holds.
func splitParenthetical(name string) (outside, inside string) {
	open := strings.IndexByte(name, '(')
	close := strings.LastIndexByte(name, ')')
	if open < 0 || close < open {
		return name, ""
	}
	outside = strings.Join(strings.Fields(name[:open]+" "+name[close+1:]), " ")
	return outside, strings.TrimSpace(name[open+1 : close])
}

// isAbbreviation tells short codes ("RLS", "AAS", "WED") from names:
// codes are ambiguous across topics, so they never join topics alone.
// Any name of three letters or fewer counts, erring toward not joining;
// search/lexicon.go's isAbbreviation differs on purpose (it needs two
// capitals, since there it decides which names a message must shout).
func isAbbreviation(s string) bool {
	s = strings.TrimSpace(s)
	if strings.ContainsRune(s, ' ') || len(s) > 6 {
		return false
	}
	upper := 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			upper++
		}
	}
	return upper >= 2 || len(s) <= 3
}

// invertComma turns catalogue order ("Leukemia, Chronic Lymphocytic")
// into reading order; names with more than one comma are qualifiers
// ("…, susceptibility to, 1") and are left alone.
func invertComma(name string) string {
	head, tail, ok := strings.Cut(name, ",")
	if !ok || strings.Contains(tail, ",") || len(strings.Fields(tail)) > 3 {
		return ""
	}
	return strings.TrimSpace(tail) + " " + strings.TrimSpace(head)
}

// vowelDamaged reports whether short is long with one or two vowels
// lost inside its words. MedQuAD dropped some accented letters ("Mnire's
// disease" for Ménière's); the same pattern matches spelling variants
// such as "anemia" and "anaemia". Words are compared one by one, and
// numerals must agree, so "type I" never meets "type II".
func vowelDamaged(short, long string) bool {
	sw, lw := strings.Fields(short), strings.Fields(long)
	if len(sw) != len(lw) || len(short) < 6 {
		return false
	}
	lost := 0
	for i := range sw {
		if sw[i] == lw[i] {
			continue
		}
		if isNumeral(sw[i]) || isNumeral(lw[i]) || len(sw[i]) < 3 {
			return false
		}
		n, ok := vowelsLost(sw[i], lw[i])
		if !ok {
			return false
		}
		lost += n
	}
	return lost >= 1 && lost <= 2
}

func vowelsLost(short, long string) (int, bool) {
	if len(long) <= len(short) {
		return 0, false
	}
	i := 0
	for j := 0; j < len(long); j++ {
		if i < len(short) && short[i] == long[j] {
			i++
			continue
		}
		if !strings.ContainsRune("aeiou", rune(long[j])) {
			return 0, false
		}
	}
	return len(long) - len(short), i == len(short)
}

// isNumeral matches the digits and Roman numerals that tell subtypes apart.
func isNumeral(w string) bool {
	return strings.Trim(w, "0123456789") == "" || strings.Trim(w, "ivxlc") == ""
}

// slugify makes an ASCII, hyphenated URL segment.
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range foldAccents(strings.ToLower(s)) {
		switch {
		case r == '\'' || r == '’':
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	out := b.String()
	if len(out) > 120 {
		out = strings.TrimRight(out[:120], "-")
	}
	return out
}

// uppercaseCount ranks spellings of one name: the form with the fewest
// capitals is the one that reads naturally inside a sentence.
func uppercaseCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n
}

// capitalizeFirst makes a heading from a running-text name.
func capitalizeFirst(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

// collapseSpace folds the runs of white space the dataset leaves in
// question wordings.
func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
