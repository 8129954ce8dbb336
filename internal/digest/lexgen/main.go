// Command lexgen writes the digest's lexicon of equivalent wordings
// (internal/digest/lexicon_pairs.tsv) from the pairs that MedQuAD's own
// answers state with a parenthesis: "itching (pruritus)", "an enlarged
// spleen (splenomegaly)". It reads every answer of the release, so the
// lexicon is a property of the corpus, not of any question; the filters
// below were fixed before the output was scored.
//
//	go run ./internal/digest/lexgen -zip ../shared/data/MedQuAD-master.zip -out internal/digest/lexicon_pairs.tsv
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"regexp"
	"sort"
	"strings"

	"healthqa/internal/medquad"
)

// Filters, fixed in advance.
const (
	maxInside   = 3 // words inside the parenthesis
	maxOutside  = 3 // words before it
	minAnswers  = 2 // distinct answers that state the pair
	minSources  = 2 // distinct MedQuAD sources among them: a source repeating its own template is one voice
	maxClassLen = 3 // wordings joined into one class at most; a longer chain is dropped whole
)

// parenRe finds a parenthesis of lower-case words only, right after a
// word: acronyms ("(RLS)"), numbers, citations and lists (commas, "e.g.")
// are never read as an equivalence.
var parenRe = regexp.MustCompile(`[A-Za-z] \(([a-z][a-z'-]*(?: [a-z][a-z'-]*){0,2})\)`)

// wordRe splits the text before a parenthesis into words and punctuation.
var wordRe = regexp.MustCompile(`[A-Za-z][A-Za-z'-]*|[^A-Za-z\s]`)

// pairAt reads the pair of the parenthesis matched at loc: the inside,
// and the wording before it, which is the run of up to maxOutside words
// before the parenthesis back to a function word or punctuation. The pair
// is dropped when that run is longer (the name may start earlier), when
// it is the object of a preposition or the last of a coordination (the
// parenthesis names the whole "collections of pus", "liver and spleen"),
// when a word goes on after the parenthesis (it is inside a
// name: "the first (big) toe"), or when one side holds the other.
func pairAt(text string, loc []int) (pair, bool) {
	inside := strings.Fields(text[loc[2]:loc[3]])
	if functionWords[inside[0]] || functionWords[inside[len(inside)-1]] {
		return pair{}, false
	}
	after := strings.TrimLeft(text[loc[1]:], " ")
	if m := wordRe.FindString(after); m != "" && isWord(m) && !functionWords[strings.ToLower(m)] {
		return pair{}, false
	}
	before := wordRe.FindAllString(text[max(0, loc[0]-200):loc[0]+1], -1)
	var out []string
	k := len(before) - 1
	for ; k >= 0 && isWord(before[k]) && !functionWords[strings.ToLower(before[k])]; k-- {
		out = append([]string{strings.ToLower(before[k])}, out...)
	}
	if len(out) == 0 || len(out) > maxOutside {
		return pair{}, false
	}
	for k >= 0 && determiners[strings.ToLower(before[k])] {
		k--
	}
	if k >= 0 && (prepositions[strings.ToLower(before[k])] || conjunctions[strings.ToLower(before[k])]) {
		return pair{}, false
	}
	p := pair{outside: strings.Join(out, " "), inside: strings.Join(inside, " ")}
	if sameWords(p.outside, p.inside) {
		return pair{}, false
	}
	return p, true
}

func isWord(s string) bool { c := s[0]; return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }

// prepositions before the wording (determiners skipped) mean the
// parenthesis names a longer phrase: "a buildup of fluid in the abdomen
// (ascites)" names the buildup, not the abdomen.
var prepositions = set("of", "in", "on", "at", "to", "from", "with", "by", "for", "into", "within", "around", "near",
	"inside", "under", "over", "between", "through", "behind", "toward", "towards", "across", "against", "along",
	"about", "than", "below", "above", "beneath", "outside", "throughout", "without", "during", "after", "before")

// conjunctions before the wording mean the parenthesis names the whole
// coordination: "an enlarged liver and spleen (hepatosplenomegaly)".
var conjunctions = set("and", "or", "nor", "and/or")

// determiners may stand between "of" and the wording: "collections of the
// pus (abscesses)".
var determiners = set("a", "an", "the", "each", "every", "these", "those", "this", "that", "their", "its", "his",
	"her", "your", "our", "some", "any", "all", "both", "many", "several", "other")

