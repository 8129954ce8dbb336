package digest

import "strings"

// A phrase is the wording of a candidate point: one or more token ranges
// of a unit, in order. A phrase of two ranges comes from a shared head
// ("kidney" + "problems" from "kidney or liver problems"), so a label is
// always made of the source's own words.
type phrase struct {
	spans   [][2]int // token index ranges [i, j)
	members []phrase // class members and parenthetical synonyms ("antinausea drugs (prochlorperazine or metoclopramide)")
	subs    []phrase // the parts a polarity verb distributes over ("avoid" + "alcohol")
	verb    int      // index of a polarity verb the label starts with, or -1
}

func span(i, j int) phrase { return phrase{spans: [][2]int{{i, j}}, verb: -1} }

// words counts the phrase's words.
func (p phrase) words(toks []tok) int {
	n := 0
	for _, s := range p.spans {
		for k := s[0]; k < s[1]; k++ {
			if toks[k].word() {
				n++
			}
		}
	}
	return n
}

// text returns the phrase's words as written: each range verbatim, ranges
// joined by a space.
func (p phrase) text(u *unit) string {
	var b strings.Builder
	for _, s := range p.spans {
		if s[0] >= s[1] {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(u.text[u.toks[s[0]].s:u.toks[s[1]-1].e])
	}
	return b.String()
}

// tokens returns the token indexes of the phrase, in order.
func (p phrase) tokens() []int {
	var out []int
	for _, s := range p.spans {
		for k := s[0]; k < s[1]; k++ {
			out = append(out, k)
		}
	}
	return out
}

// trim narrows a range: leading determiners, quantifiers, adverbs,
// conjunctions, light verbs and punctuation, and trailing punctuation and
// function words, go.
func trim(toks []tok, i, j int) (int, int) {
	for i < j {
		t := &toks[i]
		if !t.word() {
			if t.p == '(' || t.p == '"' {
				if t.p == '(' {
					// A leading parenthetical is no part of a label.
					k := closeParen(toks, i, j)
					if k < 0 {
						i++
						continue
					}
					i = k + 1
					continue
				}
			}
			i++
			continue
		}
		if t.is(cQuantityWords) && i+2 < j && toks[i+1].w == "of" {
			i += 2 // "a variety of", "a greater chance of", "types of"
			continue
		}
		if t.w == "and" || t.w == "or" || t.w == "nor" || t.is(cDeterminers) || t.is(cGenericMods) || t.is(cAdverbs) ||
			t.is(cLightVerbs) && i+1 < j || t.w == "to" || t.w == "of" || t.w == "as" || t.w == "for" || t.w == "with" ||
			t.w == "in" || t.w == "by" {
			// "no" is a negation, kept: "no medication for tic suppression".
			if t.w == "no" {
				break
			}
			i++
			continue
		}
		break
	}
	for j > i {
		t := &toks[j-1]
		if !t.word() {
			if t.p == ')' || t.p == ']' {
				break // a trailing parenthetical is read by finish
			}
			if t.p == '"' && j-1 > i {
				// A closing quote stays with its word: 'tremor "triggers"'.
				if toks[j-2].word() && hasOpenQuote(toks, i, j-1) {
					break
				}
			}
			j--
			continue
		}
		if t.is(cStopWords) && !t.is(cNegations) || t.w == "too" || t.is(cAdverbs) {
			j--
			continue
		}
		break
	}
	return i, j
}

// quantityWords before "of" are trimmed from a label's start.
var quantityWords = set("lot", "lots", "variety", "number", "range", "amount", "amounts", "type", "types", "kind",
	"kinds", "form", "forms", "class", "classes", "chance", "risk", "use", "group", "groups", "series", "set",
	"couple", "plenty", "majority", "most", "some", "many", "all", "several", "one", "each", "any", "none", "both")

func hasOpenQuote(toks []tok, i, j int) bool {
	n := 0
	for k := i; k < j; k++ {
		if toks[k].p == '"' {
			n++
		}
	}
	return n%2 == 1
}

// closeParen returns the index of the ")" closing the "(" at i, or -1.
func closeParen(toks []tok, i, j int) int {
	depth := 0
	for k := i; k < j; k++ {
		switch toks[k].p {
		case '(', '[':
			depth++
		case ')', ']':
			depth--
			if depth == 0 {
				return k
			}
		}
	}
	return -1
}

// unparen splits a range into the ranges outside its parentheticals, and
// returns the parentheticals' insides.
func unparen(toks []tok, i, j int) (outside [][2]int, inside [][2]int) {
	start := i
	for k := i; k < j; k++ {
		if toks[k].p != '(' && toks[k].p != '[' {
			continue
		}
		c := closeParen(toks, k, j)
		if c < 0 {
			// An unclosed parenthesis ends the phrase.
			if k > start {
				outside = append(outside, [2]int{start, k})
			}
			return outside, inside
		}
		if k > start {
			outside = append(outside, [2]int{start, k})
		}
		inside = append(inside, [2]int{k + 1, c})
		start = c + 1
		k = c
	}
	if j > start {
		outside = append(outside, [2]int{start, j})
	}
	return outside, inside
}
