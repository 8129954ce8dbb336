package digest

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"

	"healthqa/internal/answertext"
)

// A tok is a word or a punctuation mark of a unit, with its byte span in
// the unit's text so that labels are always cut from the source's words.
type tok struct {
	s, e int    // byte span in the unit text
	w    string // the word, lower-cased; "" for punctuation
	p    byte   // the punctuation mark (see punct); 0 for words
	stem string // the word's key stem after the word lexicon; "" for punctuation
	cap  bool   // the word starts with an upper-case letter
	up   bool   // the word is an acronym: two or more letters, all upper-case ("DBS", "PV")
}

func (t *tok) word() bool { return t.w != "" }

// tokenize splits s into words and punctuation marks. A word is a run of
// letters and digits, with apostrophes inside it ("Parkinson's") and the
// dots and commas of numbers ("7.5", "5,000"); hyphens and slashes split
// words ("beta-blockers" is beta, -, blockers) so that keys do not depend on
// how a compound is written.
func tokenize(s string) []tok {
	toks := make([]tok, 0, len(s)/5)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i + size
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if unicode.IsLetter(r2) || unicode.IsDigit(r2) {
					j += n2
					continue
				}
				if j+n2 < len(s) {
					next, _ := utf8.DecodeRuneInString(s[j+n2:])
					prev, _ := utf8.DecodeLastRuneInString(s[:j])
					if (r2 == '\'' || r2 == '’') && unicode.IsLetter(next) && unicode.IsLetter(prev) {
						j += n2
						continue
					}
					if (r2 == '.' || r2 == ',') && unicode.IsDigit(next) && unicode.IsDigit(prev) {
						j += n2
						continue
					}
				}
				break
			}
			word := s[i:j]
			lw := lower(word)
			toks = append(toks, tok{s: i, e: j, w: lw, stem: keyStem(lw), cap: unicode.IsUpper(r), up: isAcronym(word)})
			i = j
		default:
			toks = append(toks, tok{s: i, e: i + size, p: punct(r)})
			i += size
		}
	}
	return toks
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

// stemCache memoizes Snowball stems: the same few thousand words recur in
// every answer, and stemming is most of the cost of a digest otherwise.
var stemCache sync.Map

// stem returns the Snowball English stem of a lower-case word.
func stem(w string) string {
	if v, ok := stemCache.Load(w); ok {
		return v.(string)
	}
	s := english.Stem(w, true)
	stemCache.Store(w, s)
	return s
}

// keyStem is the stem used in keys: the possessive dropped, the word
// lexicon applied (renal → kidney), then Snowball.
func keyStem(w string) string {
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
	w = strings.ReplaceAll(w, "’", "'")
	if c, ok := wordLexicon[w]; ok {
		w = c
	}
	return stem(w)
}

// A unit is one sentence of a paragraph or one list item: the span that
// evidence quotes.
type unit struct {
	ans   int    // index of the answer
	text  string // the sentence or item, whitespace-normalized, verbatim
	toks  []tok
	item  bool   // a list item (marked, bulleted, or an unmarked line after a list's introduction)
	skip  bool   // boilerplate: links, resource lists, attribution; states nothing
	intro *unit  // for an item: the unit that introduces its list
	first bool   // the first sentence of its paragraph
	para  string // for a paragraph sentence: the rest of the paragraph follows (run-in heads)
}

// units splits an answer into sentences and list items.
func units(ans int, text string) []*unit {
	var out []*unit
	var last *unit     // the last paragraph sentence, which may introduce a list
	var intro *unit    // the introduction of the list being read, for unmarked items
	listOpen := false  // an introduction was just read: short lines after it are items
	resources := false // the list introduced is a list of links
	add := func(u *unit) *unit {
		u.ans = ans
		u.toks = tokenize(u.text)
		out = append(out, u)
		return u
	}
	for _, b := range answertext.Parse(text) {
		switch b.Kind {
		case answertext.Heading:
			listOpen, last = false, nil
		case answertext.List:
			in := last
			for _, it := range b.Items {
				u := add(&unit{text: it, item: true, intro: in})
				u.skip = resources || boilerplate(it)
				// An item ending in "such as" or ":" introduces the items after it.
				if introduces(u) {
					in = u
				}
			}
			listOpen = false
		case answertext.Paragraph:
			p := b.Text
			bullet := false
			if strings.HasPrefix(p, "• ") || strings.HasPrefix(p, "* ") || strings.HasPrefix(p, "· ") {
				_, size := utf8.DecodeRuneInString(p)
				p = strings.TrimSpace(p[size:])
				bullet = true
			}
			if bullet || listOpen && itemLike(p) {
				u := add(&unit{text: p, item: true, intro: intro})
				u.skip = resources || boilerplate(p)
				continue
			}
			listOpen = false
			ss := sentences(p)
			for k, s := range ss {
				u := add(&unit{text: s, first: k == 0})
				if k == 0 && len(ss) > 1 {
					u.para = p[len(s):]
				}
				u.skip = boilerplate(s)
				last = u
			}
			if last != nil && introduces(last) {
				listOpen, intro = true, last
				resources = mentionsResources(last.text)
			} else {
				resources = false
			}
			if len(ss) > 0 && mentionsResources(ss[len(ss)-1]) {
				resources = true
			}
		}
	}
	return out
}

