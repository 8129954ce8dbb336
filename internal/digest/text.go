package digest

import (
	"strings"
	"sync"
	"sync/atomic"
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

// The word cache memoizes wordInfo: the same few thousand words recur in
// every answer, and stemming is most of the cost of a digest otherwise.
// Readers look words up in an immutable snapshot without locking (a small
// map from word to index, so that it stays in cache, and the infos); new
// words go to a pending map under a mutex and are merged into a new
// snapshot in batches. It is bounded: past wordCacheMax words, new words
// are computed each time.
type wordSnapshot struct {
	index map[string]int32
	infos []wordInfo
}

var (
	wordSnap    atomic.Pointer[wordSnapshot]
	wordMu      sync.Mutex
	wordPending = map[string]wordInfo{}
)

const (
	wordCacheMax   = 200000
	wordMergeBatch = 512
)

// stem returns the Snowball English stem of a lower-case word.
func stem(w string) string {
	return english.Stem(w, true)
}

// info returns a lower-case word's stem, class and triggers, cached.
func info(w string) wordInfo {
	snap := wordSnap.Load()
	if snap != nil {
		if i, ok := snap.index[w]; ok {
			return snap.infos[i]
		}
	}
	return addInfo(w, snap)
}

// infoBytes is info for a lower-case word in a scratch buffer: no
// allocation when the word is cached.
func infoBytes(b []byte) wordInfo {
	snap := wordSnap.Load()
	if snap != nil {
		if i, ok := snap.index[string(b)]; ok {
			return snap.infos[i]
		}
	}
	return addInfo(string(b), snap)
}

func addInfo(w string, snap *wordSnapshot) wordInfo {
	wordMu.Lock()
	defer wordMu.Unlock()
	if in, ok := wordPending[w]; ok {
		return in
	}
	w = strings.Clone(w)
	in := wordInfo{w: w, stem: computeKeyStem(w), kind: wordKind(w), trig: triggers(w), cls: classesOf(w)}
	if lexFirst[in.stem] {
		in.trig |= fLex
	}
	size := len(wordPending)
	if snap != nil {
		size += len(snap.infos)
	}
	if size >= wordCacheMax {
		return in
	}
	wordPending[w] = in
	if len(wordPending) >= wordMergeBatch || snap == nil {
		next := &wordSnapshot{index: make(map[string]int32, size+1)}
		if cur := wordSnap.Load(); cur != nil {
			next.infos = make([]wordInfo, len(cur.infos), size+1)
			copy(next.infos, cur.infos)
			for k, v := range cur.index {
				next.index[k] = v
			}
		}
		for k, v := range wordPending {
			next.index[k] = int32(len(next.infos))
			next.infos = append(next.infos, v)
		}
		wordSnap.Store(next)
		wordPending = map[string]wordInfo{}
	}
	return in
}

func computeKeyStem(w string) string {
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
	w = strings.ReplaceAll(w, "’", "'")
	if c, ok := wordLexicon[w]; ok {
		w = c
	}
	return stem(w)
}

// triggers returns the trigger flags of a word.
func triggers(w string) uint8 {
	var f uint8
	if statementTriggers[w] != 0 || isNumber(w) {
		f |= fStatement
	}
	if boilerWords[w] {
		f |= fBoiler
	}
	return f
}

// boilerWords are words one of which boilerplate holds (see boilerAt).
var boilerWords = set("http", "https", "www", "website", "web", "links", "click", "more", "learn", "read", "visit",
	"view", "answer", "institute", "medlineplus", "medscape", "genereviews", "gene", "genetic", "orphanet",
	"ontology", "dictionary", "com", "gov", "org")

// boilerAt reports boilerplate around a trigger word at k: links and
// addresses, references to other resources ("For more information",
// "please visit", "Gene Review"), and attribution ("This answer is based
// on", "National Institute of ...").
func boilerAt(toks []tok, k int) bool {
	w := toks[k].w
	next := ""
	if k+1 < len(toks) {
		next = toks[k+1].w
	}
	prev, prevP := "", byte(0)
	if k > 0 {
		prev, prevP = toks[k-1].w, toks[k-1].p
	}
	switch w {
	case "http", "https", "www", "website", "medlineplus", "medscape", "genereviews", "orphanet", "links":
		return true
	case "com", "gov", "org":
		return prevP == '.'
	case "web":
		return next == "site" || next == "links" || next == "page"
	case "click":
		return next == "the" || next == "here"
	case "more":
		return next == "information" || next == "details" || prev == "for" || prev == "learn" || prev == "read"
	case "learn", "read":
		return next == "more"
	case "visit":
		return next == "the" || prev == "please"
	case "view":
		return prev == "can"
	case "answer":
		return prev == "this"
	case "institute":
		return prev == "national"
	case "gene":
		return next == "review" || next == "reviews"
	case "genetic":
		return next == "testing" && k+2 < len(toks) && toks[k+2].w == "registry"
	case "ontology":
		return prev == "phenotype"
	case "dictionary":
		return prev == "medical"
	}
	return false
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
	order int    // order of appearance over all answers

	flags  []bool  // tokens in a mention of the topic, once computed
	stream *stream // content stems, once computed
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
	boiler := func(u *unit) bool {
		for k := range u.toks {
			if u.toks[k].trig&fBoiler != 0 && boilerAt(u.toks, k) {
				return true
			}
		}
		return strings.HasPrefix(u.text, "NIH:")
	}
	for _, b := range answertext.Parse(text) {
		switch b.Kind {
		case answertext.Heading:
			listOpen, last = false, nil
		case answertext.List:
			in := last
			for _, it := range b.Items {
				u := add(&unit{text: it, item: true, intro: in})
				u.skip = resources || boiler(u)
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
				u.skip = resources || boiler(u)
				continue
			}
			listOpen = false
			ss := sentences(p)
			for k, s := range ss {
				u := add(&unit{text: s, first: k == 0})
				if k == 0 && len(ss) > 1 {
					u.para = p[len(s):]
				}
				u.skip = boiler(u)
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
		case t.is(cRelPronoun):
			rel = true
		case t.is(cFiniteVerb) && !rel:
			return false
		case i == 0 && (t.w == "if" || t.w == "when" || t.w == "in" || t.w == "for" || t.is(cPronoun)):
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
