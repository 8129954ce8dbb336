package search

import (
	"container/heap"
	"context"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"healthqa/internal/model"
)

// The fields a document is indexed under. BM25F weighs and normalizes
// each on its own: a word in a question's title says more than the same
// word deep in an answer.
const (
	fieldTitle  = iota // the canonical question
	fieldAsked         // the source's wording of the question
	fieldTopic         // topic name and synonyms
	fieldAnswer        // answer text
	numFields
)

// Params tune the ranking; DefaultParams are the measured choice (see
// docs/BENCHMARKS.md for how they score).
type Params struct {
	K1     float64
	Weight [numFields]float64
	B      [numFields]float64
	// Focus and Type are added to the text score (scaled to 0–1 by the
	// query's best text score) when an entry is about a topic the query
	// names, or is of the question type the query asks.
	Focus, Type float64
	// Page blends an entry's score with the best score of its question
	// page: the sources' answers to one question stand or fall together,
	// and one that words things differently should not sink.
	Page float64
	// Narrative scales a topic a long message names only outside its
	// main sentences (message.go): 1 counts it as any other.
	Narrative float64
	// Expand weighs expansion terms (expand.go) against the message's
	// own words, which weigh 1; 0 expands nothing.
	Expand float64
	// Salience scales each topic's focus by how often the message names
	// it against its most-named topic, to this power; 0 counts every
	// topic named alike (Understanding.focusWeights).
	Salience float64
}

// DefaultParams weigh the question fields above the answer text, with
// BM25's usual b; k1, the focus, type and page weights, the narrative
// discount and the topic salience are the setting cross-validation's
// rule chooses on all dev questions (`healthqa eval liveqa --folds 5`,
// row "all"; BENCHMARKS.md).
var DefaultParams = Params{
	K1:        1.6,
	Weight:    [numFields]float64{fieldTitle: 4, fieldAsked: 1, fieldTopic: 3, fieldAnswer: 0.5},
	B:         [numFields]float64{fieldTitle: 0.5, fieldAsked: 0.5, fieldTopic: 0.3, fieldAnswer: 0.75},
	Focus:     0.5,
	Type:      0.1,
	Page:      0.8,
	Narrative: 1,
	Salience:  1,
}

type posting struct {
	doc uint32
	tf  [numFields]uint16
}

// Index is the in-memory inverted index over documents. It is immutable
// once built; a content change builds a new one.
type Index struct {
	docs     []Document
	postings map[string][]posting
	fieldLen [][numFields]uint16
	avgLen   [numFields]float64
	// fieldScale is, per document and field, the field's weight over
	// BM25's length normalisation: what a term's frequency there is
	// multiplied by. Computed once per index and parameters rather than
	// for every posting of every query (weighFields); float32, as the
	// scores are, so that the table is half the size in the caches.
	fieldScale [][numFields]float32
	topicOf    []int32 // per document, its topic's number in lex
	typeOf     []uint8 // per document, its question type's number in model.QuestionTypes
	pageOf     []int32 // per document, its question page's number
	pages      int
	stem       *stemmer
	lex        *lexicon
	params     Params
	scratch    sync.Pool
	names      []nameKey // topic names, sorted, for suggestions
	// dead marks the documents WithContributors took out, nil in a full
	// build: their postings are gone, their numbers stay so that no
	// other posting moves. live counts the others, BM25's N.
	dead    map[uint32]bool
	live    int
	base    int // documents of the last full build; those past it were added
	partial *nameMatcher

	// topicNames are for expand.go, made on first use.
	topicNames *topicNames
	spell      *spellHolder
}

