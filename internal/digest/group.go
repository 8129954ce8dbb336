package digest

import (
	"math/bits"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

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

// uf is a union-find over candidates.
type uf []int

func (f uf) find(i int) int {
	for f[i] != i {
		f[i] = f[f[i]]
		i = f[i]
	}
	return i
}

func (f uf) union(i, j int) {
	a, b := f.find(i), f.find(j)
	if a != b {
		if a < b {
			f[b] = a
		} else {
			f[a] = b
		}
	}
}

// group unions candidates that name the same thing: the same statement,
// the same key, a verb + object part in common, a member named by another
// source, or a more general wording of exactly one more specific point
// ("stimulants" and "central nervous system stimulants", but not "pain"
// when both "bone pain" and "abdominal pain" are points).
func (b *builder) group() uf {
	f := make(uf, len(b.cands))
	for i := range f {
		f[i] = i
	}
	byKey := map[string]int{}
	for i, c := range b.cands {
		for _, k := range c.strong {
			if j, ok := byKey[k]; ok {
				f.union(i, j)
			} else {
				byKey[k] = i
			}
		}
	}
	primary := map[string]int{}
	for i, c := range b.cands {
		if _, ok := primary[c.key]; !ok {
			primary[c.key] = i
		}
	}
	for i, c := range b.cands {
		for _, k := range c.weak {
			if j, ok := primary[k]; ok {
				f.union(i, j)
			}
		}
	}
	// More general wordings.
	byHead := map[string][]int{}
	for i, c := range b.cands {
		if c.head != "" {
			byHead[c.head] = append(byHead[c.head], i)
		}
	}
	for _, is := range byHead {
		if len(is) < 2 {
			continue
		}
		for _, i := range is {
			ci := b.cands[i]
			var supers []int
			for _, j := range is {
				cj := b.cands[j]
				if f.find(i) != f.find(j) && len(cj.mods) > len(ci.mods) && subset(ci.mods, cj.mods) && !addsPolarity(ci.mods, cj.mods) &&
					!(b.namesCondition(cj) && !b.namesCondition(ci)) {
					supers = append(supers, j)
				}
			}
			if len(supers) == 0 || !chain(b.cands, supers) {
				continue
			}
			for _, j := range supers {
				f.union(i, j)
			}
		}
	}
	// A generic head is the general wording of the one specific point
	// with the same modifiers: "kidney problems" and "kidney failure",
	// unless "kidney stones" is a point too.
	for i, ci := range b.cands {
		if ci.head == "" || !ci.ghead {
			continue
		}
		words := withHead(ci)
		roots := map[int]bool{}
		for j, cj := range b.cands {
			if cj.head == "" || cj.ghead || f.find(i) == f.find(j) {
				continue
			}
			if all := withHead(cj); len(all) > len(words) && subset(words, all) && !addsPolarity(words, all) {
				roots[f.find(j)] = true
			}
		}
		if len(roots) == 1 {
			for r := range roots {
				f.union(i, r)
			}
		}
	}
	return f
}

// namesCondition reports a candidate whose words, as written, name a
// condition ("periodic limb movement disorder"): such a name is no more
// specific wording of a plain word it contains ("movement") but another
// thing.
func (b *builder) namesCondition(c *cand) bool {
	text := c.raw.ph.text(c.raw.u)
	if i := strings.IndexByte(text, '('); i > 0 {
		text = text[:i] // an acronym after the name: "(PLMD)"
	}
	ws := strings.Fields(lower(text))
	return len(ws) > 1 && conditionHeads[stem(strings.Trim(ws[len(ws)-1], ".,;:"))]
}

// withHead returns a candidate's modifiers and head, sorted.
func withHead(c *cand) []string {
	out := append(append([]string(nil), c.mods...), c.head)
	sort.Strings(out)
	return out
}

// polarStems are stems that reverse or redirect what a phrase says: a
// negation or a polarity verb ("no weight loss", "avoiding alcohol").
var polarStems = func() map[string]bool {
	m := map[string]bool{"not": true}
	for w := range polarityVerbs {
		m[stem(w)] = true
	}
	return m
}()

// addsPolarity reports whether b has a negation or polarity verb that a
// lacks: "weight loss" is no general wording of "no weight loss".
func addsPolarity(a, b []string) bool {
	for _, x := range b {
		if polarStems[x] && !slices.Contains(a, x) {
			return true
		}
	}
	return false
}

// subset reports whether sorted a is a subset of sorted b.
func subset(a, b []string) bool {
	j := 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j == len(b) || b[j] != x {
			return false
		}
		j++
	}
	return true
}

