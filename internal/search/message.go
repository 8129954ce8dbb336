package search

import (
	"slices"
	"strings"
	"unicode"
)

// Long messages (issue 11, class 6). A consumer's message often tells a
// story around its question: who is ill, which drugs were tried, what
// the doctor said. The TREC LiveQA question summaries keep the subject
// line, the first sentence and the question sentences; the rest is
// context. So the topics named there count fully, those named only in
// the narrative around them count Params.Narrative, and the question
// types come from the main sentences when they state any.

// Params.Narrative scales a topic named only outside the main
// sentences: named, but maybe not what the message asks about.
// Cross-validation tries half (a topic in the story as likely as not the
// one asked about) and 1, no discount (eval.ParamGrid); on all dev
// questions it chooses 1, the default, so by default the main sentences
// decide the question types and not the topics' weight.

// questionOpeners begin a question written without its question mark.
var questionOpeners = setOf(`what whats how why when where which who whom whose is are am was were do does did can could
should would will may might has have had any`)

// messageParts splits a message into its words (as rawWords does), a
// weight per word (1 in a main sentence, narrative elsewhere), and the
// text of its main sentences and of the rest.
func messageParts(message string, narrative float64) (raw []string, weight []float64, inMain []bool, main, rest string) {
	sents := sentences(message)
	var mainText, restText []string
	for i, s := range sents {
		ws := rawWords(s)
		w, isMain := narrative, i == 0 || len(sents) == 1 || isQuestion(s, ws)
		if isMain {
			w = 1
			mainText = append(mainText, s)
		} else {
			restText = append(restText, s)
		}
		for range ws {
			weight = append(weight, w)
			inMain = append(inMain, isMain)
		}
		raw = append(raw, ws...)
	}
	return raw, weight, inMain, strings.Join(mainText, " "), strings.Join(restText, " ")
}

// joinParts joins a message's words (as written, or corrected word for
// word) into its main sentences' and the rest's, for question types.
func joinParts(ws []string, inMain []bool) (main, rest string) {
	var m, r []string
	for i, w := range ws {
		if inMain[i] {
			m = append(m, w)
		} else {
			r = append(r, w)
		}
	}
	return strings.Join(m, " "), strings.Join(r, " ")
}

// sentences splits text after ".", "?", "!" or ";" followed by a space
// (so "2.5 mg" and "e.g.," stay whole) and at line ends.
func sentences(text string) []string {
	var out []string
	start := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		end := c == '\n' || c == '\r'
		if c == '.' || c == '?' || c == '!' || c == ';' {
			end = i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\t' || text[i+1] == '\n' || text[i+1] == '\r'
		}
		if !end {
			continue
		}
		if s := strings.TrimSpace(text[start : i+1]); hasLetter(s) {
			out = append(out, s)
		}
		start = i + 1
	}
	if s := strings.TrimSpace(text[start:]); hasLetter(s) {
		out = append(out, s)
	}
	return out
}

func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

// isQuestion: the sentence ends with a question mark or opens as a
// question does.
func isQuestion(s string, ws []string) bool {
	return strings.HasSuffix(strings.TrimRight(s, " \t"), "?") || len(ws) > 0 && questionOpeners[strings.ToLower(ws[0])]
}

// messageTypes are the question types the main sentences ask, or, when
// they ask none in particular, the whole message's. Each part is matched
// once (the intents' expressions are the costly part of understanding).
func messageTypes(main, rest string) []string {
	asked := intentMatches(main)
	if rest == "" || slices.Contains(asked, true) {
		return typesOf(asked)
	}
	for i, m := range intentMatches(rest) {
		asked[i] = asked[i] || m
	}
	return typesOf(asked)
}

// typesOf lists the matched intents' types as questionTypes does:
// "information" only when nothing more specific is asked, and when
// nothing is.
func typesOf(matched []bool) []string {
	var out []string
	for i, m := range matched {
		if m {
			out = append(out, intents[i].qtype)
		}
	}
	if len(out) > 1 && out[len(out)-1] == "information" {
		out = out[:len(out)-1]
	}
	if len(out) == 0 {
		out = []string{"information"}
	}
	return out
}

// findPartial adds the topics the message names in part (partial.go),
// below the topics it names whole: a partial name's spec is its
// coverage scaled by partialScale.
func (ix *Index) findPartial(u *Understanding, fixed []string, weight []float64) {
	stems := make([]string, len(fixed))
	for i, w := range fixed {
		if k := singular(w); !stopWords[k] && len(k) >= 2 {
			stems[i] = ix.stem.stem(k)
		}
		if gs := ix.partial.generics(singular(w)); len(gs) == 1 {
			stems[i] = ix.stem.stem(gs[0])
		}
	}
	for _, pm := range ix.partial.match(stems, weight) {
		u.addTopic(pm.topic, pm.coverage*partialScale)
	}
}

// partialScale: a name stated in part counts below one stated whole.
const partialScale = 0.5

// addBrands adds, for each brand name in the message, the topics its
// generic names name, and the generics' terms to the query.
func (ix *Index) addBrands(u *Understanding, fixed []string, weight []float64) {
	for i, w := range fixed {
		for _, g := range ix.partial.generics(singular(w)) {
			u.terms = append(u.terms, ix.stem.stem(g))
			key, ok := ix.lex.lookup([]string{g})
			if !ok {
				continue
			}
			for _, t := range ix.lex.entries[key] {
				u.addTopic(t, weight[i])
			}
		}
	}
}
