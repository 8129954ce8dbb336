package search

import (
	"bytes"
	"math"
	"testing"

	"healthqa/internal/store/storetest"
)

// onePass is the straightforward build newIndex replaced: one document
// after the other, a fresh map of term counts each, every word through
// the shared stemmer. newIndex must build its index exactly.
func onePass(docs []Document, p Params) *Index {
	ix := &Index{docs: docs, postings: map[string][]posting{}, fieldLen: make([][numFields]uint16, len(docs)), stem: newStemmer(), params: p}
	ix.lex = newLexicon(docs, ix.stem)
	for i, d := range docs {
		doc := uint32(i)
		texts := [numFields]string{fieldTitle: d.Title, fieldAsked: d.SourceQuestion, fieldTopic: d.Topic, fieldAnswer: d.Answer}
		tf := map[string]*[numFields]uint16{}
		for f, text := range texts {
			terms := ix.stem.terms(text)
			if f == fieldTopic {
				for _, syn := range d.Synonyms {
					terms = append(terms, ix.stem.terms(syn)...)
				}
			}
			ix.fieldLen[doc][f] = uint16(min(len(terms), math.MaxUint16))
			for _, t := range terms {
				c := tf[t]
				if c == nil {
					c = new([numFields]uint16)
					tf[t] = c
				}
				if c[f] < math.MaxUint16 {
					c[f]++
				}
			}
		}
		for t, c := range tf {
			ix.postings[t] = append(ix.postings[t], posting{doc: doc, tf: *c})
		}
	}
	ix.derive()
	return ix
}

// TestParallelBuildIsSequential: indexing runs of documents at once, with
// reused scratch, must build the index one plain pass builds, byte for
// byte in its snapshot, for any number of runs (a run boundary inside a
// posting list, more runs than cores, one run).
func TestParallelBuildIsSequential(t *testing.T) {
	c := storetest.GenerateContent(300, 1500, 6000, 60)
	docs := Documents(c.TopicsBySlug(), c.QuestionsBySlug(), c.Answers)
	// Words the generator does not write: accents, apostrophes, stop
	// words, a word repeated within and across fields.
	docs[0].Answer += " Ménière's disease, the DISEASE of the ear; l'oreille"
	docs[4000].Title += " Sjögren Sjögren's"
	want := onePass(docs, DefaultParams).Snapshot()
	for _, workers := range []int{1, 2, 3, 5, 64} {
		if got := newIndex(docs, DefaultParams, workers).Snapshot(); !bytes.Equal(got, want) {
			t.Errorf("%d workers: the snapshot differs from one pass's", workers)
		}
	}
}
