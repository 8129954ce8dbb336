package digest

import (
	"math/bits"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Points: groups of candidates become labelled points with evidence,
// plus sentences that several sources share.

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
		p := Point{Label: claim(lc.label)}
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
	ps := make([]Point, len(out))
	for i, o := range out {
		ps[i] = o.p
	}
	b.markVoices(ps)
	for i := range out {
		out[i].p = ps[i]
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].p.Voices != out[j].p.Voices {
			return out[i].p.Voices > out[j].p.Voices
		}
		if len(out[i].p.Sources) != len(out[j].p.Sources) {
			return len(out[i].p.Sources) > len(out[j].p.Sources)
		}
		return out[i].first < out[j].first
	})
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
			common := common(a.stems, c.stems)
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
		p := Point{Label: claim(shortest)}
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
