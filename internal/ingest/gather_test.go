package ingest

import (
	"testing"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// A causes question one source answers gets a digest gathered from the
// topic's other answers, each gathered sentence naming its question; a
// question whose topic has no other source, or of a kind that does not
// gather, gets none. The texts are written for the test.
func TestImportGathers(t *testing.T) {
	q := func(slug, topic, typ, title string) model.Question {
		return model.Question{Slug: slug, TopicSlug: topic, Type: typ, Title: title}
	}
	a := func(key, question, source, text string) model.Answer {
		return model.Answer{Key: key, QuestionSlug: question, SourceKey: source, Text: text}
	}
	c := store.Content{
		Topics: []model.Topic{{Slug: "kestrel", Name: "Kestrel syndrome"}, {Slug: "osprey", Name: "Osprey disease"}},
		Questions: []model.Question{
			q("what-causes-kestrel", "kestrel", "causes", "What causes Kestrel syndrome?"),
			q("what-is-kestrel", "kestrel", "information", "What is Kestrel syndrome?"),
			q("what-is-the-outlook-for-kestrel", "kestrel", "outlook", "What is the outlook for Kestrel syndrome?"),
			q("what-causes-osprey", "osprey", "causes", "What causes Osprey disease?"),
			q("what-is-osprey", "osprey", "information", "What is Osprey disease?"),
		},
		Answers: []model.Answer{
			a("A-1", "what-causes-kestrel", "A", "Kestrel syndrome may be caused by smoking, heart failure, and certain medications."),
			a("B-1", "what-is-kestrel", "B", "Kestrel syndrome is rare. In some people, smoking can trigger Kestrel syndrome."),
			a("C-1", "what-is-kestrel", "C", "Heart failure and smoking are linked to Kestrel syndrome."),
			a("B-2", "what-is-the-outlook-for-kestrel", "B", "Smoking can trigger Kestrel syndrome."),
			a("A-3", "what-causes-osprey", "A", "Osprey disease may be caused by smoking."),
			a("A-4", "what-is-osprey", "A", "Smoking can trigger Osprey disease."),
		},
	}
	ds, failed := digests(c, nil)
	if len(failed) > 0 {
		t.Fatal(failed)
	}
	got := map[string]model.Digest{}
	for _, d := range ds {
		got[d.QuestionSlug] = d
	}
	for _, none := range []string{"what-causes-osprey", "what-is-the-outlook-for-kestrel"} {
		if _, ok := got[none]; ok {
			t.Errorf("%s has a digest: its topic has no other source, or its kind does not gather", none)
		}
	}
	d, ok := got["what-causes-kestrel"]
	if !ok {
		t.Fatal("no digest gathered for what-causes-kestrel")
	}
	sources := map[string]bool{}
	for _, p := range d.Points {
		for _, e := range p.Evidence {
			sources[e.Source] = true
			own := e.Source == "A"
			if own != (e.Question == "") {
				t.Errorf("%s's evidence %+v: an own answer names no question, a gathered one names its own", e.Source, e)
			}
			if !own && (e.Question != "what-is-kestrel" || e.QuestionTitle != "What is Kestrel syndrome?") {
				t.Errorf("gathered evidence %+v names the wrong question", e)
			}
		}
	}
	if !sources["A"] || !sources["B"] || !sources["C"] {
		t.Errorf("sources %v, want A, B and C", sources)
	}
}
