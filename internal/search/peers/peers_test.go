package peers

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"healthqa/internal/search"
)

// testDocs are a few entries, each the obvious answer to one query, and
// two answers sharing a DocID as a few CancerGov entries do.
var testDocs = []search.Document{
	{DocID: "NINDS_0000001-1", AnswerKey: "NINDS_0000001-1", SourceQuestion: "What is Restless Legs Syndrome?",
		Title: "What is restless legs syndrome?", Topic: "Restless legs syndrome", Synonyms: []string{"Willis-Ekbom disease"},
		Answer: "Restless legs syndrome is a disorder of the nervous system that causes an urge to move the legs, mostly at night."},
	{DocID: "NIDDK_0000002-3", AnswerKey: "NIDDK_0000002-3", SourceQuestion: "How is type 2 diabetes treated?",
		Title: "What are the treatments for type 2 diabetes?", Topic: "Type 2 diabetes",
		Answer: "Diabetes is treated with healthy eating, physical activity, metformin and sometimes insulin."},
	{DocID: "NEI_0000003-2", AnswerKey: "NEI_0000003-2", SourceQuestion: "What are the symptoms of glaucoma?",
		Title: "What are the symptoms of glaucoma?", Topic: "Glaucoma",
		Answer: "At first glaucoma has no symptoms; later, side vision is lost. High eye pressure damages the optic nerve."},
	{DocID: "NINDS_0000004-2", AnswerKey: "NINDS_0000004-2", SourceQuestion: "What causes migraine?",
		Title: "What causes migraine?", Topic: "Migraine", Synonyms: []string{"migraine headache"},
		Answer: "Migraine headaches may be triggered by stress, some foods, lack of sleep and hormonal changes."},
	// The dataset withholds ADAM answers; the entry is still found by its
	// question, title and topic.
	{DocID: "ADAM_0000005-1", AnswerKey: "ADAM_0000005-1", SourceQuestion: "What are the symptoms of Gout?",
		Title: "What are the symptoms of gout?", Topic: "Gout"},
	{DocID: "CancerGov_0000007_3-1", AnswerKey: "CancerGov_0000007_3-1", SourceQuestion: "What is melanoma?",
		Title: "What is melanoma?", Topic: "Melanoma", Answer: "Melanoma is a cancer of the skin cells that make pigment."},
	{DocID: "CancerGov_0000007_3-1", AnswerKey: "CancerGov_0000007_3-1@other", SourceQuestion: "What is melanoma of the eye?",
		Title: "What is intraocular melanoma?", Topic: "Intraocular melanoma",
		Answer: "Intraocular melanoma is a cancer that forms in the tissues of the eye."},
}

// peer names a constructor, so that every test runs on both engines.
type peer struct {
	name string
	make func(context.Context, []search.Document) (search.Engine, error)
}

var allPeers = []peer{
	{"fts5", func(ctx context.Context, d []search.Document) (search.Engine, error) { return NewFTS5(ctx, d) }},
	{"bleve", func(_ context.Context, d []search.Document) (search.Engine, error) { return NewBleve(d) }},
}

func build(t *testing.T, p peer, docs []search.Document) search.Engine {
	t.Helper()
	e, err := p.make(context.Background(), docs)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Error(err)
		}
	})
	if e.Name() != p.name {
		t.Errorf("Name() = %q, want %q", e.Name(), p.name)
	}
	return e
}

