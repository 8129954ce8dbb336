package digest

import (
	"slices"
	"sort"
	"strings"
)

// Candidate keys: a phrase's content words, its head and modifiers, so
// that wordings of one point meet ("pain in the abdomen" is "abdominal
// pain").

// item is one word of a phrase on its way to a key.
type item struct {
	stem string
	kind uint8
}

const (
	iContent uint8 = iota
	iStop
	iPrep
	iGenericMod
	iGenericNoun
	iNeg
	iVerb // a polarity verb
)

// preps end the core of a noun phrase: what follows them complements it.
var preps = set("of", "in", "on", "for", "with", "from", "at", "to", "by", "during", "after", "before", "below",
	"above", "under", "over", "due", "between", "within", "without", "that", "which", "who", "like", "into",
	"through", "throughout", "among", "around", "near", "across", "against", "toward", "towards", "because")

// phraseItems turns a phrase's words into key items: the topic's words
// left out, acronyms the answers define expanded ("DBS" is deep brain
// stimulation), the phrase lexicon applied.
func (b *builder) phraseItems(u *unit, flags []bool, idx []int) []item {
	stems := make([]string, 0, len(idx))
	kinds := make([]uint8, 0, len(idx))
	lex := false
	for _, k := range idx {
		t := &u.toks[k]
		if !t.word() || flags[k] {
			continue
		}
		if t.up {
			if exp, ok := b.acronyms[t.w]; ok {
				for _, e := range exp {
					stems = append(stems, e)
					kinds = append(kinds, iContent)
				}
				lex = true
				continue
			}
		}
		lex = lex || t.trig&fLex != 0
		stems = append(stems, t.stem)
		kinds = append(kinds, t.kind)
	}
	out := make([]item, 0, len(stems))
	for i := 0; i < len(stems); {
		matched := false
		if !lex {
			out = append(out, item{stems[i], kinds[i]})
			i++
			continue
		}
		for _, e := range lexByFirst[stems[i]] {
			if i+len(e.from) <= len(stems) && slices.Equal(stems[i:i+len(e.from)], e.from) {
				for _, s := range e.to {
					out = append(out, item{s, iContent})
				}
				i += len(e.from)
				matched = true
				break
			}
		}
		if !matched {
			out = append(out, item{stems[i], kinds[i]})
			i++
		}
	}
	return out
}

func wordKind(w string) uint8 {
	switch {
	case negations[w]:
		return iNeg
	case polarityVerbs[w]:
		return iVerb
	case preps[w]:
		return iPrep
	case stopWords[w] || determiners[w] || adverbs[w] || lightVerbs[w]:
		return iStop
	case genericMods[w]:
		return iGenericMod
	case genericNouns[w] || classAdjectives[w] || w == "behavior" || w == "behaviors" || w == "something":
		return iGenericNoun
	}
	return iContent
}

// keyOf computes a phrase's key. The head is the last content word of
// the phrase's core (before its first preposition), or of the phrase
// after "of" when the core is only umbrella words ("a greater chance of
// broken bones" is about broken bones). The key is the head and the set
// of the other content words, so that word order and function words do
// not matter ("pain in the abdomen" is "abdominal pain") but every
// content word does ("type 1 diabetes" is not "type 2 diabetes").
// ok is false for a phrase with no content word of its own.
func (b *builder) keyOf(u *unit, flags []bool, p phrase) (head string, mods, seq []string, ok bool) {
	head, mods, seq, _, ok = b.keyWithGenericHead(u, flags, p)
	return head, mods, seq, ok
}

// keyWithGenericHead is keyOf that also reports a core ending with a generic head
// ("kidney problems").
func (b *builder) keyWithGenericHead(u *unit, flags []bool, p phrase) (head string, mods, seq []string, ghead, ok bool) {
	its := b.phraseItems(u, flags, p.tokens())
	specific := false
	for _, it := range its {
		if it.kind == iContent {
			specific = true
		}
	}
	if !specific {
		return "", nil, nil, false, false
	}
	// The core: up to the first preposition that follows a word.
	coreEnd := len(its)
	for i, it := range its {
		if it.kind == iPrep && i > 0 {
			coreEnd = i
			break
		}
	}
	h := -1
	for i := coreEnd - 1; i >= 0; i-- {
		if its[i].kind == iContent || its[i].kind == iGenericNoun {
			ghead = its[i].kind == iGenericNoun && genericHeadStems[its[i].stem]
			break
		}
	}
	for i := coreEnd - 1; i >= 0; i-- {
		if its[i].kind == iContent {
			h = i
			break
		}
	}
	if h < 0 {
		for i := coreEnd - 1; i >= 0; i-- {
			if its[i].kind == iGenericNoun {
				h = i
				break
			}
		}
	}
	coreSpecific := false
	for _, it := range its[:coreEnd] {
		if it.kind == iContent {
			coreSpecific = true
		}
	}
	if !coreSpecific && coreEnd < len(its) {
		// "low levels of hypocretin", "a greater chance of broken bones".
		end := len(its)
		for i := coreEnd + 1; i < len(its); i++ {
			if its[i].kind == iPrep {
				end = i
				break
			}
		}
		for i := end - 1; i > coreEnd; i-- {
			if its[i].kind == iContent {
				h = i
				break
			}
		}
	}
	if h < 0 {
		return "", nil, nil, false, false
	}
	head = its[h].stem
	seen := map[string]bool{head: true}
	for i, it := range its {
		switch it.kind {
		case iContent, iNeg, iVerb:
			seq = append(seq, it.stem)
		case iGenericNoun:
			seq = append(seq, it.stem)
			continue
		default:
			continue
		}
		if i == h || seen[it.stem] {
			continue
		}
		seen[it.stem] = true
		if it.kind == iNeg {
			mods = append(mods, "not")
		} else {
			mods = append(mods, it.stem)
		}
	}
	sort.Strings(mods)
	return head, mods, seq, ghead, true
}

func keyString(head string, mods []string) string {
	return head + "|" + strings.Join(mods, " ")
}
