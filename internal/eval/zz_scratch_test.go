package eval

import (
	"context"
	"strings"
	"testing"

	"healthqa/internal/search/peers"
)

func TestZZSpread(t *testing.T) {
	docs := loadFull(t)
	qs, qrels := readDev(t), readDevQrels(t)
	var reps []Report
	for range 5 {
		e, _ := peers.NewBleve(docs)
		for _, m := range []Mode{Original, Summary} {
			r, _ := Run(context.Background(), e, qs, qrels, m, 10)
			reps = append(reps, r)
		}
		e.Close()
	}
	var b strings.Builder
	WriteTable(&b, reps...)
	t.Log("\n" + b.String())
}