func TestObviousQueryRanksItsDocFirst(t *testing.T) {
	tests := []struct {
		query string
		first string // AnswerKey
	}{
		{"how do I treat my type 2 diabetes?", "NIDDK_0000002-3"},
		{"Willis-Ekbom", "NINDS_0000001-1"}, // a synonym only
		{"my legs feel restless at night", "NINDS_0000001-1"},
		{"losing side vision, eye pressure", "NEI_0000003-2"},
		{"what triggers my migraines", "NINDS_0000004-2"},
		{"GOUT symptoms", "ADAM_0000005-1"}, // no answer text
		{"intraocular melanoma", "CancerGov_0000007_3-1@other"},
	}
	for _, p := range allPeers {
		e := build(t, p, testDocs)
		for _, tt := range tests {
			hits, err := e.Search(context.Background(), tt.query, 3)
			if err != nil {
				t.Fatalf("%s %q: %v", p.name, tt.query, err)
			}
			if len(hits) == 0 || hits[0].AnswerKey != tt.first {
				t.Errorf("%s %q: hits %v, want %s first", p.name, tt.query, hits, tt.first)
			}
		}
	}
}

func TestHitsCarryDocIDAndFallingScores(t *testing.T) {
	byKey := map[string]string{}
	for _, d := range testDocs {
		byKey[d.AnswerKey] = d.DocID
	}
	for _, p := range allPeers {
		e := build(t, p, testDocs)
		hits, err := e.Search(context.Background(), "what is melanoma symptoms of the eye", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) < 2 {
			t.Fatalf("%s: %d hits, want both melanoma answers and more", p.name, len(hits))
		}
		for i, h := range hits {
			if byKey[h.AnswerKey] != h.DocID {
				t.Errorf("%s: hit %v: DocID does not match the answer's %q", p.name, h, byKey[h.AnswerKey])
			}
			if i > 0 && h.Score > hits[i-1].Score {
				t.Errorf("%s: score rises from %v to %v: higher must be better", p.name, hits[i-1], h)
			}
		}
	}
}

func TestKBoundsHits(t *testing.T) {
	for _, p := range allPeers {
		e := build(t, p, testDocs)
		for _, k := range []int{-1, 0, 1, 2, 100} {
			hits, err := e.Search(context.Background(), "what is the symptoms melanoma diabetes gout", k)
			if err != nil {
				t.Fatal(err)
			}
			if want := min(max(k, 0), len(testDocs)); len(hits) > want || (k == 2 && len(hits) != 2) {
				t.Errorf("%s k=%d: %d hits", p.name, k, len(hits))
			}
		}
	}
}

func TestHostileQueriesNeverError(t *testing.T) {
	queries := []string{
		`"AND OR NOT*^:(`, `NEAR(legs night, 2)`, `title: diabetes`, `{title answer}: gout`,
		`"unterminated`, `""`, `''`, `*`, `-`, `+`, `^`, `a AND`, `OR`, `NOT`, `(`, `)`,
		`' OR 1=1; DROP TABLE docs; --`, "", "   \t\n", "the of and", "Mnière's ménière\u0301s",
		"\u0301", "\xff\xfe invalid utf-8", "null\x00byte", `\"escaped\"`, "日本語の質問",
		"diabetes\u00a0nbsp", `legs~2 legs* +legs -night /regex.*/`,
	}
	for _, p := range allPeers {
		e := build(t, p, testDocs)
		for _, q := range queries {
			if _, err := e.Search(context.Background(), q, 10); err != nil {
				t.Errorf("%s %q: %v", p.name, q, err)
			}
		}
	}
}

