package corpus

import (
	"slices"
	"sort"
	"strings"
)

// focus is one source document's subject as that source names it.
type focus struct {
	doc      int // index into the documents
	source   string
	name     string
	cuis     []string
	synonyms []string
	category string
}

// GenericCUIThreshold: a UMLS concept that sits on foci with this many
// distinct names is a broad class ("Disease", "Anemia"), not an identity.
// Merging never joins topics on such a concept, and the concept lookup
// (internal/store, /api/v1/concepts) says it is generic: GenericConcept
// is the one home of the rule.
const GenericCUIThreshold = 4

// GenericConcept reports whether a concept carried by foci (or topics)
// with these names is generic: GenericCUIThreshold or more distinct names
// once normalized as merging compares them.
func GenericConcept(names []string) bool {
	distinct := map[string]bool{}
	for _, n := range names {
		distinct[normalize(n)] = true
	}
	return len(distinct) >= GenericCUIThreshold
}

// merger joins the foci that name one topic. The rules, strongest first:
//   - the same name (after normalization, comma inversion, an acronym in
//     parentheses dropped) joins;
//   - a name with a generic head dropped ("Restless Legs") joins the same
//     name written without one;
//   - a name damaged by lost letters joins its intact spelling;
//   - a name equal to another focus's synonym, or two foci sharing a
//     synonym, join only when they share a specific UMLS concept as well:
//     synonyms are noisy (one source lists akathisia under restless legs)
//     and concepts are too broad alone.
//
// A shared concept alone never joins two foci. And since a source has
// one page per topic, every rule but the first refuses to join two
// differently named foci of one source: a source's "Factor V deficiency"
// and "Factor VII deficiency" are two topics however alike they look.
type merger struct {
	foci    []focus
	parent  []int
	generic map[string]bool
	// names holds, per component root, each source's normalized names.
	names map[int]map[string]map[string]bool
}

func newMerger(foci []focus) *merger {
	m := &merger{foci: foci, parent: make([]int, len(foci)), names: map[int]map[string]map[string]bool{}}
	for i, f := range foci {
		m.parent[i] = i
		m.names[i] = map[string]map[string]bool{f.source: {normalize(f.name): true}}
	}
	m.generic = genericCUIs(foci)
	return m
}

// groups runs every rule and returns the foci of each topic, each group
// and the groups in input order.
func (m *merger) groups() [][]int {
	names := m.index(nameKeys)
	m.joinWithin(names)
	m.joinBare(names)
	m.joinDamaged()
	m.joinSynonyms(names)
	byRoot := map[int][]int{}
	var roots []int
	for i := range m.foci {
		r := m.find(i)
		if _, ok := byRoot[r]; !ok {
			roots = append(roots, r)
		}
		byRoot[r] = append(byRoot[r], i)
	}
	out := make([][]int, len(roots))
	for i, r := range roots {
		out[i] = byRoot[r]
	}
	return out
}

func (m *merger) find(i int) int {
	for m.parent[i] != i {
		m.parent[i] = m.parent[m.parent[i]]
		i = m.parent[i]
	}
	return i
}

