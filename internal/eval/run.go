package eval

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"healthqa/internal/search"
)

// DefaultK is how many hits Run asks for when k is not positive.
const DefaultK = 10

// CondensedDepth is how deep RunCondensed reads each engine's ranking
// before it drops the entries nobody judged. Some condensed lists stay
// shorter than 10 at this depth (on the dev questions healthqa's for 3
// questions, Bleve's for 9, FTS5's for 25, 4 of them empty); reading
// 1,000 deep changes healthqa's figures not at all and the peers' MAP by
// 0.005–0.017 (docs/BENCHMARKS.md), for ten times the searching.
const CondensedDepth = 100

// RunFunc is Run or RunCondensed.
type RunFunc func(ctx context.Context, engine search.Engine, questions []Question, qrels Qrels, mode Mode, k int) (Report, error)

// Report is one engine's run over a question set: the metrics and, per
// question, what it returned. It marshals to JSON as is.
type Report struct {
	Engine string `json:"engine"`
	Mode   Mode   `json:"text"`
	K      int    `json:"k"`
	// Questions counts the questions searched; Evaluated those of them
	// with judgments, which the metrics average over.
	Questions int     `json:"questions"`
	Evaluated int     `json:"evaluated"`
	Metrics   Metrics `json:"metrics"`
	// RepeatedHits counts hits dropped because an earlier hit of the same
	// question had their DocID; a ranking that lost some holds fewer than
	// K entries.
	RepeatedHits int `json:"repeated_hits"`
	// Condensed is true for a report of RunCondensed.
	Condensed   bool             `json:"condensed"`
	PerQuestion []QuestionResult `json:"per_question"`
}

// QuestionResult is one question's ranking and scores.
type QuestionResult struct {
	ID      string        `json:"id"`
	Query   string        `json:"query"`
	Latency time.Duration `json:"latency_ns"`
	// Hits are the top K with each DocID's first hit only.
	Hits []search.Hit `json:"hits"`
	// Evaluated is false for a question without judgments; its scores
	// are then zero and left out of the metrics.
	Evaluated bool `json:"evaluated"`
	Scores
}

// Run asks engine for the top k entries (DefaultK when k ≤ 0) for each
// question's text in mode, one question at a time so that latencies are
// not inflated by each other, and scores the rankings against qrels. A
// Search error stops the run.
//
// Only the Search call is timed. Hits sharing a DocID after the first
// are dropped before scoring; the engine is not asked for more to make
// up for them, so each engine is measured on exactly what it returned.
func Run(ctx context.Context, engine search.Engine, questions []Question, qrels Qrels, mode Mode, k int) (Report, error) {
	return run(ctx, engine, questions, qrels, mode, k, false)
}

// RunCondensed is Run on condensed lists (Sakai, "Alternatives to
// Bpref", SIGIR 2007): it reads each engine's top CondensedDepth, drops
// the entries the judgments do not grade for that question, and scores
// the first k that remain. The LiveQA judgments were made on pools of
// the answers some systems returned, so Run counts an entry nobody
// judged as not relevant however well it answers, and an engine that
// finds what the pools missed loses for it. Condensed figures compare
// how engines order what was judged; they are higher for every engine
// and are not the task's official figures, which Run gives. Latencies
// are those of depth CondensedDepth.
func RunCondensed(ctx context.Context, engine search.Engine, questions []Question, qrels Qrels, mode Mode, k int) (Report, error) {
	return run(ctx, engine, questions, qrels, mode, k, true)
}

func run(ctx context.Context, engine search.Engine, questions []Question, qrels Qrels, mode Mode, k int, condense bool) (Report, error) {
	if _, err := ParseMode(string(mode)); err != nil {
		return Report{}, err
	}
	if k <= 0 {
		k = DefaultK
	}
	rep := Report{Engine: engine.Name(), Mode: mode, K: k, Questions: len(questions), Condensed: condense,
		PerQuestion: make([]QuestionResult, 0, len(questions))}
	depth := k
	if condense {
		depth = max(k, CondensedDepth)
	}
	var evaluated []Scores
	latencies := make([]time.Duration, 0, len(questions))
	for _, q := range questions {
		if err := ctx.Err(); err != nil {
			return Report{}, err
		}
		text, _ := q.Text(mode)
		start := time.Now()
		hits, err := engine.Search(ctx, text, depth)
		took := time.Since(start)
		if err != nil {
			return Report{}, fmt.Errorf("eval: %s on %s: %w", engine.Name(), q.ID, err)
		}
		latencies = append(latencies, took)
		kept := distinct(hits)
		rep.RepeatedHits += len(hits) - len(kept)
		if condense {
			kept = judgedOnly(kept, qrels[q.ID])
		}
		kept = kept[:min(len(kept), k)]
		r := QuestionResult{ID: q.ID, Query: text, Latency: took, Hits: kept}
		if judged := qrels[q.ID]; len(judged) > 0 {
			ranking := make([]string, len(kept))
			for i, h := range kept {
				ranking[i] = h.DocID
			}
			r.Evaluated, r.Scores = true, score(ranking, judged)
			evaluated = append(evaluated, r.Scores)
		}
		rep.PerQuestion = append(rep.PerQuestion, r)
	}
	rep.Evaluated = len(evaluated)
	rep.Metrics = summarize(evaluated, latencies)
	return rep, nil
}

// judgedOnly keeps the hits the judgments grade, in order.
func judgedOnly(hits []search.Hit, judged map[string]int) []search.Hit {
	out := hits[:0:0]
	for _, h := range hits {
		if _, ok := judged[h.DocID]; ok {
			out = append(out, h)
		}
	}
	return out
}

// WriteRun writes the rankings in TREC run format, one line per hit:
// "QID Q0 DOCID RANK SCORE TAG", rank from 1. An empty tag is the
// engine's name; a tag holding white space would break the columns and is
// an error.
//
// trec_eval orders a question's lines by SCORE, not RANK, and breaks
// ties by DOCID, so a written score is nudged to the next float64 below
// the previous line's wherever the engine's is not strictly lower (a tie,
// or an engine whose scores do not fall with rank). The file then ranks
// as the report does, with the engine's scores otherwise intact.
func (r Report) WriteRun(w io.Writer, tag string) error {
	if tag == "" {
		tag = r.Engine
	}
	if tag == "" || strings.ContainsFunc(tag, unicode.IsSpace) {
		return fmt.Errorf("eval: run tag %q must be one word", tag)
	}
	bw := bufio.NewWriter(w)
	for _, q := range r.PerQuestion {
		prev := math.Inf(1)
		for i, h := range q.Hits {
			s := h.Score
			if !(s < prev) {
				s = math.Nextafter(prev, math.Inf(-1))
			}
			prev = s
			fmt.Fprintf(bw, "%s Q0 %s %d %s %s\n", q.ID, h.DocID, i+1,
				strconv.FormatFloat(s, 'g', -1, 64), tag)
		}
	}
	return bw.Flush()
}
