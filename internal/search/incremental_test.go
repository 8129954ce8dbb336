package search

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"healthqa/internal/abbrev"
	"reflect"
	"slices"
	"testing"

	"healthqa/internal/model"
)

// contributed is a contributor answer to one of fixtureDocs' questions.
func contributed(key string, on Document, text string) Document {
	d := on
	d.DocID, d.AnswerKey, d.SourceKey, d.Answer, d.Dataset = key, key, "sleep-society", text, model.ContributorsDataset
	d.SourceQuestion = ""
	return d
}

func fixtureContributions() []Document {
	f := fixtureDocs()
	return []Document{
		contributed("contrib-1", f[1], "Iron deficiency and kidney failure are common causes; rls also runs in families."),
		contributed("contrib-2", f[6], "Myasthenia gravis weakens the muscles you control; rest helps."),
	}
}

// sameRanking fails unless both indexes understand and answer every
// query alike: the same results with the same scores, where only
// results of equal score may come in another order.
func sameRanking(t testing.TB, want, got *Index, queries []string) {
	t.Helper()
	ctx := context.Background()
	for _, q := range queries {
		wu, wr := want.Ask(ctx, q, 10)
		gu, gr := got.Ask(ctx, q, 10)
		if !reflect.DeepEqual(sortedFoci(wu), sortedFoci(gu)) || !slices.Equal(wu.Types, gu.Types) ||
			wu.DidYouMean != gu.DidYouMean || !slices.Equal(wu.terms, gu.terms) {
			t.Fatalf("%q: understanding differs:\nfull build  %+v\nincremental %+v", q, wu, gu)
		}
		if !reflect.DeepEqual(byScore(wr), byScore(gr)) {
			t.Fatalf("%q: results differ:\nfull build  %+v\nincremental %+v", q, wr, gr)
		}
		if len(q) >= 2 && !reflect.DeepEqual(want.Suggest(q[:2], 10), got.Suggest(q[:2], 10)) {
			t.Fatalf("%q: suggestions differ", q[:2])
		}
	}
}

func sortedFoci(u *Understanding) []Focus {
	out := slices.Clone(u.Foci)
	for i := range out {
		out[i].Topics = slices.Sorted(slices.Values(out[i].Topics))
	}
	slices.SortFunc(out, func(a, b Focus) int { return cmp.Compare(a.Text, b.Text) })
	return out
}

func byScore(rs []Result) []Result {
	out := slices.Clone(rs)
	slices.SortStableFunc(out, func(a, b Result) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.QuestionSlug, b.QuestionSlug))
	})
	return out
}

func TestWithContributorsIsFullBuild(t *testing.T) {
	imported := fixtureDocs()
	c := fixtureContributions()
	edited := c[0]
	edited.Answer = "Low iron stores are the most common cause in adults."
	onBWS := contributed("contrib-3", imported[4], "Beckwith-Wiedemann syndrome causes overgrowth in childhood; rls is not part of it.")
	// A contributor answer that defines a short form no name has: the
	// index learns it, as a full build of the same answers does.
	definesBWS := contributed("contrib-4", imported[4], "Beckwith-Wiedemann syndrome (BWS) is an overgrowth disorder.")
	definesBWS.Abbreviations = abbrev.Of(definesBWS.AnswerKey, definesBWS.Answer)
	steps := []struct {
		name string
		docs []Document
	}{
		{"unchanged", c},
		{"one added", append(slices.Clone(c), onBWS)},
		{"one edited", []Document{edited, c[1], onBWS}},
		{"one taken out", []Document{edited, onBWS}},
		{"back again", []Document{c[1], edited, onBWS}},
		{"one defining a short form", []Document{c[1], edited, onBWS, definesBWS}},
		{"the definition taken out", []Document{c[1], edited, onBWS}},
		{"all taken out", nil},
		{"all back", c},
	}
	qs := append(genericQueries(NewIndex(imported, DefaultParams), 100),
		"RLS", "rls", "iron causes restless legs", "kidney failure", "overgrowth in childhood", "mg dose", "muscles rest",
		"what is BWS", "bws in my son",
		// A misspelling whose stem is a corpus word's stem: corrected
		// alike by both.
		"restless legs syndromed")
	ix := NewIndex(append(slices.Clone(imported), c...), DefaultParams)
	for _, step := range steps {
		next, err := ix.WithContributors(step.docs)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		full := NewIndex(append(slices.Clone(imported), step.docs...), DefaultParams)
		sameRanking(t, full, next, qs)
		expanding := DefaultParams
		expanding.Expand = 0.4
		sameRanking(t, full.WithParams(expanding), next.WithParams(expanding), qs)
		if next.live != len(full.docs) {
			t.Fatalf("%s: %d live documents, full build has %d", step.name, next.live, len(full.docs))
		}
		defined := slices.ContainsFunc(step.docs, func(d Document) bool { return d.AnswerKey == definesBWS.AnswerKey })
		if foci := next.Understand("what is BWS").Foci; (len(foci) == 1) != defined {
			t.Errorf("%s: \"what is BWS\" names %+v; want Beckwith-Wiedemann syndrome only while an answer defines BWS", step.name, foci)
		}
		// The earlier index still answers as it did.
		sameRanking(t, NewIndex(ix.liveDocs(), DefaultParams), ix, qs)
		ix = next
	}
}

