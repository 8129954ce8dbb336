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
