package storetest

import (
	"context"
	"errors"
	"testing"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// ConceptsStore is a backend with the concept lookup and reading levels
// (issue 12).
type ConceptsStore interface {
	store.Store
	store.Concepts
}

// RunConcepts is the conformance suite for store.Concepts.
func RunConcepts(t *testing.T, open func(t *testing.T) ConceptsStore) {
	for _, tc := range []struct {
		name string
		test func(t *testing.T, s ConceptsStore)
	}{
		{"SharedConcept", testSharedConcept},
		{"GenericConcept", testGenericConcept},
		{"UnknownConcept", testUnknownConcept},
		{"ReadabilitySync", testReadabilitySync},
		{"HardAnswers", testHardAnswers},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() { s.Close() })
			tc.test(t, s)
		})
	}
}

// anemia is a concept on five differently named topics: generic by the
// corpus' rule. C0035258 (restless legs) sits on two topics: a source's
// page and another's, which merging kept apart; that is specific.
const anemia = "C0002871"

func conceptFixture() store.Content {
	c := fixture()
	for i := range c.Topics {
		if c.Topics[i].Slug == "asthma" {
			c.Topics[i].CUIs = append(c.Topics[i].CUIs, "C0035258") // shares RLS's concept
		}
	}
	for _, n := range []string{"Fanconi anemia", "Sickle cell anemia", "Anemia", "Pernicious anemia", "Aplastic anemia"} {
		slug := slugOf(n)
		c.Topics = append(c.Topics, model.Topic{Slug: slug, Name: n, CUIs: []string{anemia, "C9" + slug[:6]},
			Category: model.CategoryDisease, Foci: []string{n}})
		c.Questions = append(c.Questions, model.Question{Slug: slug + "-information", TopicSlug: slug, Type: "information", Title: "What is " + n + "?"})
		c.Answers = append(c.Answers, answer("GARD_"+slug, "GARD_"+slug, slug+"-information", "GARD", n+" is a blood disorder."))
	}
	return c
}

func slugOf(name string) string {
	b := []byte{}
	for _, r := range []byte(name) {
		switch {
		case 'a' <= r && r <= 'z':
			b = append(b, r)
		case 'A' <= r && r <= 'Z':
			b = append(b, r+'a'-'A')
		default:
			b = append(b, '-')
		}
	}
	return string(b)
}

func testSharedConcept(t *testing.T, s ConceptsStore) {
	mustSync(t, s, conceptFixture(), t0)
	p, err := s.Concept(context.Background(), "C0035258")
	if err != nil {
		t.Fatal(err)
	}
	if p.CUI != "C0035258" || p.Generic || p.TopicCount != 2 || len(p.Topics) != 2 {
		t.Fatalf("concept page %+v; want 2 topics, not generic", p)
	}
	// By name: "Asthma" before "Restless legs syndrome"; both listed, never merged.
	if p.Topics[0].Slug != "asthma" || p.Topics[1].Slug != "restless-legs-syndrome" {
		t.Errorf("topics %q, %q; want asthma, restless-legs-syndrome", p.Topics[0].Slug, p.Topics[1].Slug)
	}
	rls := p.Topics[1]
	if len(rls.Questions) != 4 || rls.QuestionCount != 4 {
		t.Errorf("RLS has %d questions (count %d); want 4", len(rls.Questions), rls.QuestionCount)
	}
	if got := rls.Sources; len(got) != 3 {
		t.Errorf("RLS sources %q; want CDC, GARD, NINDS", got)
	}
	for _, q := range rls.Questions {
		if len(q.Sources) == 0 {
			t.Errorf("question %q lists no answering source", q.Slug)
		}
	}
}

func testGenericConcept(t *testing.T, s ConceptsStore) {
	mustSync(t, s, conceptFixture(), t0)
	p, err := s.Concept(context.Background(), anemia)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Generic || p.TopicCount != 5 || len(p.Topics) != 5 {
		t.Fatalf("anemia: generic %v, %d topics (%d listed); want generic, 5", p.Generic, p.TopicCount, len(p.Topics))
	}
	want := []string{"anemia", "aplastic-anemia", "fanconi-anemia", "pernicious-anemia", "sickle-cell-anemia"}
	for i, tp := range p.Topics {
		if tp.Slug != want[i] {
			t.Errorf("topic %d is %q; want %q", i, tp.Slug, want[i])
		}
	}
	// Each topic's own concept is on one topic only: specific.
	one, err := s.Concept(context.Background(), "C9anemia")
	if err != nil || one.Generic || one.TopicCount != 1 {
		t.Errorf("a one-topic concept: %+v, %v", one, err)
	}
}