func TestWithContributorsUnchangedIsSameIndex(t *testing.T) {
	ix := NewIndex(append(fixtureDocs(), fixtureContributions()...), DefaultParams)
	same, err := ix.WithContributors(fixtureContributions())
	if err != nil || same != ix {
		t.Fatalf("WithContributors(the same answers) = %p, %v; want the index itself", same, err)
	}
}

func TestWithContributorsNeedsRebuild(t *testing.T) {
	imported := fixtureDocs()
	c := fixtureContributions()
	newTopic := contributed("contrib-9", imported[0], "A contributor answer on a topic MedQuAD lacks.")
	newTopic.Topic, newTopic.TopicSlug, newTopic.Synonyms, newTopic.QuestionSlug = "Sleep paralysis", "sleep-paralysis", nil, "what-is-sleep-paralysis"
	otherSynonyms := c[0]
	otherSynonyms.Synonyms = []string{"RLS"}
	base := NewIndex(append(slices.Clone(imported), c...), DefaultParams)
	withNewTopic := NewIndex(append(slices.Clone(imported), append(slices.Clone(c), newTopic)...), DefaultParams)
	tests := []struct {
		name string
		ix   *Index
		docs []Document
	}{
		{"a topic the index does not know", base, append(slices.Clone(c), newTopic)},
		{"a topic left without documents", withNewTopic, c},
		{"a topic under other synonyms", base, []Document{otherSynonyms, c[1]}},
	}
	for _, tc := range tests {
		if _, err := tc.ix.WithContributors(tc.docs); !errors.Is(err, ErrRebuild) {
			t.Errorf("%s: err %v; want ErrRebuild", tc.name, err)
		}
	}
}

func TestWithContributorsBounded(t *testing.T) {
	imported := fixtureDocs()
	ix := NewIndex(imported, DefaultParams)
	var err error
	for i := 0; ; i++ {
		// Each round replaces the one contributor answer: one more
		// document taken out and one added.
		d := contributed("contrib-1", imported[1], fmt.Sprintf("Revision %d of an answer.", i))
		next, e := ix.WithContributors([]Document{d})
		if e != nil {
			err = e
			if i < MaxChanged/2-1 {
				t.Fatalf("round %d: %v; want %d rounds before a full build", i, e, MaxChanged/2-1)
			}
			break
		}
		ix = next
	}
	if !errors.Is(err, ErrRebuild) {
		t.Fatalf("err %v; want ErrRebuild", err)
	}
	if got := len(ix.docs) - ix.live; got > MaxChanged {
		t.Fatalf("%d documents taken out are kept; at most %d", got, MaxChanged)
	}
}

func TestWithContributorsRefusesOtherAnswers(t *testing.T) {
	ix := NewIndex(fixtureDocs(), DefaultParams)
	c := fixtureContributions()
	tests := map[string][]Document{
		"an imported answer": {fixtureDocs()[0]},
		"a key twice":        {c[0], c[0]},
	}
	for name, docs := range tests {
		if _, err := ix.WithContributors(docs); err == nil || errors.Is(err, ErrRebuild) {
			t.Errorf("%s: err %v; want a refusal", name, err)
		}
	}
}

// A snapshot of an index that took changes is the full build's.
func TestWithContributorsSnapshot(t *testing.T) {
	imported := fixtureDocs()
	c := fixtureContributions()
	ix, err := NewIndex(append(slices.Clone(imported), c...), DefaultParams).WithContributors(c[1:])
	if err != nil {
		t.Fatal(err)
	}
	decoded, err := DecodeSnapshot(ix.Snapshot(), DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	full := NewIndex(append(slices.Clone(imported), c[1:]...), DefaultParams)
	sameAnswers(t, full, decoded, genericQueries(full, 50))
}