// functionWords end the wording before a parenthesis and may not open or
// close the one inside it: "called", "also", "or" introduce other names,
// not a plain restatement the digest could use.
var functionWords = set("a", "an", "the", "of", "in", "on", "at", "to", "for", "with", "by", "from", "and", "or",
	"nor", "as", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these", "those", "which",
	"who", "their", "they", "can", "may", "might", "will", "would", "should", "must", "do", "does", "has", "have",
	"had", "such", "also", "called", "known", "see", "including", "include", "includes", "e", "g", "i", "eg", "ie",
	"etc", "not", "no", "than", "other", "some", "many", "most", "more", "less", "very", "only", "if", "when", "where",
	"how", "what", "about", "like", "into", "often", "usually", "sometimes", "each", "both", "all", "any", "your",
	"you", "his", "her", "our", "we", "he", "she", "one", "two", "type", "types", "form", "forms", "so", "but",
	"because", "due", "between", "among", "during", "after", "before", "without", "within", "per", "via", "vs",
	"example", "instance", "especially", "mainly", "primarily", "usually", "generally", "typically", "being",
	"rarely", "commonly", "frequently", "say", "said", "term", "terms", "word", "words", "name", "names", "means",
	"meaning", "refers", "referred", "plural", "singular", "abbreviated", "short", "stands")

func set(ws ...string) map[string]bool {
	m := map[string]bool{}
	for _, w := range ws {
		m[w] = true
	}
	return m
}

type pair struct{ outside, inside string }

func main() {
	zip := flag.String("zip", "../shared/data/MedQuAD-master.zip", "the MedQuAD release")
	out := flag.String("out", "internal/digest/lexicon_pairs.tsv", "the file to write")
	flag.Parse()
	if err := run(*zip, *out); err != nil {
		log.Fatal(err)
	}
}

func run(zip, out string) error {
	ar, err := medquad.Open(zip)
	if err != nil {
		return err
	}
	defer ar.Close()
	// The answers that state each pair, and the first of them.
	type stat struct {
		answers map[string]bool
		sources map[string]bool
		first   string
	}
	pairs := map[pair]*stat{}
	seen := map[string]bool{}
	for _, f := range ar.Files {
		rc, err := f.Open()
		if err != nil {
			return err
		}
		doc, err := medquad.Parse(io.LimitReader(rc, medquad.MaxFileSize), f.Path)
		rc.Close()
		if err != nil {
			continue // the import skips and reports these too
		}
		for _, p := range doc.Pairs {
			if seen[p.Answer] {
				continue // an answer repeated word for word is one statement
			}
			seen[p.Answer] = true
			id := doc.DocID(p)
			for _, loc := range parenRe.FindAllStringSubmatchIndex(p.Answer, -1) {
				k, ok := pairAt(p.Answer, loc)
				if !ok {
					continue
				}
				s := pairs[k]
				if s == nil {
					s = &stat{answers: map[string]bool{}, sources: map[string]bool{}, first: id}
					pairs[k] = s
				}
				s.answers[id] = true
				s.sources[doc.Source] = true
			}
		}
	}
	type choice struct {
		p     pair
		n     int
		first string
	}
	var chosen []choice
	for k, s := range pairs {
		if len(s.answers) >= minAnswers && len(s.sources) >= minSources {
			chosen = append(chosen, choice{p: k, n: len(s.answers), first: s.first})
		}
	}
	// Join pairs into classes; a class longer than maxClassLen chains
	// different things and is dropped whole.
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		if parent[x] == "" || parent[x] == x {
			parent[x] = x
			return x
		}
		r := find(parent[x])
		parent[x] = r
		return r
	}
	for _, c := range chosen {
		a, b := find(c.p.outside), find(c.p.inside)
		if a != b {
			parent[a] = b
		}
	}
	classes := map[string][]string{}
	for _, c := range chosen {
		for _, w := range []string{c.p.outside, c.p.inside} {
			r := find(w)
			if !contains(classes[r], w) {
				classes[r] = append(classes[r], w)
			}
		}
	}
	sort.Slice(chosen, func(i, j int) bool {
		if chosen[i].p.inside != chosen[j].p.inside {
			return chosen[i].p.inside < chosen[j].p.inside
		}
		return chosen[i].p.outside < chosen[j].p.outside
	})
	fh, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(fh)
	fmt.Fprintln(w, "# Generated by go run ./internal/digest/lexgen from every answer of MedQuAD; do not edit.")
	fmt.Fprintln(w, "# wording before the parenthesis\twording inside it\tanswers stating the pair\tfirst such answer")
	kept := 0
	for _, c := range chosen {
		if len(classes[find(c.p.inside)]) > maxClassLen {
			continue
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%s\n", c.p.outside, c.p.inside, c.n, c.first)
		kept++
	}
	if err := w.Flush(); err != nil {
		fh.Close()
		return err
	}
	log.Printf("%d pairs (%d candidates)", kept, len(chosen))
	return fh.Close()
}

func sameWords(a, b string) bool {
	return a == b || strings.Contains(" "+a+" ", " "+b+" ") || strings.Contains(" "+b+" ", " "+a+" ")
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}
