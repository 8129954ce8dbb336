package digest

import (
	"fmt"
	"math/rand"
	"testing"
)

func TestZZAudit(t *testing.T) {
	qs := medquadQuestions(t)
	r := rand.New(rand.NewSource(5))
	shown := 0
	for shown < 60 {
		q := qs[r.Intn(len(qs))]
		d := Build(q.qtype, q.topic, nil, q.answers)
		for _, p := range d.Points {
			if len(p.Sources) < 2 || len(p.Label) > 60 {
				continue
			}
			shown++
			fmt.Printf("[%s] %q\n", q.name, p.Label)
			for _, e := range p.Evidence {
				s := e.Sentence
				if len(s) > 150 {
					s = s[:150]
				}
				fmt.Printf("     %s: %s\n", e.Source, s)
			}
			break
		}
	}
}
