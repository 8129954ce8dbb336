package store

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxQueryBytes bounds the text SearchQuestions splits into words, so
// that hostile input costs no more than a long honest query.
const maxQueryBytes = 256

// SearchWords splits a title search into the words every backend
// matches: its distinct lower-case words of letters and digits, at most
// MaxSearchWords of them. Bytes that are not
// UTF-8 read as U+FFFD, which is neither, so words are always UTF-8.
func SearchWords(query string) []string {
	if len(query) > maxQueryBytes {
		query = CutUTF8(query, maxQueryBytes)
	}
	var words []string
	for _, w := range strings.FieldsFunc(strings.ToLower(query), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if slices.Contains(words, w) {
			continue
		}
		if words = append(words, w); len(words) == MaxSearchWords {
			break
		}
	}
	return words
}

// EscapeLike makes s match itself in a LIKE pattern with ESCAPE '\'.
// Words hold only letters and digits today, so this changes nothing; it
// is here so that loosening SearchWords cannot open a hole.
func EscapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// CutUTF8 shortens s to at most n bytes, cutting before the UTF-8
// sequence that would straddle n rather than through it. Bytes that are
// not UTF-8 count as sequences of one byte, as range and DecodeRune
// treat them.
func CutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	// Back from n to the start of the sequence s[n] is in, which is at
	// most UTFMax-1 bytes back; if that sequence ends by n, s[n] is a
	// stray continuation byte and n a boundary.
	for i := n; i >= 0 && i > n-utf8.UTFMax; i-- {
		if utf8.RuneStart(s[i]) {
			if _, size := utf8.DecodeRuneInString(s[i:]); i+size > n {
				return s[:i]
			}
			return s[:n]
		}
	}
	return s[:n]
}
