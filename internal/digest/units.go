package digest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"healthqa/internal/answertext"
)

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
	// heading is the section heading right before this sentence's
	// paragraph (headings.go).
	heading string
	order   int // order of appearance over all answers

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
	heading := ""      // the heading before the paragraph being read
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
			heading = b.Text
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
				u := add(&unit{text: s, first: k == 0, heading: heading})
				if k == 0 && len(ss) > 1 {
					u.para = p[len(s):]
				}
				u.skip = boiler(u)
				last = u
			}
			heading = "" // only the section's first paragraph restates it
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
