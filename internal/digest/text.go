package digest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A tok is a word or a punctuation mark of a unit, with its byte span in
// the unit's text so that labels are always cut from the source's words.
type tok struct {
	s, e int    // byte span in the unit text
	w    string // the word, lower-cased; "" for punctuation
	p    byte   // the punctuation mark (see punct); 0 for words
	stem string // the word's key stem; "" for punctuation
	cap  bool   // the word starts with an upper-case letter
	up   bool   // the word is an acronym: two or more letters, all upper-case ("DBS", "PV")
	kind uint8  // wordKind of the word
	trig uint8  // triggers: fStatement, fBoiler
	cls  uint32 // word classes (cStopWords, ...)
}

// is reports whether the token is a word of the class.
func (t *tok) is(class uint32) bool { return t.cls&class != 0 }

// Trigger flags of words.
const (
	fStatement uint8 = 1 << iota // a word a statement pattern needs
	fBoiler                      // a word that boilerplate holds
	fLex                         // the word's stem starts a phrase of the lexicon
)

// wordInfo is what is cached of a word.
type wordInfo struct {
	cls  uint32
	w    string // the word, lower-case
	stem string
	kind uint8
	trig uint8
}

func (t *tok) word() bool { return t.w != "" }

// tokenize splits s into words and punctuation marks. A word is a run of
// letters and digits, with apostrophes inside it ("Parkinson's"), the dots
// and commas of numbers ("7.5", "5,000") and the dots of abbreviations
// ("U.S."); hyphens and slashes split words ("beta-blockers" is beta, -,
// blockers) so that keys do not depend on how a compound is written.
func tokenize(s string) []tok {
	toks := make([]tok, 0, len(s)/5+1)
	var buf [64]byte
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
				i++
				continue
			case !isAlnum(c):
				toks = append(toks, tok{s: i, e: i + 1, p: c})
				i++
				continue
			}
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				i += size
				continue
			}
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				toks = append(toks, tok{s: i, e: i + size, p: punct(r)})
				i += size
				continue
			}
		}
		j := wordEnd(s, i)
		word := s[i:j]
		first, _ := utf8.DecodeRuneInString(word)
		var in wordInfo
		if len(word) <= len(buf) && isASCII(word) {
			b := buf[:len(word)]
			for k := 0; k < len(word); k++ {
				ch := word[k]
				if 'A' <= ch && ch <= 'Z' {
					ch += 'a' - 'A'
				}
				b[k] = ch
			}
			in = infoBytes(b)
		} else {
			in = info(lower(word))
		}
		up := unicode.IsUpper(first)
		toks = append(toks, tok{s: i, e: j, w: in.w, stem: in.stem, kind: in.kind, trig: in.trig, cls: in.cls, cap: up, up: up && isAcronym(word)})
		i = j
	}
	return toks
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// wordEnd returns where the word starting at i ends.
func wordEnd(s string, i int) int {
	_, size := utf8.DecodeRuneInString(s[i:])
	j := i + size
	for j < len(s) {
		c := s[j]
		if c < utf8.RuneSelf && isAlnum(c) {
			j++
			continue
		}
		r2, n2 := utf8.DecodeRuneInString(s[j:])
		if c >= utf8.RuneSelf && (unicode.IsLetter(r2) || unicode.IsDigit(r2)) {
			j += n2
			continue
		}
		if j+n2 >= len(s) {
			break
		}
		next, nn := utf8.DecodeRuneInString(s[j+n2:])
		prev, _ := utf8.DecodeLastRuneInString(s[:j])
		if (r2 == '\'' || r2 == '’') && unicode.IsLetter(next) && unicode.IsLetter(prev) {
			j += n2
			continue
		}
		if (r2 == '.' || r2 == ',') && unicode.IsDigit(next) && unicode.IsDigit(prev) {
			j += n2
			continue
		}
		// "U.S.", "e.g.": single letters joined by dots.
		if r2 == '.' && unicode.IsLetter(next) && unicode.IsLetter(prev) && (j-i == 1 || s[j-2] == '.') {
			if k := j + n2 + nn; k >= len(s) || s[k] == '.' || s[k] == ' ' {
				j += n2
				continue
			}
		}
		break
	}
	return j
}

// isAcronym reports a word of two or more letters, all upper-case, with
// perhaps digits ("DBS", "IBD", "CoQ10" is not one).
func isAcronym(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 2
}

// punct maps a punctuation rune to one byte: ASCII as is, typographic
// dashes and quotes to their ASCII forms, bullets to '*', others to '~'.
func punct(r rune) byte {
	if r < utf8.RuneSelf {
		return byte(r)
	}
	switch r {
	case '–', '—', '‐', '‑':
		return '-'
	case '“', '”', '«', '»':
		return '"'
	case '‘', '’':
		return '\''
	case '•', '·', '▪', '●', '◦':
		return '*'
	}
	return '~'
}

func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return strings.ToLower(s)
		}
	}
	return s
}
