package search

import (
	"math"
	"runtime"
	"sync"
)

// NewIndex indexes the documents, on every core Go may use: a node
// rebuilds its index on every content change another node makes, and
// issue 10 gives the change 2 s to reach it.
func NewIndex(docs []Document, p Params) *Index {
	return newIndex(docs, p, runtime.GOMAXPROCS(0))
}

// minRun is the fewest documents worth a goroutine of their own.
const minRun = 1024

// newIndex indexes docs in up to workers contiguous runs at once, the
// lexicon beside them. Each run keeps postings of its own, appended to
// the index's run by run, so every posting list is in document order
// and the index is the one a single pass builds
// (TestParallelBuildIsSequential).
func newIndex(docs []Document, p Params, workers int) *Index {
	ix := &Index{docs: docs, fieldLen: make([][numFields]uint16, len(docs)), stem: newStemmer(), params: p}
	var wg sync.WaitGroup
	wg.Go(func() {
		ix.lex = newLexicon(docs, ix.stem)
		ix.partial = newNameMatcher(ix.lex, ix.stem) // beside the postings, not after them
	})
	n := max(1, min(workers, len(docs)/minRun))
	runs := make([]map[string][]posting, n)
	for w := range n {
		lo, hi := w*len(docs)/n, (w+1)*len(docs)/n
		wg.Go(func() {
			r := newRun(ix)
			for i := lo; i < hi; i++ {
				r.add(uint32(i), docs[i])
			}
			runs[w] = r.postings
		})
	}
	wg.Wait()
	ix.postings = runs[0]
	for _, m := range runs[1:] {
		for t, list := range m {
			ix.postings[t] = append(ix.postings[t], list...)
		}
	}
	ix.derive()
	return ix
}

// run indexes a run of documents. Its scratch (one document's term
// counts) is reused from document to document, and it remembers the
// stems it has seen, so that most words pass neither the allocator nor
// the shared stemmer's lock.
type run struct {
	ix       *Index
	postings map[string][]posting
	slot     map[string]int32    // the document's terms: index in counts
	terms    []string            // the document's terms, in slot order
	counts   [][numFields]uint16 // per term in slot, its count per field
	stems    map[string]string
	words    []string
}

// maxRunStems bounds a run's stem memory as the shared stemmer's cache
// is bounded.
const maxRunStems = 1 << 20

func newRun(ix *Index) *run {
	return &run{ix: ix, postings: map[string][]posting{}, slot: map[string]int32{}, stems: map[string]string{}}
}

// add indexes one document; of ix it writes only doc's field lengths, so
// runs of documents may be added at once.
func (r *run) add(doc uint32, d Document) {
	texts := [numFields]string{fieldTitle: d.Title, fieldAsked: d.SourceQuestion, fieldTopic: d.Topic, fieldAnswer: d.Answer}
	clear(r.slot)
	r.terms, r.counts = r.terms[:0], r.counts[:0]
	for f, text := range texts {
		n := r.count(f, text)
		if f == fieldTopic {
			for _, syn := range d.Synonyms {
				n += r.count(f, syn)
			}
		}
		r.ix.fieldLen[doc][f] = uint16(min(n, math.MaxUint16))
	}
	for i, t := range r.terms {
		r.postings[t] = append(r.postings[t], posting{doc: doc, tf: r.counts[i]})
	}
}

// count adds the terms of text (stemmer.terms) to field f's counts and
// returns how many there were.
func (r *run) count(f int, text string) int {
	r.words = appendWords(r.words[:0], text)
	n := 0
	for _, w := range r.words {
		if stopWords[w] {
			continue
		}
		n++
		t, ok := r.stems[w]
		if !ok {
			t = r.ix.stem.stem(w)
			if len(r.stems) < maxRunStems {
				r.stems[w] = t
			}
		}
		i, ok := r.slot[t]
		if !ok {
			i = int32(len(r.terms))
			r.slot[t] = i
			r.terms = append(r.terms, t)
			r.counts = append(r.counts, [numFields]uint16{})
		}
		if r.counts[i][f] < math.MaxUint16 {
			r.counts[i][f]++
		}
	}
	return n
}
