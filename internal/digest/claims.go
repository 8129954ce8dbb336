package digest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Claims: a point's label is a short claim in the sources' words. Most
// labels are a phrase already ("pregnancy", "no known cause"); a label
// that is a whole sentence (a sentence two sources share) or a long
// phrase (a definition, a recommendation) is cut to its first words at
// a phrase boundary, and the cut is marked with an ellipsis. The label is
// never reworded: it is a prefix of the words it was, and the whole
// sentence stays the evidence behind each source's link.

// maxClaimWords is the most words a label keeps: about a line and a half
// on a phone, the length of a headline. Words are counted as a reader
// sees them, separated by spaces ("early-onset" is one).
const maxClaimWords = 12

// minClaimWords is the fewest words a cut label keeps: fewer is a topic
// ("Symptoms vary…"), not a claim.
const minClaimWords = 4

// Cut points, best first: where the text after the cut is another clause
// or a list of examples, the words before it are a claim of their own;
// before a relative clause or a participle, the words before it are a
// whole noun phrase; before a preposition or a conjunction, a phrase.
const (
	cutWord = iota
	cutPhrase
	cutRelative
	cutClause
)

// clauseOpeners after a comma start another clause or an aside.
var clauseOpeners = set("which", "who", "whose", "where", "while", "whereas", "although", "though", "so", "because", "since", "such", "including", "especially", "particularly", "and", "or", "as", "for",
	"however", "often", "usually", "typically", "sometimes")

// qualifiers open what qualifies a claim, a condition, a contrast or a
// comparison ("more likely … if you are overweight", "one or several
// bones, but not your entire skeleton"): the label is never cut before
// one, as the claim without it may say another thing.
var qualifiers = set("if", "unless", "until", "when", "whenever", "except", "without", "than", "but", "not",
	"nor", "yet", "only")

// conditions are the qualifiers kept whole or not at all: the label is
// not cut inside a condition ("if a parent…" for "if a parent or a
// sibling has it").
var conditions = set("if", "unless", "until", "when", "whenever", "except", "without", "than")

// concessives open a clause that concedes something the main clause's
// claim does not depend on ("Although X is common in old age, it is not
// part of normal aging").
var concessives = set("although", "though", "while", "whereas")

// subordinators open a subordinate clause.
var subordinators = set("although", "though", "while", "whereas", "because", "since", "if", "unless", "when",
	"whenever", "until", "once", "as")

// nounModifiers open what qualifies a noun: a relative clause or a
// participle phrase.
var nounModifiers = set("that", "which", "who", "whose", "whom", "characterized", "caused", "called", "known",
	"marked", "resulting", "leading", "causing", "including", "such", "involving", "affecting", "due")

// claim returns label when it has at most maxClaimWords words. A
// longer label is cut, in this order of preference:
//
//   - its parentheticals left out ("(the front part of the brain)"), as
//     phrase labels always are;
//   - its longest prefix of at most maxClaimWords words that ends at the
//     best cut point and keeps the sentence's main verb ("Restless legs
//     syndrome is a neurological condition…"), followed by "…";
//   - when no such prefix exists and the label opens with a concession
//     set off by a comma ("Although X is common in very elderly people,
//     it is not part of normal aging"), the claim of the main clause,
//     after "…";
//   - else the best prefix whatever its verb: the noun phrase the claim
//     is about.
//
// A connective that opens the label ("However,") is left out first, as
// sentence labels do. A cut never falls before a qualifier nor inside a
// condition ("if a parent…" for "if a parent or a sibling has it"). When
// nothing can be cut the label stays whole: a long label beats a wrong
// one.
func claim(label string) string {
	if spacedWords(label) <= maxClaimWords {
		return label
	}
	if l := withoutParens(label); l != label {
		if spacedWords(l) <= maxClaimWords {
			return l
		}
		label = l
	}
	toks := tokenize(label)
	start := 0
	if len(toks) > 2 && toks[0].is(cConnectives) && toks[1].p == ',' {
		start = 2
	}
	if start >= len(toks) {
		return label
	}
	best, bestVerb := bestCut(label, toks, start)
	if bestVerb < 0 {
		if rest, ok := afterOpening(label, toks, start); ok {
			return rest
		}
	}
	end := bestVerb
	if end < 0 {
		end = best
	}
	if end < 0 {
		return label
	}
	out := label[toks[start].s:toks[end-1].e]
	if start > 0 && startsUpper(label) {
		r, size := utf8.DecodeRuneInString(out)
		out = string(unicode.ToUpper(r)) + out[size:]
	}
	return out + "…"
}

// bestCut returns the end (a token index) of the best prefix from start
// of at most maxClaimWords words, and of the best one that holds a main
// verb; -1 for none.
func bestCut(label string, toks []tok, start int) (best, bestVerb int) {
	best, bestVerb = -1, -1
	score, scoreVerb := -1, -1
	depth := 0 // parentheses open before the cut
	for k := start + 1; k <= len(toks); k++ {
		switch toks[k-1].p {
		case '(':
			depth++
		case ')':
			depth--
		}
		if depth == 0 && toks[k-1].word() && conditions[toks[k-1].w] {
			break // the condition is kept whole or not at all
		}
		if depth > 0 || k < len(toks) && !cuttable(label, toks, k) {
			continue
		}
		e := k
		for e > start && !toks[e-1].word() && toks[e-1].p != ')' {
			e--
		}
		if e <= start || !endsClaim(toks[e-1]) {
			continue
		}
		n := spacedWords(label[toks[start].s:toks[e-1].e])
		if n > maxClaimWords {
			break
		}
		if n < minClaimWords {
			continue
		}
		r := cutClause
		if k < len(toks) {
			r = cutRank(toks, k)
		}
		if r == cutWord {
			continue // inside a phrase: "have high…" for "have high blood pressure"
		}
		// A better cut point is worth three more words: "X is a
		// neurological condition that causes an irresistible urge…"
		// (a phrase, 11 words) beats "X is a neurological condition…"
		// (a relative clause, 7 words); a clause boundary beats both.
		sc := n + 3*r
		if sc >= score {
			best, score = e, sc
		}
		if sc >= scoreVerb && hasMainVerb(toks, start, e) {
			bestVerb, scoreVerb = e, sc
		}
	}
	return best, bestVerb
}