func testUnknownConcept(t *testing.T, s ConceptsStore) {
	mustSync(t, s, conceptFixture(), t0)
	if _, err := s.Concept(context.Background(), "C0000001"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown concept: %v; want ErrNotFound", err)
	}
}

func graded(c store.Content, grades map[string]float64) store.Content {
	for i, a := range c.Answers {
		if g, ok := grades[a.Key]; ok {
			c.Answers[i].Readability = &model.Readability{Grade: g, SMOG: g + 1}
		}
	}
	return c
}

func readingOf(t *testing.T, s store.Store, question, key string) *model.Readability {
	t.Helper()
	_, answers, err := s.Question(context.Background(), question)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range answers {
		if a.Key == key {
			return a.Readability
		}
	}
	t.Fatalf("answer %q not on %q", key, question)
	return nil
}

func testReadabilitySync(t *testing.T, s ConceptsStore) {
	ctx := context.Background()
	// Imported first without grades (a store from before migration 0011).
	mustSync(t, s, fixture(), t0)
	v0, _ := s.Version(ctx)
	if r := readingOf(t, s, "rls-information", "NINDS_0005"); r != nil {
		t.Fatalf("ungraded answer reads %+v", r)
	}
	c := graded(fixture(), map[string]float64{"NINDS_0005": 7.5, "GARD_0008": 13.25})
	mustSync(t, s, c, t1)
	v1, _ := s.Version(ctx)
	if v1 == v0 {
		t.Error("grades filled in, but the version did not move: cached pages would miss the labels")
	}
	if r := readingOf(t, s, "rls-information", "NINDS_0005"); r == nil || r.Grade != 7.5 || r.SMOG != 8.5 {
		t.Errorf("NINDS_0005 reads %+v; want grade 7.5, SMOG 8.5", r)
	}
	if r := readingOf(t, s, "rls-information", "GARD_0000"); r != nil {
		t.Errorf("an ungraded answer reads %+v", r)
	}
	// The same again writes nothing.
	mustSync(t, s, graded(fixture(), map[string]float64{"NINDS_0005": 7.5, "GARD_0008": 13.25}), t2)
	if v2, _ := s.Version(ctx); v2 != v1 {
		t.Error("an identical Sync moved the version")
	}
	// A grade dropped (the text became too short) is removed.
	mustSync(t, s, graded(fixture(), map[string]float64{"GARD_0008": 13.25}), t2)
	if r := readingOf(t, s, "rls-information", "NINDS_0005"); r != nil {
		t.Errorf("a dropped grade still reads %+v", r)
	}
	levels, err := s.ReadingLevels(ctx)
	if err != nil || len(levels) != 1 || levels[0].SourceKey != "GARD" || levels[0].Grade != 13.25 {
		t.Errorf("ReadingLevels = %+v, %v", levels, err)
	}
	// Deleting the answer deletes its grade.
	c = graded(fixture(), map[string]float64{"GARD_0008": 13.25})
	var kept []model.Answer
	for _, a := range c.Answers {
		if a.Key != "GARD_0008" {
			kept = append(kept, a)
		}
	}
	c.Answers = kept
	mustSync(t, s, c, t2)
	if levels, err := s.ReadingLevels(ctx); err != nil || len(levels) != 0 {
		t.Errorf("after the answer went: %+v, %v", levels, err)
	}
}

func testHardAnswers(t *testing.T, s ConceptsStore) {
	ctx := context.Background()
	mustSync(t, s, graded(fixture(), map[string]float64{"NINDS_0005": 12, "GARD_0008": 13.5, "GARD_0001": 16, "CDC_0003": 14}), t0)
	q, err := s.HardAnswers(ctx, 12, 2)
	if err != nil {
		t.Fatal(err)
	}
	if q.Total != 3 || len(q.Answers) != 2 {
		t.Fatalf("hard answers %+v; want 3 above grade 12 (12 itself is not above), 2 listed", q)
	}
	if h := q.Answers[0]; h.Key != "GARD_0001" || h.Grade != 16 || h.QuestionSlug != "asthma-information" || h.QuestionTitle != "What is asthma?" || h.SourceKey != "GARD" {
		t.Errorf("hardest %+v; want GARD_0001 at grade 16 on asthma-information", h)
	}
	if q.Answers[1].Key != "CDC_0003" {
		t.Errorf("second %q; want CDC_0003", q.Answers[1].Key)
	}
	if q, err := s.HardAnswers(ctx, 12, 0); err != nil || q.Total != 3 || len(q.Answers) != 0 {
		t.Errorf("limit 0: %+v, %v", q, err)
	}
	if _, err := s.HardAnswers(ctx, 12, -1); err == nil {
		t.Error("a negative limit was accepted")
	}
}