// derive fills the tables that follow from the documents, field lengths
// and lexicon; a snapshot stores only those and derives the rest the
// same way, so both give the same index.
func (ix *Index) derive() {
	docs := ix.docs
	ix.topicOf = make([]int32, len(docs))
	ix.typeOf = make([]uint8, len(docs))
	ix.pageOf = make([]int32, len(docs))
	pageNo := map[string]int32{}
	var total [numFields]float64
	ix.live = len(docs) - len(ix.dead)
	for i, d := range docs {
		ix.topicOf[i] = ix.lex.topicNumber(d.Topic)
		ix.typeOf[i] = uint8(model.QuestionTypeOrder(d.QuestionType))
		n, ok := pageNo[d.QuestionSlug]
		if !ok {
			n = int32(len(pageNo))
			pageNo[d.QuestionSlug] = n
		}
		ix.pageOf[i] = n
		if ix.dead[uint32(i)] {
			continue
		}
		// Lengths are whole numbers, so their float sum is exact in any
		// order: an index WithContributors changed averages as a full
		// build of the same documents does.
		for f := range numFields {
			total[f] += float64(ix.fieldLen[i][f])
		}
	}
	for f := range numFields {
		ix.avgLen[f] = max(total[f]/float64(max(ix.live, 1)), 1)
	}
	ix.weighFields()
	ix.pages = len(pageNo)
	ix.scratch.New = ix.newScratch
	ix.names = suggestionNames(docs, ix.dead)
	if ix.partial == nil { // a snapshot's index
		ix.partial = newNameMatcher(ix.lex, ix.stem)
	}
	ix.partial.brands = learnBrands(ix)
	ix.topicNames = &topicNames{}
	ix.warmExpansion()
	ix.spell = &spellHolder{}
}

func suggestionNames(docs []Document, dead map[uint32]bool) []nameKey {
	seen := map[string]bool{}
	var out []nameKey
	for i, d := range docs {
		if dead[uint32(i)] || seen[d.TopicSlug] {
			continue
		}
		seen[d.TopicSlug] = true
		out = append(out, nameKey{strings.ToLower(d.Topic), Suggestion{Name: d.Topic, Slug: d.TopicSlug}})
	}
	// A name sorts before its longer variants ("diabetes" before
	// "diabetes type 2"), so shorter names come first among matches.
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out
}

// scratch is one search's score accumulator, reused across searches.
type scratch struct {
	score   []float32 // per document: text score, then final score
	page    []float32 // per question page: best final score
	focus   []float32 // per topic: how specifically the query names it
	touched []uint32
	best    float32 // the best text score
}

func (ix *Index) newScratch() any {
	return &scratch{score: make([]float32, len(ix.docs)), page: make([]float32, ix.pages), focus: make([]float32, len(ix.lex.topics))}
}

// textScores accumulates BM25F over the query terms into s: the
// message's own terms, then its expansion terms at their lower weights.
// A word the message writes as an ordinary word scores nothing in the
// entries of topics whose short form it only spells (Understanding's
// ordinary): "my kid has a fever" is not about KID syndrome.
func (ix *Index) textScores(u *Understanding, s *scratch) {
	seen := map[string]bool{}
	for _, t := range u.terms {
		if !seen[t] {
			seen[t] = true
			ix.termScores(t, 1, u.notAbout(t), s)
		}
	}
	for _, q := range u.expanded {
		if !seen[q.term] {
			seen[q.term] = true
			ix.termScores(q.term, q.weight, u.notAbout(q.term), s)
		}
	}
}

// weighFields computes fieldScale for the index's lengths and parameters.
func (ix *Index) weighFields() {
	p := ix.params
	ix.fieldScale = make([][numFields]float32, len(ix.fieldLen))
	for d, lens := range ix.fieldLen {
		for f := range numFields {
			ix.fieldScale[d][f] = float32(p.Weight[f] / (1 - p.B[f] + p.B[f]*float64(lens[f])/ix.avgLen[f]))
		}
	}
}

// fourFields fails to compile unless numFields is 4, as termScores
// assumes.
var _ = [1]struct{}{}[numFields-4]

// termScores adds one term's BM25F, times weight, to s, except in the
// entries of the topics in skip.
func (ix *Index) termScores(t string, weight float64, skip []int32, s *scratch) {
	n := float64(ix.live)
	p := ix.params
	list := ix.postings[t]
	if len(list) == 0 || weight <= 0 {
		return // a term of no weight touches no document
	}
	df := float64(len(list))
	idf := weight * math.Log(1+(n-df+0.5)/(df+0.5))
	// The loop runs over every posting of every term of a message, so it
	// reads the four fields of a posting at once, without a loop
	// (fourFields stops the build if there are ever more), and keeps what
	// it needs in locals.
	k1, k1p, scales, score, best := p.K1, p.K1+1, ix.fieldScale, s.score, s.best
	for _, post := range list {
		if len(skip) > 0 && slices.Contains(skip, ix.topicOf[post.doc]) {
			continue
		}
		sc := &scales[post.doc]
		tf := float64(float32(post.tf[fieldTitle])*sc[fieldTitle] + float32(post.tf[fieldAsked])*sc[fieldAsked] +
			float32(post.tf[fieldTopic])*sc[fieldTopic] + float32(post.tf[fieldAnswer])*sc[fieldAnswer])
		old := score[post.doc]
		if old == 0 {
			s.touched = append(s.touched, post.doc)
		}
		// Scores only grow, so the best of them as they grow is the best
		// when all terms are in: no pass over the documents to find it.
		sum := old + float32(idf*tf*k1p/(k1+tf))
		score[post.doc] = sum
		if sum > best { // not max: it would handle NaNs there cannot be, for a cost
			best = sum
		}
	}
	s.best = best
}

