package search

import (
	"maps"
	"slices"
	"strings"
	"unicode"

	"healthqa/internal/model"
)

// Abbreviations the corpus defines (issue 11, ask failure class 3).
//
// A topic's synonyms hold some of its abbreviations ("RLS"); many more
// are defined only in the answers' text ("chronic inflammatory
// demyelinating polyneuropathy (CIDP)"). The import learns those pairs
// (internal/abbrev) and keeps them with their answers; the lexicon reads
// them here. A short form a message uses, and no topic name or synonym
// knows, stands for its long form, which finds topics by the lexicon as
// a name written out would. The message's own words stay what the text
// ranking matches: the expansion adds a focus, no words.
//
// A short form may have several expansions across the corpus ("AS":
// ankylosing spondylitis, Asperger syndrome). Each answer that defines
// it votes once for each topic its long form names; the topics with the
// most votes are the meaning, and the share of the short form's
// defining answers that voted for them is how specifically the message
// names them. Long forms that name no topic vote for nothing but count
// in the share, so a short form mostly defined otherwise names its topic
// only weakly.

// learnedAbbrev is a short form the answers define, with the topics of
// its most common meaning.
type learnedAbbrev struct {
	topics []int32 // the topics most of its defining answers name, in number order
	votes  int     // answers whose long form names them
	total  int     // answers defining the short form
}

// share is how specifically the short form names its topics, 0–1.
func (a learnedAbbrev) share() float64 { return float64(a.votes) / float64(max(a.total, 1)) }

// maxShortWords bounds a short form's words as the message reads them
// ("HTLV-1" is two, "E. coli" two).
const maxShortWords = 3

// shortKey is a short form's words as the message's are keyed (lower
// case, singular), or "" for one the lexicon cannot match.
func shortKey(short string) string {
	ws := nameWords(short)
	if len(ws) == 0 || len(ws) > maxShortWords {
		return ""
	}
	return strings.Join(ws, " ")
}

// learnAbbreviations reads the documents' pairs into l.learned. It runs
// after the names are known: a short form that is already a topic's name
// or synonym is the lexicon's own, and the long forms are looked up
// among the names.
func (l *lexicon) learnAbbreviations(docs []Document) {
	total := map[string]int{}
	votes := map[string]map[int32]int{}
	for _, d := range docs {
		// One vote per answer, however often it defines the short form.
		defined := map[string]bool{}
		named := map[string]map[int32]bool{}
		for _, p := range d.Abbreviations {
			sk := shortKey(p.Short)
			if _, known := l.entries[sk]; sk == "" || known {
				continue
			}
			defined[sk] = true
			key, ok := l.lookupLong(nameWords(p.Long))
			if !ok {
				continue
			}
			if named[sk] == nil {
				named[sk] = map[int32]bool{}
			}
			for _, t := range l.entries[key] {
				named[sk][t] = true
			}
		}
		for sk := range defined {
			total[sk]++
		}
		for sk, ts := range named {
			if votes[sk] == nil {
				votes[sk] = map[int32]int{}
			}
			for t := range ts {
				votes[sk][t]++
			}
		}
	}
	l.learned = map[string]learnedAbbrev{}
	for sk, vs := range votes {
		best := slices.Max(slices.Collect(maps.Values(vs)))
		a := learnedAbbrev{votes: best, total: total[sk]}
		for t, n := range vs {
			if n == best {
				a.topics = append(a.topics, t)
			}
		}
		slices.Sort(a.topics)
		l.learned[sk] = a
	}
}

// lookupLong finds the name a long form writes out: as a name is found,
// or without a generic head the topic's name lacks ("Holmes-Adie
// syndrome (HAS)" on the topic "Holmes-Adie"), the rule by which
// corpus/names.go joins such names of one topic.
func (l *lexicon) lookupLong(ws []string) (string, bool) {
	if key, ok := l.lookup(ws); ok {
		return key, true
	}
	if len(ws) >= 2 && genericHeads[ws[len(ws)-1]] {
		return l.lookup(ws[:len(ws)-1])
	}
	return "", false
}

// expandAbbreviation reads the words at i as a short form the answers
// define, when no name matched there: it adds the focus on its topics
// and returns how many words it took, or 0.
func (ix *Index) expandAbbreviation(u *Understanding, keys, raw []string, i int, loud bool) int {
	for n := min(maxShortWords, len(keys)-i); n >= 1; n-- {
		key := strings.Join(keys[i:i+n], " ")
		a, ok := ix.lex.learned[key]
		if !ok || !ix.writtenAsShortForm(key, raw[i:i+n], loud) {
			continue
		}
		f := Focus{Text: strings.Join(raw[i:i+n], " ")}
		spec := a.share()
		for _, t := range a.topics {
			if u.focusOn(t) >= spec {
				continue // named already, as specifically
			}
			f.Topics = append(f.Topics, ix.lex.topics[t])
			u.addTopic(t, spec)
		}
		for _, t := range a.topics {
			u.nameTopic(t)
		}
		if len(f.Topics) > 0 {
			u.Foci = append(u.Foci, f)
		}
		return n
	}
	return 0
}

// writtenAsShortForm guards a learned short form as singleWordName
// guards a topic's abbreviation. One that is also a stop word ("AS",
// "IS") or a word the answers use in lower case ("pet", "fish": an
// ordinary word) counts only in capitals, in a message that is not all
// capitals; "Fish" opening a sentence is the fish. Other short forms
// count however written ("cidp", "HbA1c"). One of several words needs a
// capital somewhere ("HTLV 1").
func (ix *Index) writtenAsShortForm(key string, raw []string, loud bool) bool {
	text := strings.Join(raw, "")
	switch {
	case len(key) < 2:
		return false
	case len(raw) > 1:
		return !loud && strings.IndexFunc(text, unicode.IsUpper) >= 0
	case stopWords[key] || ix.lex.lowerUse[key] >= 3:
		return !loud && strings.ToUpper(text) == text
	}
	return true
}

// attachAbbreviations gives each document the pairs its answer defines.
func attachAbbreviations(docs []Document, pairs []model.Abbreviation) {
	if len(pairs) == 0 {
		return
	}
	at := make(map[string]int, len(docs))
	for i, d := range docs {
		at[d.AnswerKey] = i
	}
	for _, p := range pairs {
		if i, ok := at[p.AnswerKey]; ok {
			docs[i].Abbreviations = append(docs[i].Abbreviations, p)
		}
	}
}

// focusOn is how specifically the message names topic t so far: 0 when
// it does not. Ranking reads a table instead (index.go); understanding
// asks it for the few topics of one short form.
func (u *Understanding) focusOn(t int32) float64 {
	for _, tw := range u.topics {
		if tw.topic == t {
			return tw.spec
		}
	}
	return 0
}