// chain reports whether the candidates' modifier sets are pairwise
// comparable: they all say the same thing more or less specifically.
func chain(cs []*cand, is []int) bool {
	for a := 0; a < len(is); a++ {
		for b := a + 1; b < len(is); b++ {
			x, y := cs[is[a]].mods, cs[is[b]].mods
			if !subset(x, y) && !subset(y, x) {
				return false
			}
		}
	}
	return true
}

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

// kindRank orders the kinds by how surely they name a point, for labels.
var kindRank = map[ckind]int{kHead: 0, kEnum: 1, kNamed: 2, kStatement: 3, kSubject: 4, kImperative: 5, kDefinition: 6}

// points turns groups into points: their sources, the evidence of each
// source, and a label taken from the sources' own words.
func (b *builder) points(f uf) []Point {
	groups := map[int][]*cand{}
	var roots []int
	for i, c := range b.cands {
		r := f.find(i)
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], c)
	}
	cache := map[*unit]*stream{}
	var out []built
	covered := map[[2]*unit]bool{}
	// Where the first words of the points' wordings occur, in order of
	// appearance.
	index := map[string][]spos{}
	for _, c := range b.cands {
		if len(c.seq) > 0 && c.stmt == "" {
			index[c.seq[0]] = nil
		}
	}
	for _, us := range b.units {
		for _, u := range us {
			if u.skip {
				continue
			}
			s := b.streamOf(u, cache)
			for i, st := range s.stems {
				if ps, ok := index[st]; ok {
					index[st] = append(ps, spos{u, s, i})
				}
			}
		}
	}
	for _, r := range roots {
		cs := groups[r]
		ev := map[string]Evidence{}
		var evUnits []*unit
		for _, c := range cs {
			evUnits = append(evUnits, c.u)
			if _, ok := ev[c.src]; ok {
				continue
			}
			ev[c.src] = Evidence{Source: c.src, AnswerKey: b.answers[c.ans].Key, Sentence: evidenceText(c)}
		}
		// Other sources that state the point in other words of theirs.
		var seqs [][]string
		seenSeq := map[string]bool{}
		for _, c := range cs {
			if c.stmt != "" || len(c.seq) == 0 || c.kind == kDefinition {
				continue
			}
			if len(c.seq) == 1 && (wordKind(c.seq[0]) != iContent || len(c.seq[0]) < 3) {
				continue
			}
			k := strings.Join(c.seq, " ")
			if !seenSeq[k] {
				seenSeq[k] = true
				seqs = append(seqs, c.seq)
			}
		}
		for _, seq := range seqs {
			for _, pos := range index[seq[0]] {
				src := b.answers[pos.u.ans].Source
				if _, ok := ev[src]; ok {
					continue
				}
				if b.mentionAt(pos.u, pos.s, pos.i, seq) {
					ev[src] = Evidence{Source: src, AnswerKey: b.answers[pos.u.ans].Key, Sentence: pos.u.text}
					evUnits = append(evUnits, pos.u)
				}
			}
		}
		lc := chooseLabel(cs)
		p := Point{Label: lc.label}
		// The label's own sentence is its source's evidence, so that the
		// label's words are always in an evidence sentence.
		ev[lc.src] = Evidence{Source: lc.src, AnswerKey: b.answers[lc.ans].Key, Sentence: evidenceText(lc)}
		for s := range ev {
			p.Sources = append(p.Sources, s)
		}
		sort.Strings(p.Sources)
		for _, s := range p.Sources {
			p.Evidence = append(p.Evidence, ev[s])
		}
		out = append(out, built{p, cs[0].u.order})
		for _, u := range evUnits {
			for _, v := range evUnits {
				covered[[2]*unit{u, v}] = true
			}
		}
	}
	var allSeqs [][][]string
	for _, r := range roots {
		var seqs [][]string
		for _, c := range groups[r] {
			if len(c.seq) > 0 && c.stmt == "" {
				seqs = append(seqs, c.seq)
			}
		}
		allSeqs = append(allSeqs, seqs)
	}
	out = append(out, b.sentencePoints(covered, allSeqs, cache)...)
	sort.SliceStable(out, func(i, j int) bool {
		if len(out[i].p.Sources) != len(out[j].p.Sources) {
			return len(out[i].p.Sources) > len(out[j].p.Sources)
		}
		return out[i].first < out[j].first
	})
	ps := make([]Point, len(out))
	for i, o := range out {
		ps[i] = o.p
	}
	return ps
}