// Scored is one ranked document with the parts of its score.
type Scored struct {
	Doc   int     // index into the documents
	Score float64 // final score
	Focus float64 // about a topic the query names: how specifically, 0–1
	Type  bool    // of the question type the query asks
}

// rank scores the documents for an understood query and returns the
// best k.
func (ix *Index) rank(ctx context.Context, u *Understanding, k int) []Scored {
	s := ix.scratch.Get().(*scratch)
	defer func() {
		for _, d := range s.touched {
			s.score[d] = 0
			s.page[ix.pageOf[d]] = 0
		}
		s.touched, s.best = s.touched[:0], 0
		ix.scratch.Put(s)
	}()
	ix.textScores(u, s)
	// A message may name a few dozen topics (partial.go): a table beats
	// a scan per document.
	for i, w := range u.focusWeights(ix.params.Salience) {
		s.focus[u.topics[i].topic] = float32(w)
	}
	defer func() {
		for _, tw := range u.topics {
			s.focus[tw.topic] = 0
		}
	}()
	best := s.best
	if best == 0 {
		return nil
	}
	// Own scores first, and each page's best of them.
	for _, d := range s.touched {
		own := float64(s.score[d]/best) + ix.params.Focus*float64(s.focus[ix.topicOf[d]])
		if u.typeMask&(1<<ix.typeOf[d]) != 0 {
			own += ix.params.Type
		}
		s.score[d] = float32(own)
		pg := ix.pageOf[d]
		s.page[pg] = max(s.page[pg], float32(own))
	}
	h := &topK{k: k}
	page := ix.params.Page
	for _, d := range s.touched {
		pg := ix.pageOf[d]
		score := (1-page)*float64(s.score[d]) + page*float64(s.page[pg])
		if len(h.list) == h.k && score < h.list[0].Score {
			continue
		}
		h.push(Scored{Doc: int(d), Score: score, Focus: float64(s.focus[ix.topicOf[d]]), Type: u.typeMask&(1<<ix.typeOf[d]) != 0})
	}
	return h.sorted()
}

// topK keeps the k best scores in a min-heap.
type topK struct {
	k    int
	list []Scored
}

func (h *topK) Len() int { return len(h.list) }
func (h *topK) Less(i, j int) bool {
	a, b := h.list[i], h.list[j]
	if a.Score != b.Score {
		return a.Score < b.Score
	}
	return a.Doc > b.Doc // ties: earlier documents rank higher, for stable results
}
func (h *topK) Swap(i, j int) { h.list[i], h.list[j] = h.list[j], h.list[i] }
func (h *topK) Push(x any)    { h.list = append(h.list, x.(Scored)) }
func (h *topK) Pop() any {
	x := h.list[len(h.list)-1]
	h.list = h.list[:len(h.list)-1]
	return x
}

func (h *topK) push(s Scored) {
	if len(h.list) < h.k {
		heap.Push(h, s)
		return
	}
	if worst := h.list[0]; s.Score < worst.Score || s.Score == worst.Score && s.Doc > worst.Doc {
		return
	}
	h.list[0] = s
	heap.Fix(h, 0)
}

func (h *topK) sorted() []Scored {
	out := make([]Scored, len(h.list))
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(h).(Scored)
	}
	return out
}

// WithParams returns an index that shares this one's postings but ranks
// with other parameters: measuring parameters needs no re-indexing.
func (ix *Index) WithParams(p Params) *Index {
	c := &Index{docs: ix.docs, postings: ix.postings, fieldLen: ix.fieldLen, avgLen: ix.avgLen,
		topicOf: ix.topicOf, typeOf: ix.typeOf, pageOf: ix.pageOf, pages: ix.pages,
		stem: ix.stem, lex: ix.lex, params: p, names: ix.names, dead: ix.dead, live: ix.live, base: ix.base,
		partial: ix.partial, topicNames: ix.topicNames,
		spell: ix.spell}
	c.scratch.New = c.newScratch
	c.weighFields()
	c.warmExpansion()
	return c
}
