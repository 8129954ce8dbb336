package search

import (
	"bufio"
	"io"
	"strings"
)

// readAffixes reads the SFX and PFX rules of an .aff file:
//
//	SFX D Y 4            header: flag, cross product, rule count
//	SFX D   0  d  e      rule: flag, strip ("0": none), add[/flags], condition
//
// Flags are single characters (the .aff format's default, which en_US
// uses); a file declaring another FLAG type keeps its words but not
// their inflections. Compound rules, replacement tables and the like
// are for suggesting and checking running text, which the speller does
// not need.
func (l *wordList) readAffixes(r io.Reader) error {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == "FLAG" {
			l.suffixes, l.prefixes = nil, nil
			return nil
		}
		if len(f) < 5 || f[0] != "SFX" && f[0] != "PFX" {
			continue // a header has four fields, other lines other keywords
		}
		flag := []rune(f[1])
		if len(flag) != 1 {
			continue
		}
		rule := affixRule{flag: flag[0], strip: affixText(f[2]), add: affixText(f[3]), cond: parseCondition(f[4])}
		if f[0] == "SFX" {
			l.suffixes = append(l.suffixes, rule)
		} else {
			l.prefixes = append(l.prefixes, rule)
		}
	}
	return sc.Err()
}

// affixText is a rule's strip or add as the analyzer would write it:
// "0" is nothing, continuation flags ("/M") are dropped, and so is an
// apostrophe ("'s" → "s": "parkinson's" is the word "parkinsons").
func affixText(s string) string {
	if i := strings.IndexByte(s, '/'); i >= 0 {
		s = s[:i]
	}
	if s == "0" {
		return ""
	}
	return strings.ToLower(foldApostrophes(s))
}

// parseCondition reads a condition such as "[^aeiou]y" or ".".
func parseCondition(s string) []condPart {
	if s == "." {
		return nil // any stem
	}
	var out []condPart
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '.':
			out = append(out, condPart{any: true})
		case '[':
			j := strings.IndexByte(s[i:], ']')
			if j < 0 {
				return append(out, condPart{set: s[i+1:]})
			}
			set := s[i+1 : i+j]
			p := condPart{}
			if strings.HasPrefix(set, "^") {
				p.negate, set = true, set[1:]
			}
			p.set = set
			out = append(out, p)
			i += j
		default:
			out = append(out, condPart{set: s[i : i+1]})
		}
	}
	return out
}

func (p condPart) matches(c byte) bool {
	if p.any {
		return true
	}
	return strings.IndexByte(p.set, c) >= 0 != p.negate
}

// condHolds: the condition matches the stem's end (suffix rules) or
// start (prefix rules).
func condHolds(cond []condPart, stem string, atEnd bool) bool {
	if len(cond) > len(stem) {
		return false
	}
	off := 0
	if atEnd {
		off = len(stem) - len(cond)
	}
	for i, p := range cond {
		if !p.matches(stem[off+i]) {
			return false
		}
	}
	return true
}

// has reports whether w (lower case, as the analyzer writes it) is a
// word of the lists: as written, or a stem with one suffix or one
// prefix its flags allow. caps says the message wrote it in capitals,
// which an acronym needs.
func (l *wordList) has(w string, caps bool) bool {
	if l.hasStem(w, 0, caps) {
		return true
	}
	for _, r := range l.suffixes {
		if len(w) > len(r.add) && strings.HasSuffix(w, r.add) {
			stem := w[:len(w)-len(r.add)] + r.strip
			if condHolds(r.cond, stem, true) && l.hasStem(stem, r.flag, caps) {
				return true
			}
		}
	}
	for _, r := range l.prefixes {
		if len(w) > len(r.add) && strings.HasPrefix(w, r.add) {
			stem := r.strip + w[len(r.add):]
			if condHolds(r.cond, stem, false) && l.hasStem(stem, r.flag, caps) {
				return true
			}
		}
	}
	return false
}

// lemmas appends to out the listed words w is a form of: w itself if
// listed, and each stem one of the suffix rules its flags allow turns
// into w ("snoring" → "snore", "allergies" → "allergy"). Prefixes are
// left out: they make other words ("unhealthy").
func (l *wordList) lemmas(out []string, w string) []string {
	if _, ok := l.words[w]; ok {
		out = append(out, w)
	}
	for _, r := range l.suffixes {
		if len(w) > len(r.add) && strings.HasSuffix(w, r.add) {
			stem := w[:len(w)-len(r.add)] + r.strip
			if condHolds(r.cond, stem, true) && l.hasStem(stem, r.flag, true) {
				out = append(out, stem)
			}
		}
	}
	return out
}

// hasStem: stem is listed, with flag among its flags unless flag is 0.
func (l *wordList) hasStem(stem string, flag rune, caps bool) bool {
	e, ok := l.words[stem]
	if !ok || e.acronym && !caps {
		return false
	}
	return flag == 0 || strings.ContainsRune(e.flags, flag)
}