// afterOpening returns "…" and the claim of what follows the label's
// first comma, when what precedes it is short (an opening clause or
// phrase) and what follows has a main verb within maxClaimWords words.
func afterOpening(label string, toks []tok, start int) (string, bool) {
	if !toks[start].word() || !concessives[toks[start].w] {
		return "", false // only a concession leaves the main clause's claim whole
	}
	for k := start; k < len(toks) && k-start <= 2*maxClaimWords; k++ {
		if toks[k].p == '(' {
			return "", false
		}
		if toks[k].p != ',' {
			continue
		}
		if k+1 >= len(toks) || !toks[k+1].word() {
			return "", false
		}
		if toks[k+1].is(cStopWords) && !toks[k+1].is(cPronoun) && !toks[k+1].is(cDeterminers) {
			return "", false // "…and its signs": not a clause of its own
		}
		rest := label[toks[k+1].s:]
		rt := tokenize(rest)
		if spacedWords(rest) <= maxClaimWords {
			if hasMainVerb(rt, 0, len(rt)) {
				return "…" + rest, true
			}
			return "", false
		}
		if _, e := bestCut(rest, rt, 0); e > 0 {
			return "…" + rest[:rt[e-1].e] + "…", true
		}
		return "", false
	}
	return "", false
}

// hasMainVerb reports whether toks[i:j] hold a verb outside a relative
// or subordinate clause: an auxiliary, a modal or a common clause verb
// not after "that", "which", "who" or "although" (a comma closes the
// clause).
func hasMainVerb(toks []tok, i, j int) bool {
	inRel := false
	for k := i; k < j; k++ {
		t := &toks[k]
		switch {
		case t.p == ',':
			inRel = false
		case !t.word():
		case (t.is(cRelPronoun) || subordinators[t.w]) && (k > i || subordinators[t.w]):
			inRel = true // a relative or subordinate clause: its verb is not the claim's
		case !inRel && (t.is(cFiniteVerb) || t.is(cClauseVerbs)):
			return true
		}
	}
	return false
}

// withoutParens returns label without its parenthesized asides and the
// space before each.
func withoutParens(label string) string {
	if !strings.Contains(label, "(") {
		return label
	}
	var b strings.Builder
	depth, from := 0, 0
	for i, r := range label {
		switch r {
		case '(':
			if depth == 0 {
				b.WriteString(strings.TrimRight(label[from:i], " "))
			}
			depth++
		case ')':
			if depth > 0 {
				depth--
				if depth == 0 {
					from = i + 1
				}
			}
		}
	}
	if depth > 0 {
		return label // unbalanced: leave it as written
	}
	b.WriteString(label[from:])
	return b.String()
}

// cuttable reports whether the text may be cut before token k: between
// words written apart, or before a punctuation mark that ends a phrase,
// never inside "early-onset" or "and/or".
func cuttable(label string, toks []tok, k int) bool {
	switch toks[k].p {
	case ',', ';', ':', '(':
		return true
	case '-':
		return toks[k].s > toks[k-1].e && k+1 < len(toks) && toks[k+1].s > toks[k].e // a spaced dash
	}
	return toks[k].s > toks[k-1].e && strings.TrimSpace(label[toks[k-1].e:toks[k].s]) == ""
}

// cutRank ranks a cut before token k.
func cutRank(toks []tok, k int) int {
	t := &toks[k]
	switch {
	case t.p == ';' || t.p == ':' || t.p == '-' || t.p == '(':
		return cutClause
	case t.p == ',':
		if k+1 < len(toks) && toks[k+1].word() && qualifiers[toks[k+1].w] {
			return cutWord
		}
		if k+1 < len(toks) && toks[k+1].word() && clauseOpeners[toks[k+1].w] {
			return cutClause
		}
		return cutPhrase
	case t.word() && nounModifiers[t.w]:
		return cutRelative
	case t.word() && qualifiers[t.w]:
		return cutWord // never drop a condition: "more likely … if you are overweight"
	case t.word() && (preps[t.w] || t.w == "and" || t.w == "or" || t.w == "while" ||
		t.w == "because" || t.w == "although"):
		return cutPhrase
	}
	return cutWord
}

// endsClaim reports whether a claim may end on the token: a word that
// carries content, or a closing parenthesis; never on a function word,
// a negation or a verb waiting for its object ("not", "avoid", "the").
func endsClaim(t tok) bool {
	if !t.word() {
		return t.p == ')'
	}
	switch wordKind(t.w) {
	case iContent, iGenericNoun:
		return !t.is(cFiniteVerb) && !t.is(cBoundaryWords) && !t.is(cClauseVerbs) && !t.is(cLightVerbs)
	}
	return false
}

// spacedWords counts the words of s as a reader does: runs of text
// between spaces that hold a letter or a digit.
func spacedWords(s string) int {
	n := 0
	for _, f := range strings.Fields(s) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			n++
		}
	}
	return n
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}
