package search

import (
	"maps"
	"slices"

	"healthqa/internal/model"
)

// The snapshot's part for abbreviations (issue 11, format version 2):
// each document's pairs after its synonyms, and the lexicon's learned
// short forms after its other tables.

func writeDocAbbreviations(w *wireWriter, d Document) {
	w.uint(uint64(len(d.Abbreviations)))
	for _, p := range d.Abbreviations {
		w.str(p.Short)
		w.str(p.Long)
	}
}

func readDocAbbreviations(r *wireReader, d *Document) {
	n := r.count(2, "abbreviations")
	if n == 0 {
		return
	}
	d.Abbreviations = make([]model.Abbreviation, n)
	for i := range d.Abbreviations {
		d.Abbreviations[i] = model.Abbreviation{AnswerKey: d.AnswerKey, Short: r.str(), Long: r.str()}
	}
}

// Learned short forms in key order: the key, the votes and total, and
// the topics' numbers.
func writeLearned(w *wireWriter, learned map[string]learnedAbbrev) {
	w.uint(uint64(len(learned)))
	for _, k := range slices.Sorted(maps.Keys(learned)) {
		a := learned[k]
		w.str(k)
		w.uint(uint64(a.votes))
		w.uint(uint64(a.total))
		w.uint(uint64(len(a.topics)))
		for _, t := range a.topics {
			w.uint(uint64(t))
		}
	}
}

func readLearned(r *wireReader, topics int) map[string]learnedAbbrev {
	n := r.count(4, "learned abbreviations")
	out := make(map[string]learnedAbbrev, n)
	for range n {
		k := r.str()
		a := learnedAbbrev{votes: int(r.upTo(1<<31-1, "votes")), total: int(r.upTo(1<<31-1, "answers"))}
		a.topics = make([]int32, r.count(1, "topics of a short form"))
		for i := range a.topics {
			a.topics[i] = int32(r.below(topics, "topic number"))
		}
		if _, dup := out[k]; dup || a.votes > a.total || len(a.topics) == 0 {
			r.fail("learned abbreviation %q repeated or inconsistent", k)
		}
		if r.err != nil {
			return nil
		}
		out[k] = a
	}
	return out
}