type built struct {
	p     Point
	first int
}

// sentencePoints finds sentences that two or more sources share nearly
// word for word (NIH sources often copy one another): "There is no one
// medication that is helpful to all people with TS" is a point of both,
// even when no phrase in it was read as one. Sentences whose sources
// already share a point are left alone. The label is the shorter
// sentence, as written.
func (b *builder) sentencePoints(covered map[[2]*unit]bool, groupSeqs [][][]string, cache map[*unit]*stream) []built {
	type sent struct {
		u     *unit
		stems []string  // sorted, distinct
		sig   [2]uint64 // a bit per stem hash, to rule pairs out quickly
	}
	var ss []sent
	for _, us := range b.units {
		for _, u := range us {
			if u.skip || u.item || strings.HasSuffix(u.text, ":") || len(u.toks) > 40 {
				continue // a list's introduction, or a sentence too long for a label
			}
			st := sortedSet(b.streamOf(u, cache).stems)
			if len(st) >= 4 {
				var sig [2]uint64
				for _, x := range st {
					h := fnv(x)
					sig[h>>6&1] |= 1 << (h & 63)
				}
				ss = append(ss, sent{u, st, sig})
			}
		}
	}
	// By size: a Jaccard similarity of 0.6 needs sizes within 0.6 of
	// each other.
	sort.SliceStable(ss, func(i, j int) bool { return len(ss[i].stems) < len(ss[j].stems) })
	f := make(uf, len(ss))
	for i := range f {
		f[i] = i
	}
	linked := false
	for i := range ss {
		for j := i + 1; j < len(ss); j++ {
			a, c := ss[i], ss[j]
			if float64(len(a.stems)) < 0.6*float64(len(c.stems)) {
				break
			}
			if a.u.ans == c.u.ans || bits.OnesCount64(a.sig[0]&c.sig[0])+bits.OnesCount64(a.sig[1]&c.sig[1]) < 3 ||
				b.answers[a.u.ans].Source == b.answers[c.u.ans].Source {
				continue
			}
			common := intersect(a.stems, c.stems)
			if common < 4 || float64(common)/float64(len(a.stems)+len(c.stems)-common) < 0.6 {
				continue
			}
			if covered[[2]*unit{a.u, c.u}] || b.shareGroup(a.u, c.u, groupSeqs, cache) {
				continue
			}
			f.union(i, j)
			linked = true
		}
	}
	if !linked {
		return nil
	}
	clusters := map[int][]int{}
	var roots []int
	for i := range ss {
		r := f.find(i)
		if _, ok := clusters[r]; !ok {
			roots = append(roots, r)
		}
		clusters[r] = append(clusters[r], i)
	}
	var out []built
	for _, r := range roots {
		is := clusters[r]
		if len(is) < 2 {
			continue
		}
		ev := map[string]Evidence{}
		shortest := ""
		var labelUnit *unit
		for _, i := range is {
			u := ss[i].u
			src := b.answers[u.ans].Source
			if _, ok := ev[src]; !ok {
				ev[src] = Evidence{Source: src, AnswerKey: b.answers[u.ans].Key, Sentence: u.text}
			}
			if l := sentenceLabel(u); shortest == "" || len(l) < len(shortest) {
				shortest, labelUnit = l, u
			}
		}
		if labelUnit != nil {
			src := b.answers[labelUnit.ans].Source
			ev[src] = Evidence{Source: src, AnswerKey: b.answers[labelUnit.ans].Key, Sentence: labelUnit.text}
		}
		if len(ev) < 2 {
			continue
		}
		p := Point{Label: shortest}
		for s := range ev {
			p.Sources = append(p.Sources, s)
		}
		sort.Strings(p.Sources)
		for _, s := range p.Sources {
			p.Evidence = append(p.Evidence, ev[s])
		}
		out = append(out, built{p, ss[is[0]].u.order})
	}
	return out
}

