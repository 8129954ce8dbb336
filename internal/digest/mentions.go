package digest

import "slices"

// Mentions: whether a source names a point in words other than a list
// item (its stem stream, searched for a key's words).

// stream is a unit's content words, for finding mentions.
type stream struct {
	stems []string
	toks  []int // the token each stem came from
}

func (b *builder) streamOf(u *unit, cache map[*unit]*stream) *stream {
	if u.stream != nil {
		return u.stream
	}
	flags := b.flagsOf(u)
	simple := true
	for k := range u.toks {
		t := &u.toks[k]
		if t.trig&fLex != 0 || t.up {
			simple = false
			break
		}
	}
	if simple {
		// No lexicon phrase and no acronym: the content words as they are.
		s := &stream{stems: make([]string, 0, len(u.toks)/2), toks: make([]int, 0, len(u.toks)/2)}
		for k := range u.toks {
			t := &u.toks[k]
			if !t.word() || flags[k] {
				continue
			}
			switch t.kind {
			case iContent, iGenericNoun, iNeg, iVerb:
				s.stems = append(s.stems, t.stem)
				s.toks = append(s.toks, k)
			}
		}
		u.stream = s
		return s
	}
	idx := make([]int, 0, len(u.toks))
	for k := range u.toks {
		if u.toks[k].word() {
			idx = append(idx, k)
		}
	}
	// Keep the token of every item: rebuild items with their tokens.
	s := &stream{stems: make([]string, 0, len(idx)/2), toks: make([]int, 0, len(idx)/2)}
	stems := make([]string, 0, len(idx))
	toks := make([]int, 0, len(idx))
	kinds := make([]uint8, 0, len(idx))
	lex := false
	for _, k := range idx {
		t := &u.toks[k]
		if flags[k] {
			stems = append(stems, "\x00topic")
			toks = append(toks, k)
			kinds = append(kinds, iStop)
			continue
		}
		if t.up {
			if exp, ok := b.acronyms[t.w]; ok {
				for _, e := range exp {
					stems = append(stems, e)
					toks = append(toks, k)
					kinds = append(kinds, iContent)
				}
				continue
			}
		}
		stems = append(stems, t.stem)
		toks = append(toks, k)
		kinds = append(kinds, t.kind)
		lex = lex || t.trig&fLex != 0
	}
	for i := 0; i < len(stems); {
		matched := false
		if !lex {
			switch kinds[i] {
			case iContent, iGenericNoun, iNeg, iVerb:
				s.stems = append(s.stems, stems[i])
				s.toks = append(s.toks, toks[i])
			}
			i++
			continue
		}
		for _, e := range lexByFirst[stems[i]] {
			if i+len(e.from) <= len(stems) && slices.Equal(stems[i:i+len(e.from)], e.from) {
				for _, x := range e.to {
					s.stems = append(s.stems, x)
					s.toks = append(s.toks, toks[i])
				}
				i += len(e.from)
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		switch kinds[i] {
		case iContent, iGenericNoun, iNeg, iVerb:
			s.stems = append(s.stems, stems[i])
			s.toks = append(s.toks, toks[i])
		}
		i++
	}
	u.stream = s
	return s
}

// spos is a position in a unit's stream.
type spos struct {
	u *unit
	s *stream
	i int
}

// mention finds a point's wording in a unit (see mentionAt).
func (b *builder) mention(u *unit, s *stream, seq []string) bool {
	for p := 0; p+len(seq) <= len(s.stems); p++ {
		if b.mentionAt(u, s, p, seq) {
			return true
		}
	}
	return false
}

// mentionAt reports a point's wording at position p of a unit's stream:
// its content words in order, close together, not modified by a content
// word before them ("chest pain" is no mention of "pain"), not heading a
// longer name after them ("kidney failure" is no mention of "kidney"),
// and not negated.
func (b *builder) mentionAt(u *unit, s *stream, p int, seq []string) bool {
	n := len(seq)
	if n == 0 || p+n > len(s.stems) {
		return false
	}
	for i := 0; i < n; i++ {
		if s.stems[p+i] != seq[i] {
			return false
		}
	}
	first, last := s.toks[p], s.toks[p+n-1]
	if last-first > 2*n+2 {
		return false
	}
	// An acronym's expansion puts several stems on one token: a part of
	// it ("movement" of PLMD, periodic limb movement disorder) is no
	// mention.
	if p > 0 && s.toks[p-1] == first || p+n < len(s.toks) && s.toks[p+n] == last {
		return false
	}
	toks := u.toks
	polar := polarStems[seq[0]]
	if k := prevWord(toks, first); k >= 0 {
		t := &toks[k]
		if t.kind == iContent && !(toks[first].cap && !t.cap) {
			return false
		}
		for m, c := k, 0; m >= 0 && c < 3; m-- {
			if toks[m].word() {
				// "no response to amantadine", "avoiding alcohol".
				if toks[m].is(cNegations) || toks[m].is(cPolarityVerbs) && !polar {
					return false
				}
				c++
			}
		}
	}
	if k := last + 1; k < len(toks) && toks[k].word() && (toks[k].is(cDistributiveHeads) ||
		n == 1 && toks[k].kind == iContent) {
		// "kidney failure" is no mention of "kidney", nor "pain relief"
		// of "pain".
		return false
	}
	return true
}

func prevWord(toks []tok, k int) int {
	if k-1 >= 0 && toks[k-1].word() {
		return k - 1
	}
	if k-2 >= 0 && toks[k-1].p == '-' && toks[k-2].word() {
		return k - 2
	}
	return -1
}
