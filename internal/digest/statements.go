package digest

// Statements: fixed wordings ("the cause is unknown", "there is no
// cure") that are one point each, found by pattern.

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Statements: things sources say in many ways that are one point each.
// Each pattern's match, as written, is the label.
type statement struct {
	id     string
	qtypes map[string]bool
	need   []string // lower-case strings one of which the text must hold before the pattern is tried
	re     *regexp.Regexp
	words  []string // words one of which the unit must hold (its triggers)
}

var (
	causeTypes = set("causes", "information", "susceptibility", "inheritance", "genetic changes", "frequency", "risk factors")
	treatTypes = set("treatment", "information", "outlook", "management", "prevention")
	infoTypes  = set("information", "inheritance", "genetic changes", "frequency")
)

// prevalenceIndex is the index of the prevalence pattern, which numbers
// trigger.
var prevalenceIndex = statementIndex("prevalence")

func statementIndex(id string) int {
	for i, s := range statementPatterns {
		if s.id == id {
			return i
		}
	}
	panic("digest: no statement " + id)
}

var statementPatterns = []statement{
	{"cause-unknown", causeTypes, []string{"unknown", "known", "understood", "unclear"}, regexp.MustCompile(`\b(?:the )?(?:exact |underlying |specific |precise |actual )?causes? (?:of (?:[^.;,]{1,60}? ))?(?:is|are|remains?) (?:still |currently |largely |not yet |often |usually )?(?:unknown|not (?:yet |fully |completely |well |clearly )?(?:known|understood)|unclear)`), []string{"unknown", "known", "understood", "unclear"}},
	{"cause-unknown", causeTypes, []string{"knows"}, regexp.MustCompile(`\bno one knows (?:exactly )?(?:what causes(?: it| this)?|the (?:exact |specific |underlying |precise )?causes?)`), []string{"knows"}},
	{"cause-unknown", causeTypes, []string{"cause"}, regexp.MustCompile(`\bno (?:known |specific |exact |identifiable |clear |single )+cause\b`), []string{"cause"}},
	{"cause-unknown", causeTypes, []string{"idiopathic"}, regexp.MustCompile(`\bidiopathic\b`), []string{"idiopathic"}},
	{"no-cure", treatTypes, []string{"cure", "incurable"}, regexp.MustCompile(`\bno (?:known |definitive |specific |effective |permanent )?cure\b|\bcannot be cured\b|\bincurable\b`), []string{"cure", "cured", "incurable"}},
	{"symptomatic", treatTypes, []string{"symptomatic", "supportive"}, regexp.MustCompile(`\btreatment (?:for [^.;,]{1,40}? |of [^.;,]{1,40}? )?is (?:primarily |mainly |generally |usually |largely |typically |only )?(?:symptomatic|supportive)(?: and (?:symptomatic|supportive))?`), []string{"symptomatic", "supportive"}},
	{"symptomatic", treatTypes, []string{"symptomatic", "supportive"}, regexp.MustCompile(`\bsymptomatic (?:and supportive )?(?:drug )?(?:treatment|therapy|care)`), []string{"symptomatic", "supportive"}},
	{"lifelong", treatTypes, []string{"lifelong", "rest of"}, regexp.MustCompile(`\blifelong (?:treatment|therapy|medication|management)|\bfor the rest of (?:their|his|her|your|a person's) li(?:fe|ves)`), []string{"lifelong", "rest"}},
	{"heredity", causeTypes, []string{"famil", "hered"}, regexp.MustCompile(`\bfamily histor(?:y|ies)\b|\bruns? in (?:some )?families\b|\bfamilial\b|\bheredity\b|\bhereditary\b`), []string{"family", "families", "familial", "heredity", "hereditary"}},
	{"inheritance", infoTypes, []string{"autosomal", "x-linked"}, regexp.MustCompile(`\b(?:autosomal|x-linked) (?:dominant|recessive)(?: (?:or|and) (?:an? )?(?:autosomal |x-linked )?(?:dominant|recessive))?`), []string{"autosomal", "linked"}},
	{"prevalence", infoTypes, []string{" in ", "out of"}, regexp.MustCompile(`\b(?:about |approximately |an estimated |around |nearly |roughly |fewer than |less than |more than )?\d[\d,.]* (?:in|out of) (?:every )?\d[\d,.]* (?:people|persons|individuals|births|newborns|infants|children|adults|men|women|americans)\b`), []string{}},
}

// statementTriggers maps the words statement patterns need to the
// patterns (bits, by index in statements) that need them.
var statementTriggers = compileTriggers()

func compileTriggers() map[string]uint32 {
	m := map[string]uint32{}
	for i, s := range statementPatterns {
		for _, w := range s.words {
			m[w] |= 1 << i
		}
	}
	return m
}

