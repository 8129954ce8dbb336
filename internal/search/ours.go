package search

import "context"

// Ours is healthqa's own engine: question understanding, then BM25F with
// focus and type evidence.
type Ours struct{ ix *Index }

// NewEngine indexes the documents with the default parameters, the
// speller included, so that no search pays for building it.
func NewEngine(docs []Document) *Ours {
	ix := NewIndex(docs, DefaultParams)
	ix.PrepareSpelling()
	return &Ours{ix: ix}
}

// Index is the engine's index, for question pages and understanding.
func (o *Ours) Index() *Index { return o.ix }

// Name implements Engine.
func (o *Ours) Name() string { return "healthqa" }

// Search implements Engine: entries, best first. Entries sharing a
// DocID count once in evaluation, so it ranks a few more than k.
func (o *Ours) Search(ctx context.Context, query string, k int) ([]Hit, error) {
	u := o.ix.Understand(query)
	scored := o.ix.rank(ctx, u, 2*k)
	hits := make([]Hit, 0, k)
	seen := map[string]bool{}
	for _, s := range scored {
		d := o.ix.docs[s.Doc]
		if seen[d.DocID] {
			continue
		}
		seen[d.DocID] = true
		hits = append(hits, Hit{DocID: d.DocID, AnswerKey: d.AnswerKey, Score: s.Score})
		if len(hits) == k {
			break
		}
	}
	return hits, nil
}

// Close implements Engine.
func (o *Ours) Close() error { return nil }

// EngineOf wraps an index as an Engine.
func EngineOf(ix *Index) *Ours { return &Ours{ix: ix} }
