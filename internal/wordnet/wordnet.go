// Package wordnet reads WordNet 3.0's dictionary files (Debian package
// wordnet-base, /usr/share/wordnet): the data files' synsets with their
// words and pointers, and the index files' senses of each lemma in
// WordNet's frequency order. It is read by the generators that derive
// committed word lists from WordNet (internal/digest/wngen,
// internal/search/syngen); the product never reads WordNet at run time.
package wordnet

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// Synset is one line of a data file.
type Synset struct {
	Offset  string // the synset's byte offset, its id within the file
	LexFile int    // lexicographer file number: 26 is noun.state, 08 noun.body…
	POS     byte   // n, v, a, s (adjective satellite) or r
	// Words are the synset's lemmas, lower case, with collocations
	// joined by "_" as WordNet writes them and adjective markers ("(a)")
	// removed.
	Words    []string
	Pointers []Pointer
}

// Pointer is one relation from a synset (Source 0) or one of its words
// (Source, 1-based) to another synset or its word (Target, 1-based).
type Pointer struct {
	Symbol         string // "\" pertainym, "@" hypernym, "+" derivation…
	Offset         string
	POS            byte
	Source, Target int
}

// ReadData parses a data file (data.noun, data.adj…): its synsets by
// offset, and the licence text of its header, which WordNet's licence
// asks to appear on every copy of derived data.
func ReadData(name string) (map[string]*Synset, []string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	out := map[string]*Synset{}
	var licence []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "  ") {
			// The licence header: "  12 text", the number dropped.
			if _, text, ok := strings.Cut(strings.TrimSpace(line), " "); ok {
				licence = append(licence, strings.TrimSpace(text))
			} else {
				licence = append(licence, "")
			}
			continue
		}
		if s, ok := parseSynset(line); ok {
			out[s.Offset] = s
		}
	}
	return out, licence, sc.Err()
}

// parseSynset reads "offset lex_filenum ss_type w_cnt word lex_id …
// p_cnt [ptr…] | gloss"; counts are hexadecimal for words, decimal for
// pointers.
func parseSynset(line string) (*Synset, bool) {
	if i := strings.Index(line, " | "); i >= 0 {
		line = line[:i]
	}
	f := strings.Fields(line)
	if len(f) < 4 || len(f[2]) != 1 {
		return nil, false
	}
	lex, err1 := strconv.Atoi(f[1])
	n, err2 := strconv.ParseInt(f[3], 16, 0)
	if err1 != nil || err2 != nil || 4+2*int(n) >= len(f) {
		return nil, false
	}
	s := &Synset{Offset: f[0], LexFile: lex, POS: f[2][0]}
	for i := 0; i < int(n); i++ {
		w := strings.ToLower(f[4+2*i])
		if k := strings.IndexByte(w, '('); k >= 0 {
			w = w[:k] // adjective markers: "(a)", "(p)", "(ip)"
		}
		s.Words = append(s.Words, w)
	}
	k := 4 + 2*int(n)
	np, err := strconv.Atoi(f[k])
	if err != nil {
		return s, true
	}
	for j := 0; j < np && k+4+4*j < len(f); j++ {
		sym, off, pos, st := f[k+1+4*j], f[k+2+4*j], f[k+3+4*j], f[k+4+4*j]
		if len(st) != 4 || len(pos) != 1 {
			continue
		}
		src, err1 := strconv.ParseInt(st[:2], 16, 0)
		tgt, err2 := strconv.ParseInt(st[2:], 16, 0)
		if err1 != nil || err2 != nil {
			continue
		}
		s.Pointers = append(s.Pointers, Pointer{Symbol: sym, Offset: off, POS: pos[0], Source: int(src), Target: int(tgt)})
	}
	return s, true
}

// ReadIndex parses an index file (index.noun…): each lemma's synset
// offsets, most frequent sense first (WordNet orders them by their
// counts in its sense-tagged corpora).
func ReadIndex(name string) (map[string][]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string][]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "  ") {
			continue // the licence header
		}
		// lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt offset…
		f := strings.Fields(line)
		if len(f) < 4 {
			continue
		}
		senses, err1 := strconv.Atoi(f[2])
		np, err2 := strconv.Atoi(f[3])
		if err1 != nil || err2 != nil || len(f) != 4+np+2+senses {
			continue
		}
		out[strings.ToLower(f[0])] = f[4+np+2:]
	}
	return out, sc.Err()
}
