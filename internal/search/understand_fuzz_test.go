package search

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"healthqa/internal/model"
)

// FuzzUnderstand reads any message with the fixture index and checks what
// Understand promises beyond not panicking: at least one question type,
// each a MedQuAD type named once; every focus is words of the message
// that name fixture topics; a spelling suggestion corrects word for word;
// and reading the same message twice gives the same understanding.
func FuzzUnderstand(f *testing.F) {
	docs := fixtureDocs()
	ix := NewIndex(docs, DefaultParams)
	topics := map[string]bool{}
	for _, d := range docs {
		topics[d.Topic] = true
	}
	for _, s := range []string{
		"my mom has rls and takes benadryl to sleep, could that be making her legs worse??",
		"Beckwith-Wieddeman Syndrome. I would like information",
		"my son has ALL", "is it all in my head", "HOW MUCH MG SHOULD I TAKE",
		"Does MG run in families?", "Ménière’s", "restless restless legs legs syndrome RLS",
		"what is the treatment and prognosis of acute lymphoblastic leukaemia", "İSTANBUL ǅ ß ﬁ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, message string) {
		u := ix.Understand(message)
		if len(u.Types) == 0 || len(slices.Compact(slices.Clone(u.Types))) != len(u.Types) {
			t.Fatalf("Understand(%q).Types = %q: want some, each once", message, u.Types)
		}
		for _, ty := range u.Types {
			if _, ok := model.LookupQuestionType(ty); !ok {
				t.Fatalf("Understand(%q) names type %q, not a MedQuAD type", message, ty)
			}
		}
		raw := rawWords(message)
		for _, fc := range u.Foci {
			if len(fc.Topics) == 0 || fc.Text == "" || !containsRun(raw, strings.Fields(fc.Text)) {
				t.Fatalf("Understand(%q): focus %+v is not words of the message naming topics", message, fc)
			}
			for _, name := range fc.Topics {
				if !topics[name] {
					t.Fatalf("Understand(%q): focus names %q, not a fixture topic", message, name)
				}
			}
		}
		if u.DidYouMean != "" && len(strings.Fields(u.DidYouMean)) != len(raw) {
			t.Fatalf("Understand(%q).DidYouMean = %q: not word for word", message, u.DidYouMean)
		}
		if again := ix.Understand(message); !reflect.DeepEqual(u, again) {
			t.Fatalf("Understand(%q) differs on a second reading: %+v, then %+v", message, u, again)
		}
	})
}

// containsRun reports whether run occurs as consecutive words of ws.
func containsRun(ws, run []string) bool {
	for i := 0; i+len(run) <= len(ws); i++ {
		if slices.Equal(ws[i:i+len(run)], run) {
			return true
		}
	}
	return false
}
