package digest

import "strings"

// topicInfo recognizes the question's topic in the answers: its name, its
// synonyms, their shorter forms ("Paget's disease" for "Paget disease of
// bone", "Crohn's" for "Crohn disease") and their acronyms ("RLS", "PV").
// The topic is never a point, and its words never make two points differ.
type topicInfo struct {
	seqs  [][]string      // stem sequences of the names, longest first
	words map[string]bool // content stems of the names
	acr   map[string]bool // acronyms, lower-case
}

func newTopic(topic string, synonyms []string) *topicInfo {
	t := &topicInfo{words: map[string]bool{}, acr: map[string]bool{}}
	seen := map[string]bool{}
	addSeq := func(s []string) {
		if len(s) == 0 {
			return
		}
		k := strings.Join(s, " ")
		if seen[k] {
			return
		}
		seen[k] = true
		t.seqs = append(t.seqs, s)
	}
	for _, name := range append([]string{topic}, synonyms...) {
		toks := tokenize(name)
		var stems, initials []string
		var stop []bool // stems[i] is a function word
		for _, tk := range toks {
			if !tk.word() {
				continue
			}
			stems = append(stems, tk.stem)
			stop = append(stop, tk.is(cStopWords))
			if !tk.is(cStopWords) {
				t.words[tk.stem] = true
				initials = append(initials, tk.w[:1])
			}
			if tk.up {
				t.acr[tk.w] = true
			}
		}
		addSeq(stems)
		// Cut at "of": "Paget disease of bone" is "Paget disease".
		cut := stems
		for i, s := range stems {
			if s == "of" && i > 0 {
				cut = stems[:i]
				break
			}
		}
		addSeq(cut)
		// Without a generic head: "Paget", "Crohn", "restless legs".
		if n := len(cut); n > 1 && topicNameHeads[cut[n-1]] {
			addSeq(cut[:n-1])
		}
		if len(initials) >= 2 {
			t.acr[strings.Join(initials, "")] = true
			// The acronym of the part before "of": the initials of its
			// words that are not function words ("The disease of the
			// kidney" has one, and so no acronym).
			n := 0
			for _, st := range stop[:len(cut)] {
				if !st {
					n++
				}
			}
			if n >= 2 && len(cut) < len(stems) {
				t.acr[strings.Join(initials[:n], "")] = true
			}
		}
	}
	// Longest first, so that the longest mention is flagged.
	for i := 1; i < len(t.seqs); i++ {
		for j := i; j > 0 && len(t.seqs[j]) > len(t.seqs[j-1]); j-- {
			t.seqs[j], t.seqs[j-1] = t.seqs[j-1], t.seqs[j]
		}
	}
	return t
}

// learnAcronyms adds the acronyms the answers define for the topic: a
// topic mention followed by "(ABC)".
func (t *topicInfo) learnAcronyms(us []*unit) {
	for _, u := range us {
		var flags []bool
		for k := 1; k+2 < len(u.toks); k++ {
			if u.toks[k].p != '(' || !u.toks[k+1].up || u.toks[k+2].p != ')' {
				continue
			}
			if flags == nil {
				flags = t.mark(u)
			}
			if flags[k-1] {
				t.acr[u.toks[k+1].w] = true
			}
		}
	}
}

// mark flags the tokens of a unit that belong to a mention of the topic.
func (t *topicInfo) mark(u *unit) []bool {
	toks := u.toks
	flags := make([]bool, len(toks))
	for k := 0; k < len(toks); k++ {
		tk := &toks[k]
		if !tk.word() {
			continue
		}
		if tk.up && t.acr[tk.w] {
			flags[k] = true
			continue
		}
		if !t.words[tk.stem] {
			continue
		}
		for _, s := range t.seqs {
			if end := matchSeq(toks, k, s); end > 0 {
				for m := k; m < end; m++ {
					flags[m] = true
				}
				k = end - 1
				break
			}
		}
	}
	return flags
}

// matchSeq matches a stem sequence at token k, skipping hyphens and
// apostrophes between words; it returns the end of the match or -1.
func matchSeq(toks []tok, k int, s []string) int {
	m := k
	for i, st := range s {
		for i > 0 && m < len(toks) && (toks[m].p == '-' || toks[m].p == '\'') {
			m++
		}
		if m >= len(toks) || toks[m].stem != st {
			return -1
		}
		m++
	}
	return m
}

// word reports a token that is a word of the topic's name or an acronym.
func (t *topicInfo) word(tk *tok) bool {
	return t.words[tk.stem] || tk.up && t.acr[tk.w]
}

// inside reports whether every word in bytes [s, e) of a unit belongs to a
// mention of the topic.
func (t *topicInfo) inside(u *unit, flags []bool, s, e int) bool {
	n := 0
	for k, tk := range u.toks {
		if tk.word() && tk.s >= s && tk.e <= e {
			if !flags[k] {
				return false
			}
			n++
		}
	}
	return n > 0
}