func TestConcurrentSearchesAgree(t *testing.T) {
	queries := []string{"restless legs", "diabetes treatment", "glaucoma", "migraine causes", "gout", "melanoma"}
	for _, p := range allPeers {
		e := build(t, p, testDocs)
		want := make([][]search.Hit, len(queries))
		for i, q := range queries {
			var err error
			if want[i], err = e.Search(context.Background(), q, 5); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		for range 8 {
			for i, q := range queries {
				wg.Go(func() {
					got, err := e.Search(context.Background(), q, 5)
					if err != nil {
						t.Error(err)
					} else if !slices.Equal(got, want[i]) {
						t.Errorf("%s %q: concurrent %v, alone %v", p.name, q, got, want[i])
					}
				})
			}
		}
		wg.Wait()
	}
}

func TestCancelledContextStopsSearch(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, p := range allPeers {
		e := build(t, p, testDocs)
		if _, err := e.Search(ctx, "restless legs", 5); err == nil {
			t.Errorf("%s: search with a cancelled context succeeded", p.name)
		}
	}
}

func TestMatchOr(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{`"AND OR NOT*^:(`, `"AND" OR "OR" OR "NOT"`},
		{"Noonan's syndrome?", `"Noonan" OR "s" OR "syndrome"`},
		{"type-2 diabetes  x²", `"type" OR "2" OR "diabetes" OR "x²"`},
		{"Me\u0301nie\u0300re \u0301", "\"Me\u0301nie\u0300re\""},
		{"*^:()-+", ""},
	}
	for _, tt := range tests {
		if got := matchOr(tt.in); got != tt.want {
			t.Errorf("matchOr(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestBleveScoresWithBM25 guards the index choice: an index that cannot
// give BM25 its statistics (bleve.NewMemOnly's) falls back to TF-IDF
// without a word, and only the score explanation tells.
func TestBleveScoresWithBM25(t *testing.T) {
	e, err := NewBleve(testDocs)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	q := bleve.NewMatchQuery("glaucoma")
	q.SetField(allField)
	res, err := e.idx.Search(bleve.NewSearchRequestOptions(q, 1, 0, true))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 {
		t.Fatalf("%d hits, want 1", len(res.Hits))
	}
	if expl := res.Hits[0].Expl.String(); !strings.Contains(expl, "as per bm25 model") {
		t.Errorf("score not from BM25:\n%s", expl)
	}
}

// TestTiesBreakByAnswerKey builds twins (same fields, different keys)
// in shuffled order several times: equal scores must come out in
// AnswerKey order every time, or metrics would change between builds.
func TestTiesBreakByAnswerKey(t *testing.T) {
	var twins []search.Document
	for i := 29; i >= 0; i-- {
		key := fmt.Sprintf("ADAM_%07d-1", i)
		twins = append(twins, search.Document{DocID: key, AnswerKey: key,
			SourceQuestion: "What is gout?", Title: "What is gout?", Topic: "Gout"})
	}
	want := []string{"ADAM_0000000-1", "ADAM_0000001-1", "ADAM_0000002-1", "ADAM_0000003-1", "ADAM_0000004-1"}
	for _, p := range allPeers {
		for range 3 {
			e := build(t, p, twins)
			hits, err := e.Search(context.Background(), "gout", 5)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range hits {
				got = append(got, h.AnswerKey)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: ties ranked %v, want %v", p.name, got, want)
			}
		}
	}
}

// TestRebuildScoresTheSame builds each peer several times over the same
// documents and asks a long query, like a consumer's message: hits and
// scores must not change, or metrics would move between runs.
func TestRebuildScoresTheSame(t *testing.T) {
	docs := slices.Clone(testDocs)
	words := strings.Fields("pain night legs eye vision sugar insulin headache stress sleep skin cancer toe joint swelling fever cough")
	for i := range 300 {
		key := fmt.Sprintf("GEN_%04d-1", i)
		docs = append(docs, search.Document{DocID: key, AnswerKey: key, Title: "What is condition " + fmt.Sprint(i%7) + "?",
			Answer: strings.Join([]string{words[i%len(words)], words[(i*7)%len(words)], words[(i*11)%len(words)], words[(i*13)%len(words)]}, " and ")})
	}
	query := "I have pain in my legs at night and my eye vision is bad, maybe sugar or insulin? headache, stress, no sleep, skin cancer worries, toe joint swelling and fever with cough"
	for _, p := range allPeers {
		var first []search.Hit
		for i := range 5 {
			hits, err := build(t, p, docs).Search(context.Background(), query, 20)
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				first = hits
			} else if !slices.Equal(hits, first) {
				t.Fatalf("%s: build %d ranks\n%v\nbuild 1 ranked\n%v", p.name, i+1, hits, first)
			}
		}
	}
}
