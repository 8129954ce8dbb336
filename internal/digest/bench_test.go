package digest

import (
	"os"
	"path/filepath"
	"testing"

	"healthqa/internal/devdata"
)

// BenchmarkBuild measures the digest of one question: over MedQuAD's
// multi-source questions when the archive is beside the checkout (the
// digests the import computes), else over the dev gold groups, else the
// tests' composed question. ns/op is per question.
func BenchmarkBuild(b *testing.B) {
	qs := benchQuestions(b)
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		q := qs[i%len(qs)]
		Build(q.qtype, q.topic, nil, q.answers)
		i++
	}
}

// BenchmarkNaive is the naive peer on the same questions.
func BenchmarkNaive(b *testing.B) {
	qs := benchQuestions(b)
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		Naive(qs[i%len(qs)].answers)
		i++
	}
}

func benchQuestions(b *testing.B) []question {
	data, err := devdata.Lookup()
	if !testing.Short() && err == nil {
		qs := medquadQuestions(b)
		b.Logf("%d multi-source MedQuAD questions", len(qs))
		return qs
	}
	if _, err := os.Stat(filepath.Join(data, "digest", "dev-gold.json")); err == nil && data != "" {
		var qs []question
		for _, g := range devGold(b) {
			qs = append(qs, question{name: g.Group, qtype: g.QType, topic: g.Topic, answers: g.AnswersForBuild()})
		}
		b.Logf("%d dev gold groups", len(qs))
		return qs
	}
	b.Log("the composed question only")
	return []question{composedQuestion()}
}
