package peers

import (
	"context"
	"fmt"
	"math"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"

	"healthqa/internal/search"
)

// allField is Bleve's composite field holding the tokens of every field
// included in it.
const allField = "_all"

// Bleve ranks documents with Bleve's BM25 over its composite "_all"
// field, into which every indexed field is analyzed with the built-in
// "en" analyzer (unicode words, possessives stripped, lower-cased,
// English stop words removed, Porter-stemmed). Like FTS5's bm25(), that
// scores a document as one bag of all its fields' words, each field
// weighing the same; a disjunction of per-field queries would instead
// score each field on its own and add them up.
//
// Bleve's BM25 (v2.6) is its own variant, left as it is: tf enters as
// √tf, idf is squared (query weight times field weight), a disjunction's
// sum is scaled by the share of query terms matched (coord), and the
// average field length is the field's vocabulary size over the document
// count, rounded up, not the mean token count. On MedQuAD that average
// is 1, so length normalization strongly favours short documents: the
// entries whose answer text the dataset withholds.
type Bleve struct {
	idx    bleve.Index
	docIDs map[string]string // AnswerKey → DocID
}

var _ search.Engine = (*Bleve)(nil)

// Bleve adds up a disjunction's term scores in the order its heap hands
// the matching terms over once a query has more than
// DisjunctionHeapTakeover terms, as consumers' messages do; that order
// follows internal document numbers, which follow the random order in
// which a batch's documents finish analysis. Float sums then differ in
// the last bit from one build to the next, and near-ties, even at rank 1,
// flip. The slice searcher adds them in query order, so the same index
// content always scores the same. The setting is Bleve's documented knob
// for applications, and changes speed, not the scoring formula.
func init() { searcher.DisjunctionHeapTakeover = math.MaxInt }

// NewBleve builds an in-memory Bleve index of docs.
//
// The index is Bleve's default scorch index kept in memory (an empty
// path), not bleve.NewMemOnly: NewMemOnly makes the older upsidedown
// index, which cannot report the field statistics BM25 needs, and then
// Bleve silently scores with TF-IDF whatever the mapping asks for. All
// documents go in one batch because an in-memory scorch index never
// merges segments, and Bleve's BM25 statistics add up per segment.
func NewBleve(docs []search.Document) (*Bleve, error) {
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("bleve: %w", err)
	}
	idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("bleve: %w", err)
	}
	e := &Bleve{idx: idx, docIDs: make(map[string]string, len(docs))}
	b := idx.NewBatch()
	for _, d := range docs {
		e.docIDs[d.AnswerKey] = d.DocID
		err := b.Index(d.AnswerKey, map[string]any{
			"source_question": d.SourceQuestion,
			"title":           d.Title,
			"topic":           d.Topic,
			"synonyms":        d.Synonyms,
			"answer":          d.Answer,
		})
		if err != nil {
			idx.Close()
			return nil, fmt.Errorf("bleve: index %s: %w", d.AnswerKey, err)
		}
	}
	if err := idx.Batch(b); err != nil {
		idx.Close()
		return nil, fmt.Errorf("bleve: build index: %w", err)
	}
	return e, nil
}

// newMapping maps the document fields as "en" text included in "_all",
// with BM25 scoring. Nothing is stored and no term vectors are kept:
// hits need only the document id, and scoring neither.
func newMapping() (*mapping.IndexMappingImpl, error) {
	text := bleve.NewTextFieldMapping()
	text.Analyzer = en.AnalyzerName
	text.Store = false
	text.IncludeTermVectors = false
	text.DocValues = false
	dm := bleve.NewDocumentStaticMapping()
	for _, f := range []string{"source_question", "title", "topic", "synonyms", "answer"} {
		dm.AddFieldMappingsAt(f, text)
	}
	m := bleve.NewIndexMapping()
	m.DefaultMapping = dm
	m.DefaultAnalyzer = en.AnalyzerName // analyzes queries on "_all"
	m.ScoringModel = index.BM25Scoring
	return m, m.Validate()
}

// Name implements search.Engine.
func (e *Bleve) Name() string { return "bleve" }

// Search implements search.Engine with a match query on "_all": the query
// text is analyzed like the documents and any of its terms may match
// (Bleve's default OR operator); match queries have no syntax, so any
// text is safe. A query left without terms finds nothing.
func (e *Bleve) Search(ctx context.Context, query string, k int) ([]search.Hit, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("bleve: search: %w", err)
	}
	if k <= 0 {
		return nil, nil
	}
	q := bleve.NewMatchQuery(query)
	q.SetField(allField)
	q.Analyzer = en.AnalyzerName
	req := bleve.NewSearchRequestOptions(q, k, 0, false)
	// Equal scores are common (entries without answer text that share a
	// title and topic), and Bleve breaks ties by internal document number,
	// random from build to build (see init); AnswerKey order is stable
	// and matches FTS5's, whose rowids follow it.
	req.SortBy([]string{"-_score", "_id"})
	res, err := e.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("bleve: search: %w", err)
	}
	hits := make([]search.Hit, 0, len(res.Hits))
	for _, h := range res.Hits {
		hits = append(hits, search.Hit{DocID: e.docIDs[h.ID], AnswerKey: h.ID, Score: h.Score})
	}
	return hits, nil
}

// Close implements search.Engine.
func (e *Bleve) Close() error { return e.idx.Close() }
