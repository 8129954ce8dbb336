package search

import (
	"slices"
	"strings"
)

// Brand and generic drug names (issue 11, class 4). MedlinePlus's drug
// pages are named by the generic ("Atorvastatin") and MedQuAD withholds
// their text, so a message naming the brand finds nothing of them. The
// corpus states the pairs elsewhere, and brandMap learns them from it
// when the index is built, by two rules:
//
//  1. Answer text writing a generic name with brand names in brackets,
//     "naproxen (Aleve)" or "ibuprofen (Advil, Motrin)", or a brand with
//     the generic in brackets, "Aleve (naproxen)";
//  2. a topic name and its synonym that differ in one word, one a
//     generic, the other a brand: "Acetaminophen overdose" with the
//     synonym "Tylenol overdose".
//
// A generic is the first word of the name of a drug topic (one with a
// page of a type only drug pages have, drugTypes); a first word several
// drug names share ("sodium", "insulin") counts only if it is a whole
// drug name itself. A brand is one word written with a capital and not
// all in capitals (an abbreviation is no brand), that is not a generic
// itself and that few entries use (maxBrandDocs), which leaves out
// common words that happen to follow a drug in brackets ("(Oral)").
type brandMap map[string][]string

// drugTypes are question types only drug and supplement pages have.
var drugTypes = map[string]bool{"forget a dose": true, "brand names": true, "indication": true}

const (
	// maxBrandDocs: a brand name is rare in the corpus; a word in more
	// entries is an ordinary word.
	maxBrandDocs = 20
	// maxSharedFirst: a first word more drug names share is a class
	// ("insulin"), not one generic.
	maxSharedFirst = 3
	// maxGenerics bounds the generics one brand maps to (combinations).
	maxGenerics = 3
)

func learnBrands(ix *Index) brandMap {
	generic := ix.genericNames()
	b := brandMap{}
	isBrand := func(w string) bool {
		return w != "" && !generic[strings.ToLower(w)] && brandShape(w) &&
			len(ix.postings[ix.stem.stem(strings.ToLower(w))]) <= maxBrandDocs
	}
	add := func(brand, gen string) {
		brand, gen = strings.ToLower(brand), strings.ToLower(gen)
		if gs := b[brand]; len(gs) < maxGenerics && !slices.Contains(gs, gen) {
			b[brand] = append(gs, gen)
		}
	}
	for i, d := range ix.docs {
		if ix.dead[uint32(i)] {
			continue
		}
		for text := d.Answer; ; {
			i := strings.IndexByte(text, '(')
			if i < 0 {
				break
			}
			before, inside, rest := bracketed(text, i)
			text = rest
			if before == "" || inside == "" {
				continue
			}
			if generic[strings.ToLower(before)] {
				for _, n := range bracketNames(inside) {
					if isBrand(n) {
						add(n, before)
					}
				}
			} else if generic[strings.ToLower(inside)] && isBrand(before) {
				add(before, inside)
			}
		}
	}
	ix.synonymBrands(generic, isBrand, add)
	for _, gs := range b {
		slices.Sort(gs)
	}
	return b
}

// genericNames are the generic names of drug topics (see brandMap).
func (ix *Index) genericNames() map[string]bool {
	first := map[string]int{}
	whole := map[string]bool{}
	seen := map[string]bool{}
	for i, d := range ix.docs {
		if ix.dead[uint32(i)] {
			continue
		}
		if !drugTypes[d.QuestionType] || seen[d.Topic] {
			continue
		}
		seen[d.Topic] = true
		ws := words(d.Topic)
		if len(ws) == 0 || len(ws[0]) < 4 {
			continue
		}
		first[ws[0]]++
		if len(ws) == 1 {
			whole[ws[0]] = true
		}
	}
	out := map[string]bool{}
	for w, n := range first {
		if n <= maxSharedFirst || whole[w] {
			out[w] = true
		}
	}
	return out
}

// synonymBrands applies rule 2: a name and a synonym of one topic, the
// same length, differing in one word.
func (ix *Index) synonymBrands(generic map[string]bool, isBrand func(string) bool, add func(string, string)) {
	seen := map[string]bool{}
	for i, d := range ix.docs {
		if ix.dead[uint32(i)] {
			continue
		}
		if seen[d.Topic] || len(d.Synonyms) == 0 {
			continue
		}
		seen[d.Topic] = true
		name := strings.Fields(d.Topic)
		for _, s := range d.Synonyms {
			syn := strings.Fields(s)
			if len(syn) != len(name) {
				continue
			}
			if i, ok := oneDifference(name, syn); ok && generic[strings.ToLower(name[i])] && isBrand(syn[i]) {
				add(syn[i], name[i])
			}
		}
	}
}

// oneDifference is the one place two word lists differ, ignoring case.
func oneDifference(a, b []string) (int, bool) {
	at := -1
	for i := range a {
		if strings.EqualFold(a[i], b[i]) {
			continue
		}
		if at >= 0 {
			return 0, false
		}
		at = i
	}
	return at, at >= 0
}

// bracketed splits text around the bracket at i: the word just before
// it (with one space between), what the brackets hold (at most 80
// bytes, else nothing) and the text after the bracket.
func bracketed(text string, i int) (before, inside, rest string) {
	end := strings.IndexByte(text[i:], ')')
	rest = text[i+1:]
	if end > 0 && end <= 80 {
		inside, rest = text[i+1:i+end], text[i+end+1:]
	}
	if i < 2 || text[i-1] != ' ' {
		return "", inside, rest
	}
	j := i - 1
	for j > 0 && isWordByte(text[j-1]) {
		j--
	}
	return text[j : i-1], inside, rest
}

// bracketNames splits "Advil, Motrin" or "Zestril or Prinivil" into
// names; a part of more than one word is no name and is left out.
func bracketNames(inside string) []string {
	var out []string
	inside = listWords.Replace(inside)
	for _, part := range strings.FieldsFunc(inside, func(r rune) bool { return r == ',' || r == ';' || r == '/' }) {
		if f := strings.Fields(part); len(f) == 1 {
			out = append(out, f[0])
		}
	}
	return out
}

var listWords = strings.NewReplacer(" or ", ",", " and ", ",")

// brandShape: one word of letters (digits allowed after the first),
// capitalized, not all capitals, at least four letters long.
func brandShape(w string) bool {
	if len(w) < 4 || w[0] < 'A' || w[0] > 'Z' {
		return false
	}
	lower := false
	for i := 1; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= 'a' && c <= 'z':
			lower = true
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		default:
			return false
		}
	}
	return lower
}

// generics are the generic names a message word is a brand of.
func (m *nameMatcher) generics(w string) []string { return m.brands[w] }
