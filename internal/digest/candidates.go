package digest

import (
	"unicode"
	"unicode/utf8"
)

// Candidates: the raw phrases and statements of every answer with their
// keys and labels, and the acronyms the answers define.

// A cand is a candidate point with its keys.
type cand struct {
	raw
	src    string // the answer's source
	ans    int
	ord    int    // order of appearance
	label  string // as written
	key    string // primary key: "head|mod mod", or "stmt:id"
	head   string
	mods   []string // sorted
	strong []string // keys that group: the primary key and the verb + object parts
	weak   []string // member keys: they group with another candidate's primary key
	seq    []string // content stems in order, to find the point in other answers
	ghead  bool     // the phrase's core ends with a generic head ("kidney problems")
}

// builder holds one digest's state.
type builder struct {
	qtype    string
	answers  []Answer
	topic    *topicInfo
	units    [][]*unit
	acronyms map[string][]string // acronyms the answers define, lower-case, to their stems
	cands    []*cand
}

func (b *builder) flagsOf(u *unit) []bool {
	if u.flags == nil {
		u.flags = b.topic.mark(u)
	}
	return u.flags
}

// learnAcronyms finds "words (ABC)" whose initials spell ABC, so that
// "DBS" groups with "deep brain stimulation".
func (b *builder) learnAcronyms() {
	for _, us := range b.units {
		for _, u := range us {
			toks := u.toks
			for k := 1; k+2 < len(toks); k++ {
				if toks[k].p != '(' || !toks[k+1].up || toks[k+2].p != ')' {
					continue
				}
				a := toks[k+1].w
				if _, ok := b.acronyms[a]; ok {
					continue
				}
				// Match initials backwards over the words before "(".
				var stems []string
				m := k - 1
				i := len(a) - 1
				for m >= 0 && i >= 0 {
					t := &toks[m]
					if !t.word() {
						if t.p != '-' {
							break
						}
						m--
						continue
					}
					if t.w[0] == a[i] {
						stems = append(stems, t.stem)
						i--
					} else if !t.is(cStopWords) {
						break
					}
					m--
				}
				if i < 0 {
					for l, r := 0, len(stems)-1; l < r; l, r = l+1, r-1 {
						stems[l], stems[r] = stems[r], stems[l]
					}
					b.acronyms[a] = stems
				}
			}
		}
	}
}

// makeCands computes the keys of the raw candidates and drops those that
// name nothing (the topic, umbrella words).
func (b *builder) makeCands(raws []raw) {
	seen := map[string]bool{}
	for _, r := range raws {
		u := r.u
		c := &cand{raw: r, ans: u.ans, src: b.answers[u.ans].Source, ord: len(b.cands)}
		if r.stmt != "" {
			c.key = "stmt:" + r.stmt
			c.label = r.label
			c.strong = []string{c.key}
		} else {
			flags := b.flagsOf(u)
			head, mods, seq, ghead, ok := b.keyWithGenericHead(u, flags, r.ph)
			if !ok {
				continue
			}
			c.head, c.mods, c.seq, c.ghead = head, mods, seq, ghead
			c.key = keyString(head, mods)
			c.label = r.ph.text(u)
			c.strong = []string{c.key}
			for _, s := range r.ph.subs {
				if h, m, _, ok := b.keyOf(u, flags, s); ok {
					c.strong = append(c.strong, keyString(h, m))
				}
			}
			for _, s := range r.ph.members {
				if h, m, _, ok := b.keyOf(u, flags, s); ok {
					c.weak = append(c.weak, keyString(h, m))
				}
			}
			c.label = tidyLabel(u, r.ph, c.label)
			// A phrase that is a statement ("Family history" as a list
			// item) groups with that statement.
			ll := lower(c.label)
			for i := range statementPatterns {
				st := &statementPatterns[i]
				if st.qtypes[b.qtype] && st.applies(ll) && st.re.MatchString(ll) {
					c.strong = append(c.strong, "stmt:"+st.id)
					break
				}
			}
		}
		if c.label == "" {
			continue
		}
		// One candidate per unit and key.
		dk := c.key + "\x00" + u.text + "\x00" + c.src
		if seen[dk] {
			continue
		}
		seen[dk] = true
		c.ord = len(b.cands)
		b.cands = append(b.cands, c)
	}
}

// tidyLabel lower-cases the first letter of a label that starts a
// sentence or item ("Low iron levels" → "low iron levels"), unless the
// word is an acronym or a name written in capitals inside sentences.
func tidyLabel(u *unit, p phrase, label string) string {
	if len(p.spans) == 0 {
		return label
	}
	k := p.spans[0][0]
	t := &u.toks[k]
	if !t.cap || t.up || t.e-t.s < 3 {
		return label // "Ig therapy" keeps its capital
	}
	first := -1
	for m := range u.toks {
		if u.toks[m].word() {
			first = m
			break
		}
	}
	if first != k {
		return label
	}
	r, size := utf8.DecodeRuneInString(label)
	return string(unicode.ToLower(r)) + label[size:]
}