// shareGroup reports whether two units both mention one of the points
// already found: their shared sentence is that point's evidence, not a
// point of its own.
func (b *builder) shareGroup(u, v *unit, groupSeqs [][][]string, cache map[*unit]*stream) bool {
	su, sv := b.streamOf(u, cache), b.streamOf(v, cache)
	for _, seqs := range groupSeqs {
		inU, inV := false, false
		for _, seq := range seqs {
			inU = inU || b.mention(u, su, seq)
			inV = inV || b.mention(v, sv, seq)
		}
		if inU && inV {
			return true
		}
	}
	return false
}

// fnv is the FNV-1a hash of a string.
func fnv(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// sortedSet returns the distinct strings of s, sorted.
func sortedSet(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	n := 0
	for i, x := range out {
		if i == 0 || x != out[n-1] {
			out[n] = x
			n++
		}
	}
	return out[:n]
}

// intersect counts the common strings of two sorted, distinct slices.
func intersect(a, b []string) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return n
}

// sentenceLabel is a sentence without its opening connective ("However,",
// "Unfortunately,") and its final period.
func sentenceLabel(u *unit) string {
	toks := u.toks
	start := 0
	if len(toks) > 2 && toks[1].p == ',' && toks[0].is(cConnectives) {
		start = 2
	}
	end := len(toks)
	for end > start && (toks[end-1].p == '.' || toks[end-1].p == '!' || toks[end-1].p == ';') {
		end--
	}
	if end <= start {
		return ""
	}
	l := u.text[toks[start].s:toks[end-1].e]
	if start > 0 {
		r, size := utf8.DecodeRuneInString(l)
		if !toks[start].up {
			l = string(unicode.ToUpper(r)) + l[size:]
		}
	}
	return l
}

var connectives = set("however", "unfortunately", "fortunately", "also", "additionally", "furthermore", "moreover",
	"therefore", "thus", "instead", "still", "currently", "overall", "generally", "importantly", "finally")

func evidenceText(c *cand) string {
	if c.evid != "" {
		return c.evid
	}
	return c.u.text
}

// chooseLabel picks the candidate whose wording most sources use; then
// the surest kind, the shorter, the first.
func chooseLabel(cs []*cand) *cand {
	type score struct {
		c     *cand
		srcs  map[string]bool
		rank  int
		words int
		first int
	}
	m := map[string]*score{}
	var order []string
	for _, c := range cs {
		k := strings.ToLower(c.label)
		s, ok := m[k]
		if !ok {
			s = &score{c: c, srcs: map[string]bool{}, rank: kindRank[c.kind], words: len(strings.Fields(c.label)), first: c.ord}
			m[k] = s
			order = append(order, k)
		}
		s.srcs[c.src] = true
		if r := kindRank[c.kind]; r < s.rank {
			s.rank = r
		}
		if isAcronym(c.label) {
			s.rank = 10 // "DBS": the words it stands for read better
		}
	}
	best := m[order[0]]
	for _, k := range order[1:] {
		s := m[k]
		switch {
		case len(s.srcs) != len(best.srcs):
			if len(s.srcs) > len(best.srcs) {
				best = s
			}
		case s.rank != best.rank:
			if s.rank < best.rank {
				best = s
			}
		case s.words != best.words:
			if s.words < best.words {
				best = s
			}
		}
	}
	return best.c
}