// triggered returns the statement patterns a unit's words may match.
func triggered(u *unit) uint32 {
	var bits uint32
	for k := range u.toks {
		t := &u.toks[k]
		if t.trig&fStatement == 0 {
			continue
		}
		bits |= statementTriggers[t.w]
		if isNumber(t.w) {
			bits |= 1 << prevalenceIndex
		}
	}
	return bits
}

// applies reports whether lower-case text holds one of the pattern's
// words (and, for numbers, "N in M"): a cheap test before the pattern.
func (s *statement) applies(l string) bool {
	if s.id == "prevalence" {
		return ratioAt(l)
	}
	for _, w := range s.need {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// ratioAt reports "N in M" or "N out of M" in lower-case text.
func ratioAt(l string) bool {
	for i := 0; i < len(l); i++ {
		if l[i] < '0' || l[i] > '9' {
			continue
		}
		j := i
		for j < len(l) && (l[j] >= '0' && l[j] <= '9' || l[j] == ',' || l[j] == '.') {
			j++
		}
		rest := l[j:]
		if strings.HasPrefix(rest, " in ") {
			rest = rest[4:]
		} else if strings.HasPrefix(rest, " out of ") {
			rest = rest[8:]
		} else {
			i = j
			continue
		}
		rest = strings.TrimPrefix(rest, "every ")
		if rest != "" && rest[0] >= '0' && rest[0] <= '9' {
			return true
		}
		i = j
	}
	return false
}

// findStatements finds the statement patterns in a unit.
func (x *extractor) findStatements(u *unit) {
	bits := triggered(u)
	if bits == 0 {
		return
	}
	l := lower(u.text)
	var flags []bool
	var seen map[string]bool
	for i, s := range statementPatterns {
		if bits&(1<<i) == 0 || !s.qtypes[x.qtype] || seen[s.id] || !s.applies(l) {
			continue
		}
		// The patterns are written in lower case; lower-casing keeps byte
		// offsets but for a few non-ASCII letters, where the match is
		// skipped.
		if len(l) != len(u.text) {
			continue
		}
		loc := s.re.FindStringIndex(l)
		for loc != nil && (titleCase(u.text[loc[0]:loc[1]]) || !wholeWords(l, loc[0], loc[1])) {
			next := s.re.FindStringIndex(l[loc[1]:])
			if next == nil {
				loc = nil
				break
			}
			loc = []int{loc[1] + next[0], loc[1] + next[1]}
		}
		if loc == nil {
			continue
		}
		if flags == nil {
			flags = x.topic.mark(u)
		}
		if x.topic.inside(u, flags, loc[0], loc[1]) {
			continue // "familial" in "familial Mediterranean fever"
		}
		if titleCase(u.text[loc[0]:loc[1]]) {
			continue // a heading glued to its text: "Cause is Unknown Paget's disease is ..."
		}
		if seen == nil {
			seen = map[string]bool{}
		}
		seen[s.id] = true
		label := u.text[loc[0]:loc[1]]
		id := s.id
		if id == "prevalence" {
			id += ":" + digits(label)
		}
		x.out = append(x.out, raw{u: u, kind: kStatement, stmt: id, label: label})
	}
}

// wholeWords reports whether s[i:j] starts and ends at word boundaries.
// The patterns' \b is ASCII-only and most do not end with one, so a
// match could stop inside "known2020" or "curé", and the label would cut
// the sources' word.
// An apostrophe between letters joins a word as the tokenizer does
// ("known'A" is one word).
func wholeWords(s string, i, j int) bool {
	before, n := utf8.DecodeLastRuneInString(s[:i])
	after, m := utf8.DecodeRuneInString(s[j:])
	if wordRune(before) || wordRune(after) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s[i:])
	last, _ := utf8.DecodeLastRuneInString(s[:j])
	beyond, _ := utf8.DecodeLastRuneInString(s[:max(i-n, 0)])
	next, _ := utf8.DecodeRuneInString(s[min(j+m, len(s)):])
	joins := func(a, apos, b rune) bool {
		return (apos == '\'' || apos == '’') && unicode.IsLetter(a) && unicode.IsLetter(b)
	}
	return !joins(beyond, before, first) && !joins(last, after, next)
}

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// titleCase reports a match of two or more words all capitalized.
func titleCase(s string) bool {
	words := strings.Fields(s)
	if len(words) < 2 {
		return false
	}
	caps := 0
	for _, w := range words {
		r := []rune(w)[0]
		if unicode.IsUpper(r) {
			caps++
		} else if len(w) > 3 {
			return false
		}
	}
	return caps >= 2
}

func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
