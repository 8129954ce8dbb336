package readability

import (
	"strings"
	"unicode"
)

// Syllables estimates the syllables of one word. Hyphenated words count
// their parts; numerals count as read aloud, roughly (one syllable for a
// digit, two for two, three for more: "twelve", "fifty", "one hundred"),
// since McLaughlin counts numbers as pronounced. A token without letters
// or digits has none.
func Syllables(word string) int {
	if strings.Contains(word, "-") {
		n := 0
		for _, part := range strings.Split(word, "-") {
			n += Syllables(part)
		}
		return n
	}
	if n, ok := asciiSyllables(word); ok {
		return n
	}
	return runeSyllables(word)
}

// runeSyllables is Syllables for any word without a hyphen.
func runeSyllables(word string) int {
	var letters []rune
	digits := 0
	for _, r := range word {
		switch {
		case unicode.IsLetter(r):
			letters = append(letters, unicode.ToLower(r))
		case unicode.IsDigit(r):
			digits++
		}
	}
	if len(letters) == 0 {
		return min(digits, 3)
	}
	return vowelGroups(trimEndings(string(letters)))
}

// trimEndings drops endings that are written but not spoken: "-es" and
// "-ed" except where they make a syllable ("causes", "created"), and a
// silent final "e" except in a consonant + "le" ending ("table") or a
// doubled "ee".
func trimEndings(w string) string {
	if len(w) <= 3 {
		return w
	}
	switch {
	case strings.HasSuffix(w, "es") && !sibilantBefore(w[:len(w)-2]):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "ted") && !strings.HasSuffix(w, "ded"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "ee") && !consonantLE(w):
		w = w[:len(w)-1]
	}
	return w
}

// sibilantBefore reports a stem whose plural "-es" is spoken: "cases",
// "changes", "boxes", "matches", "wishes".
func sibilantBefore(stem string) bool {
	for _, s := range []string{"c", "g", "s", "z", "x", "ch", "sh"} {
		if strings.HasSuffix(stem, s) {
			return true
		}
	}
	return false
}

func consonantLE(w string) bool {
	return len(w) >= 3 && strings.HasSuffix(w, "le") && !isVowel(rune(w[len(w)-3]), false)
}

// vowelGroups counts runs of vowel letters (y is a vowel except as the
// first letter), at least one.
func vowelGroups(w string) int {
	n := 0
	prev := false
	for i, r := range w {
		v := isVowel(r, i == 0)
		if v && !prev {
			n++
		}
		prev = v
	}
	return max(n, 1)
}

func isVowel(r rune, first bool) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'à', 'á', 'â', 'ä', 'é', 'è', 'ê', 'ë', 'í', 'ï', 'ó', 'ö', 'ô', 'ú', 'ü':
		return true
	case 'y':
		return !first
	}
	return false
}

// asciiSyllables is Syllables for an ASCII word without a hyphen, the
// common case, without allocating: the same rules on bytes. ok is false
// for a word it does not handle (non-ASCII, or longer than its buffer).
func asciiSyllables(word string) (int, bool) {
	var buf [40]byte
	w := buf[:0]
	digits := 0
	for i := 0; i < len(word); i++ {
		c := word[i]
		switch {
		case c >= 0x80 || len(w) == len(buf):
			return 0, false
		case 'a' <= c && c <= 'z':
			w = append(w, c)
		case 'A' <= c && c <= 'Z':
			w = append(w, c+'a'-'A')
		case '0' <= c && c <= '9':
			digits++
		}
	}
	if len(w) == 0 {
		return min(digits, 3), true
	}
	w = trimEndingsASCII(w)
	n := 0
	prev := false
	for i, c := range w {
		v := isVowel(rune(c), i == 0)
		if v && !prev {
			n++
		}
		prev = v
	}
	return max(n, 1), true
}

// trimEndingsASCII is trimEndings on lower-case ASCII bytes.
func trimEndingsASCII(w []byte) []byte {
	n := len(w)
	if n <= 3 {
		return w
	}
	ends := func(s string) bool { return n >= len(s) && string(w[n-len(s):]) == s }
	switch {
	case ends("es") && !sibilantBefore(string(w[:n-2])):
		return w[:n-2]
	case ends("ed") && !ends("ted") && !ends("ded"):
		return w[:n-2]
	case w[n-1] == 'e' && !ends("ee") && !(ends("le") && n >= 3 && !isVowel(rune(w[n-3]), false)):
		return w[:n-1]
	}
	return w
}