func (m *merger) union(a, b int) {
	ra, rb := m.find(a), m.find(b)
	if ra == rb {
		return
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	m.parent[rb] = ra
	for src, names := range m.names[rb] {
		if m.names[ra][src] == nil {
			m.names[ra][src] = names
			continue
		}
		for n := range names {
			m.names[ra][src][n] = true
		}
	}
	delete(m.names, rb)
}

// weakUnion joins unless that would put two differently named foci of
// one source on one topic.
func (m *merger) weakUnion(a, b int) {
	ra, rb := m.find(a), m.find(b)
	if ra == rb {
		return
	}
	for src, na := range m.names[ra] {
		if nb, ok := m.names[rb][src]; ok && !sameSet(na, nb) {
			return
		}
	}
	m.union(ra, rb)
}

func sameSet(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// nameKeys are the normalized forms under which a focus name is the
// same name.
func nameKeys(f focus) []string {
	keys := []string{normalize(f.name)}
	outside, inside := splitParenthetical(f.name)
	if inside != "" && isAbbreviation(inside) {
		keys = append(keys, normalize(outside))
	}
	if inv := invertComma(f.name); inv != "" {
		keys = append(keys, normalize(inv))
	}
	return nonEmpty(keys)
}

// synonymKeys are the forms that join only with a shared concept. A
// "synonym" made of some of the name's own words ("Anemia" on "Anemia
// due to adenosine triphosphatase deficiency") is a broader term, not
// another name, and is left out.
func synonymKeys(f focus) []string {
	var keys []string
	own := strings.Fields(normalize(f.name))
	for _, s := range f.synonyms {
		if k := normalize(s); !isAbbreviation(s) && !broader(strings.Fields(k), own) {
			keys = append(keys, k)
		}
	}
	if outside, inside := splitParenthetical(f.name); inside != "" {
		keys = append(keys, normalize(outside))
		if !isAbbreviation(inside) {
			keys = append(keys, normalize(inside))
		}
	}
	return nonEmpty(keys)
}

// broader reports whether words is a strict subset of name's words.
func broader(words, name []string) bool {
	if len(words) >= len(name) {
		return false
	}
	for _, w := range words {
		if !slices.Contains(name, w) {
			return false
		}
	}
	return true
}

func (m *merger) index(keysOf func(focus) []string) map[string][]int {
	idx := map[string][]int{}
	for i, f := range m.foci {
		for _, k := range keysOf(f) {
			idx[k] = append(idx[k], i)
		}
	}
	return idx
}

// Every join below walks its keys in sorted order: weakUnion refuses a
// join that an earlier one made impossible, so order must not depend on
// map iteration, or a re-import could merge differently.
func (m *merger) joinWithin(idx map[string][]int) {
	for _, k := range sortedKeys(idx) {
		list := idx[k]
		for _, j := range list[1:] {
			m.union(list[0], j)
		}
	}
}

func (m *merger) joinBare(names map[string][]int) {
	for i, f := range m.foci {
		if b := bare(normalize(f.name)); b != "" {
			for _, j := range names[b] {
				if sameCategory(f, m.foci[j]) {
					m.weakUnion(i, j)
				}
			}
		}
	}
}

// joinDamaged compares names of equal word count whose consonants agree;
// bucketing by that skeleton keeps the comparison near linear.
func (m *merger) joinDamaged() {
	buckets := map[string][]int{}
	for i, f := range m.foci {
		buckets[skeleton(normalize(f.name))] = append(buckets[skeleton(normalize(f.name))], i)
	}
	for _, k := range sortedKeys(buckets) {
		list := buckets[k]
		for a := 0; a < len(list); a++ {
			for b := a + 1; b < len(list); b++ {
				m.joinIfDamaged(list[a], list[b])
			}
		}
	}
}

func (m *merger) joinIfDamaged(a, b int) {
	na, nb := normalize(m.foci[a].name), normalize(m.foci[b].name)
	if len(na) > len(nb) {
		na, nb = nb, na
	}
	fa, fb := m.foci[a], m.foci[b]
	if vowelDamaged(na, nb) && sameCategory(fa, fb) && !m.conceptsConflict(fa, fb) {
		m.weakUnion(a, b)
	}
}

func skeleton(norm string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune("aeiouy", r) {
			return -1
		}
		return r
	}, norm)
}

func (m *merger) joinSynonyms(names map[string][]int) {
	syns := m.index(synonymKeys)
	for _, key := range sortedKeys(syns) {
		holders := syns[key]
		candidates := append(append([]int(nil), holders...), names[key]...)
		for a := 0; a < len(candidates); a++ {
			for b := a + 1; b < len(candidates); b++ {
				if m.shareConcept(candidates[a], candidates[b]) {
					m.weakUnion(candidates[a], candidates[b])
				}
			}
		}
	}
}

func (m *merger) shareConcept(a, b int) bool {
	for _, x := range m.foci[a].cuis {
		if m.generic[x] {
			continue
		}
		for _, y := range m.foci[b].cuis {
			if x == y {
				return true
			}
		}
	}
	return false
}

// conceptsConflict: both foci carry specific concepts and none is shared.
func (m *merger) conceptsConflict(a, b focus) bool {
	sa, sb := m.specific(a.cuis), m.specific(b.cuis)
	if len(sa) == 0 || len(sb) == 0 {
		return false
	}
	for _, x := range sa {
		for _, y := range sb {
			if x == y {
				return false
			}
		}
	}
	return true
}

func (m *merger) specific(cuis []string) []string {
	var out []string
	for _, c := range cuis {
		if !m.generic[c] {
			out = append(out, c)
		}
	}
	return out
}

func sameCategory(a, b focus) bool { return a.category == b.category }

func genericCUIs(foci []focus) map[string]bool {
	names := map[string][]string{}
	for _, f := range foci {
		for _, c := range f.cuis {
			names[c] = append(names[c], f.name)
		}
	}
	generic := map[string]bool{}
	for c, n := range names {
		if GenericConcept(n) {
			generic[c] = true
		}
	}
	return generic
}

func sortedKeys(m map[string][]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func nonEmpty(list []string) []string {
	out := list[:0]
	seen := map[string]bool{}
	for _, s := range list {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// sortedUnique returns the distinct non-empty strings in order.
func sortedUnique(list []string) []string {
	out := nonEmpty(append([]string(nil), list...))
	sort.Strings(out)
	return out
}