// introduces reports a unit that announces a list: it ends with a colon,
// "include(s)", "such as", "following" or "are".
func introduces(u *unit) bool {
	t := strings.TrimSpace(u.text)
	if strings.HasSuffix(t, ":") {
		return true
	}
	n := len(u.toks)
	if n == 0 {
		return false
	}
	switch u.toks[n-1].w {
	case "include", "includes", "including", "following", "are", "as":
		return true
	}
	return false
}

// itemLike reports a paragraph that reads as an unmarked list item after a
// list's introduction: short, and its first sentence has no finite verb of
// its own ("Stimulants to ease daytime sleepiness.", "Unexplained weight
// loss"), unlike the prose that follows the list ("Some medicines can
// interfere with your sleep.").
func itemLike(p string) bool {
	first := p
	if ss := sentences(p); len(ss) > 0 {
		first = ss[0]
	}
	toks := tokenize(first)
	words := 0
	rel := false
	for i, t := range toks {
		if !t.word() {
			continue
		}
		words++
		switch {
		case relPronoun[t.w]:
			rel = true
		case finiteVerb[t.w] && !rel:
			return false
		case i == 0 && (t.w == "if" || t.w == "when" || t.w == "in" || t.w == "for" || pronoun[t.w]):
			return false
		}
	}
	return words > 0 && words <= 20
}

var relPronoun = set("that", "which", "who", "whom", "whose", "where", "when")

// finiteVerb lists auxiliaries and modals: a clause that has one outside a
// relative clause is a sentence, not a list item.
var finiteVerb = set("is", "are", "was", "were", "has", "have", "had", "can", "may", "might", "will", "would",
	"should", "could", "must", "do", "does", "did", "isn't", "aren't", "don't", "doesn't", "can't", "won't")

var pronoun = set("i", "you", "he", "she", "it", "we", "they", "this", "these", "those", "there")

// boilerplate reports text that makes no health claim: links, references to
// other resources, and attribution lines.
func boilerplate(s string) bool {
	l := lower(s)
	for _, m := range boilerplateMarks {
		if strings.Contains(l, m) {
			return true
		}
	}
	return strings.HasPrefix(l, "nih:")
}

var boilerplateMarks = []string{
	"http://", "https://", "www.", ".com", ".gov", ".org",
	"web site", "website", "web links", "click the link", "more information", "for more ",
	"more details", "learn more", "read more", "visit the", "please visit", "you can view",
	"this answer is based", "national institute", "medlineplus", "medscape", "genereviews", "gene review",
	"genetic testing registry", "orphanet", "human phenotype ontology", "phenotype ontology", "medical dictionary",
}

// mentionsResources reports a list introduction for a list of resources
// or links rather than facts ("These resources address the diagnosis or
// management of X:").
func mentionsResources(s string) bool {
	l := lower(s)
	return strings.Contains(l, "resources") || strings.Contains(l, "links") || strings.Contains(l, "web site") ||
		strings.Contains(l, "website") || strings.Contains(l, "organizations")
}

// sentences splits a paragraph into sentences. A sentence ends at ".", "?"
// or "!" (and any closing quotes or brackets) before a space, except after
// an abbreviation ("e.g.", "Dr.", "U.S."), an initial, or when the next
// word starts with a lower-case letter. Decimals have no space after their
// dot and are never split.
func sentences(p string) []string {
	var out []string
	start := 0
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c != '.' && c != '?' && c != '!' {
			continue
		}
		j := i + 1
		for j < len(p) && strings.IndexByte(")]\"'", p[j]) >= 0 {
			j++
		}
		if j < len(p) && strings.HasPrefix(p[j:], "”") {
			j += len("”")
		}
		if j >= len(p) || p[j] != ' ' {
			continue
		}
		k := j
		for k < len(p) && p[k] == ' ' {
			k++
		}
		if k >= len(p) {
			continue
		}
		next, _ := utf8.DecodeRuneInString(p[k:])
		if unicode.IsLower(next) {
			continue
		}
		if c == '.' && abbreviation(p[start:i]) {
			continue
		}
		if s := strings.TrimSpace(p[start:j]); s != "" {
			out = append(out, s)
		}
		start = k
		i = k - 1
	}
	if s := strings.TrimSpace(p[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// abbreviation reports whether the text before a dot ends with an
// abbreviation or an initial.
func abbreviation(before string) bool {
	w := before[strings.LastIndexAny(before, " (\"")+1:]
	if w == "" {
		return false
	}
	if strings.Contains(w, ".") { // e.g, i.e, U.S, a.m
		return true
	}
	r, size := utf8.DecodeRuneInString(w)
	if size == len(w) && unicode.IsLetter(r) { // an initial: "J."
		return true
	}
	return abbreviations[lower(w)]
}

var abbreviations = set("dr", "mr", "mrs", "ms", "st", "jr", "sr", "vs", "etc", "fig", "figs", "no", "nos",
	"approx", "inc", "ltd", "co", "corp", "dept", "univ", "al", "ca", "cf", "ed", "eds", "vol", "pp", "prof",
	"gen", "sen", "rep", "mt", "ft", "oz", "lb", "lbs", "mg", "ml", "kg", "wk", "wks", "yr", "yrs", "hr", "hrs", "min")

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// normalizeSpace puts single spaces between the words of s.
func normalizeSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
