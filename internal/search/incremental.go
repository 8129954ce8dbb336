package search

import (
	"errors"
	"maps"
	"slices"

	"healthqa/internal/model"
)

// A publish or unpublish changes one contributor answer, yet a full
// build of the index takes seconds on MedQuAD, and issue 10 gives a
// change 2 s to reach every node's /ask. WithContributors takes such a
// change into an index in milliseconds, and gives the index a full build
// of the same documents would: BM25's statistics (N, document
// frequencies, average field lengths) are counted from the postings and
// the live documents, never carried over, so only the order of equal
// scores can differ (TestWithContributorsIsFullBuild).

// ErrRebuild says that a change needs a full build: it reaches past the
// contributor answers an index can take in place (a topic the lexicon
// does not know, or one left without documents), or the index has taken
// MaxChanged documents since its last full build.
var ErrRebuild = errors.New("search: the change needs a full index build")

// MaxChanged bounds the documents added or taken out since an index's
// full build: taken-out documents keep their numbers, so an index of a
// node that only ever sees publishes would otherwise grow without end.
const MaxChanged = 2048

// WithContributors returns an index of this index's documents with its
// contributor answers (Dataset model.ContributorsDataset) replaced by
// docs, the store's published contributor answers now. It shares what
// did not change with this index, which stays usable. docs must all be
// contributor answers, each key once.
func (ix *Index) WithContributors(docs []Document) (*Index, error) {
	out, in, err := ix.contributorDiff(docs)
	if err != nil || len(out)+len(in) == 0 {
		if err == nil {
			return ix, nil
		}
		return nil, err
	}
	if len(ix.dead)+len(out)+ix.appended()+len(in) > MaxChanged {
		return nil, ErrRebuild
	}
	if err := ix.keepsTopics(out, in); err != nil {
		return nil, err
	}
	nx := &Index{stem: ix.stem, params: ix.params, postings: maps.Clone(ix.postings),
		dead: maps.Clone(ix.dead), base: ix.base}
	if nx.dead == nil {
		nx.dead = map[uint32]bool{}
		nx.base = len(ix.docs)
	}
	nx.docs = append(slices.Clip(ix.docs), in...)
	nx.fieldLen = append(slices.Clip(ix.fieldLen), make([][numFields]uint16, len(in))...)
	lex := *ix.lex
	lex.lowerUse = maps.Clone(ix.lex.lowerUse)
	nx.lex = &lex
	for _, d := range out {
		nx.dead[d] = true
		nx.takeOut(d, ix.docs[d])
		lex.countLowerBy(ix.docs[d].Answer, -1)
	}
	r := newRun(nx)
	for i, d := range in {
		r.add(uint32(len(ix.docs)+i), d)
		lex.countLowerBy(d.Answer, 1)
	}
	for t, list := range r.postings {
		nx.postings[t] = append(slices.Clip(nx.postings[t]), list...)
	}
	nx.derive()
	if definesAbbreviations(ix.docs, out, in) {
		// The short forms learned are votes over all answers' definitions
		// (abbreviations.go): counted again, as a full build counts them.
		lex.learnAbbreviations(nx.liveDocs())
	}
	nx.spell = &spellHolder{from: ix.spelling(), added: in}
	return nx, nil
}

// definesAbbreviations: a document taken out or added states an
// abbreviation's definition.
func definesAbbreviations(docs []Document, out []uint32, in []Document) bool {
	for _, d := range out {
		if len(docs[d].Abbreviations) > 0 {
			return true
		}
	}
	for _, d := range in {
		if len(d.Abbreviations) > 0 {
			return true
		}
	}
	return false
}

// contributorDiff finds the documents to take out (numbers of this
// index's live contributor documents that are gone or changed) and the
// ones to add (new or changed).
func (ix *Index) contributorDiff(docs []Document) (out []uint32, in []Document, err error) {
	now := make(map[string]int, len(docs))
	for i, d := range docs {
		if d.Dataset != model.ContributorsDataset {
			return nil, nil, errors.New("search: WithContributors: " + d.AnswerKey + " is not a contributor answer")
		}
		if _, dup := now[d.AnswerKey]; dup {
			return nil, nil, errors.New("search: WithContributors: " + d.AnswerKey + " twice")
		}
		now[d.AnswerKey] = i
	}
	kept := map[string]bool{}
	for i, d := range ix.docs {
		if d.Dataset != model.ContributorsDataset || ix.dead[uint32(i)] {
			continue
		}
		if j, ok := now[d.AnswerKey]; ok && sameDocument(d, docs[j]) {
			kept[d.AnswerKey] = true
			continue
		}
		out = append(out, uint32(i))
	}
	for _, d := range docs {
		if !kept[d.AnswerKey] {
			in = append(in, d)
		}
	}
	return out, in, nil
}

func sameDocument(a, b Document) bool {
	return a.DocID == b.DocID && a.AnswerKey == b.AnswerKey && a.QuestionSlug == b.QuestionSlug &&
		a.QuestionType == b.QuestionType && a.SourceQuestion == b.SourceQuestion && a.Title == b.Title &&
		a.Topic == b.Topic && a.TopicSlug == b.TopicSlug && a.SourceKey == b.SourceKey &&
		slices.Equal(a.Synonyms, b.Synonyms) && a.Answer == b.Answer && a.Dataset == b.Dataset &&
		slices.Equal(a.Abbreviations, b.Abbreviations)
}

// keepsTopics checks that the lexicon after the change is this one's:
// every added document is about a topic it knows, under the same
// synonyms, and no topic is left without a document.
func (ix *Index) keepsTopics(out []uint32, in []Document) error {
	synonyms := map[string][]string{}
	for i, d := range ix.docs {
		if !ix.dead[uint32(i)] {
			synonyms[d.Topic] = d.Synonyms
		}
	}
	for _, d := range in {
		syn, ok := synonyms[d.Topic]
		if !ok || !slices.Equal(syn, d.Synonyms) {
			return ErrRebuild
		}
	}
	left := map[int32]int{}
	for i := range ix.docs {
		if !ix.dead[uint32(i)] {
			left[ix.topicOf[i]]++
		}
	}
	for _, d := range out {
		left[ix.topicOf[d]]--
	}
	for _, d := range in {
		left[ix.lex.topicNumber(d.Topic)]++
	}
	for _, d := range out {
		if left[ix.topicOf[d]] == 0 {
			return ErrRebuild
		}
	}
	return nil
}

// takeOut removes document doc's postings; a term left without any is
// removed too, as a full build would never have made it.
func (ix *Index) takeOut(doc uint32, d Document) {
	tmp := &Index{fieldLen: make([][numFields]uint16, 1), stem: ix.stem}
	r := newRun(tmp)
	r.add(0, d)
	for t := range r.postings {
		list := ix.postings[t]
		kept := make([]posting, 0, max(len(list)-1, 0))
		for _, p := range list {
			if p.doc != doc {
				kept = append(kept, p)
			}
		}
		if len(kept) == 0 {
			delete(ix.postings, t)
			continue
		}
		ix.postings[t] = kept
	}
}

// appended counts the documents added since the last full build.
func (ix *Index) appended() int {
	if ix.dead == nil {
		return 0
	}
	return len(ix.docs) - ix.base
}

// liveDocs lists the documents not taken out, in index order.
func (ix *Index) liveDocs() []Document {
	out := make([]Document, 0, ix.live)
	for i, d := range ix.docs {
		if !ix.dead[uint32(i)] {
			out = append(out, d)
		}
	}
	return out
}
