package peers

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"

	"healthqa/internal/eval"
	"healthqa/internal/ingest"
	"healthqa/internal/model"
	"healthqa/internal/search"
	"healthqa/internal/store/sqlite"
)

func scratchDocs(t *testing.T) []search.Document {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "m.db"))
	if err != nil { t.Fatal(err) }
	defer st.Close()
	if _, err := ingest.MedQuAD(ctx, st, "/work/shared/data/MedQuAD-master.zip", ingest.Options{}); err != nil { t.Fatal(err) }
	c, _ := st.Load(ctx)
	topics := map[string]model.Topic{}
	for _, x := range c.Topics { topics[x.Slug] = x }
	qs := map[string]model.Question{}
	for _, x := range c.Questions { qs[x.Slug] = x }
	return search.Documents(topics, qs, c.Answers)
}

type variant struct {
	*FTS5
	name string
	q    func(string) string
}

func (v variant) Name() string { return v.name }
func (v variant) Search(ctx context.Context, query string, k int) ([]search.Hit, error) {
	match := v.q(query)
	if match == "" { return nil, nil }
	rows, err := v.db.QueryContext(ctx, `SELECT rowid, rank FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?`, match, k)
	if err != nil { return nil, err }
	defer rows.Close()
	var hits []search.Hit
	for rows.Next() {
		var id int; var rank float64
		rows.Scan(&id, &rank)
		d := v.docs[id-1]
		hits = append(hits, search.Hit{DocID: d.DocID, AnswerKey: d.AnswerKey, Score: -rank})
	}
	return hits, rows.Err()
}

func dedupe(text string) string {
	seen := map[string]bool{}
	var out []string
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) {
		l := strings.ToLower(w)
		if !seen[l] { seen[l] = true; out = append(out, `"`+w+`"`) }
	}
	return strings.Join(out, " OR ")
}

func whitespace(text string) string {
	var out []string
	for _, w := range strings.Fields(text) {
		if !strings.ContainsFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) { continue }
		out = append(out, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
	}
	return strings.Join(out, " OR ")
}

func TestZZScratch(t *testing.T) {
	docs := scratchDocs(t)
	ctx := context.Background()
	f, _ := os.Open("/work/shared/data/liveqa/dev-questions.xml")
	qs, _ := eval.ReadLiveQA(f)
	g, _ := os.Open("/work/shared/data/liveqa/dev-qrels.txt")
	qrels, _ := eval.ReadQrels(g)
	e, err := NewFTS5(ctx, docs)
	if err != nil { t.Fatal(err) }
	defer e.Close()
	var reps []eval.Report
	for _, v := range []variant{{e, "fts5", matchOr}, {e, "fts5-again", matchOr}, {e, "fts5-dedupe", dedupe}, {e, "fts5-whitespace", whitespace}} {
		for _, m := range []eval.Mode{eval.Original, eval.Summary} {
			rep, err := eval.Run(ctx, v, qs, qrels, m, 10)
			if err != nil { t.Fatal(err) }
			reps = append(reps, rep)
			if v.name == "fts5-again" && m == eval.Original {
				pq := append([]eval.QuestionResult(nil), rep.PerQuestion...)
				sort.Slice(pq, func(i, j int) bool { return pq[i].Latency > pq[j].Latency })
				for _, r := range pq[:8] {
					t.Logf("%s %v words=%d", r.ID, r.Latency.Round(time.Millisecond), len(strings.Fields(r.Query)))
				}
			}
		}
	}
	var b strings.Builder
	eval.WriteTable(&b, reps...)
	t.Log("\n" + b.String())
}
